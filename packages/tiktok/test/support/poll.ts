import type { PublishStatusResult, TikTokClient } from '../../src/index.js';
import type { VirtualClock } from './virtual-clock.js';

/** Polls status/fetch on virtual time until `done` holds (or 200 polls). */
export async function pollStatus(client: TikTokClient, clock: VirtualClock, token: string, publishId: string, done: (s: PublishStatusResult) => boolean): Promise<PublishStatusResult> {
  let last: PublishStatusResult | undefined;
  for (let i = 0; i < 200; i++) {
    last = await client.fetchStatus(token, publishId);
    if (done(last)) return last;
    await clock.sleep(2_000);
  }
  throw new Error(`status never reached the expected state; last: ${JSON.stringify(last)}`);
}
