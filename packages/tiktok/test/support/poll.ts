import type { PublishStatusResult } from '../../src/index.js';
import type { Harness } from './harness.js';

/**
 * Polls status/fetch on virtual time until `done` holds (or 200 polls). Before each poll it waits
 * for the emulator's background work (media checks, hashing: real I/O) to settle, so the number of
 * polls needed never depends on how fast the machine reads files.
 */
export async function pollStatus(h: Pick<Harness, 'client' | 'clock' | 'emu'>, token: string, publishId: string, done: (s: PublishStatusResult) => boolean): Promise<PublishStatusResult> {
  let last: PublishStatusResult | undefined;
  for (let i = 0; i < 200; i++) {
    await h.emu.idle();
    last = await h.client.fetchStatus(token, publishId);
    if (done(last)) return last;
    await h.clock.sleep(2_000);
  }
  throw new Error(`status never reached the expected state; last: ${JSON.stringify(last)}`);
}
