// The emulator's own bugs are loud: a route, admin call, timer or background task that throws is
// recorded (emu.errors(), GET /_emulator/errors), reported (onError, stderr by default), and a
// crashing request is answered 500 internal_error saying it is an emulator bug — never passing
// for an injected fault. The bugs here are planted through a `publish` event listener that throws,
// which the emulator calls from inside its status machine.
import { readFileSync } from 'node:fs';
import { createManualClock } from '@tokpost/tiktok/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { EMULATOR_BUG_MESSAGE, type EmulatorErrorRecord } from '../src/index.js';
import { createEmulatorTime } from '../src/emulator-time.js';
import {
  assertNoEmulatorErrors,
  connectCreator,
  PATHS,
  post,
  rawRequest,
  stalledPullFetch,
  startEmulator,
  uploadVideo,
  type Harness,
} from './harness.js';

const MEDIA = 'https://media.example.com/v/';
/** The harness's emulator start time, Date.UTC(2026, 10, 1, 12). */
const T0 = 1_793_534_400_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An emulator whose `publish` listener throws on `status`, with every report captured. */
async function broken(status: string, opts: Parameters<typeof startEmulator>[0] = {}) {
  const reported: EmulatorErrorRecord[] = [];
  h = await startEmulator({
    fetch: stalledPullFetch,
    expectEmulatorErrors: true,
    onError: (r) => reported.push(r),
    ...opts,
    app: { verified_url_prefixes: [MEDIA], ...opts.app },
  });
  h.emu.events.on('publish', (e: { status: string }) => {
    if (e.status === status) throw new Error(`planted bug on ${status}`);
  });
  return { h, reported };
}

describe('emulator bugs', () => {
  it('a crashing route answers 500 internal_error saying it is an emulator bug, and is recorded', async () => {
    const { h, reported } = await broken('FAILED');
    const t = await connectCreator(h);
    const init = await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: `${MEDIA}a.mp4` } });
    expect(init.status).toBe(200);
    expect(h.emu.errors()).toEqual([]);

    // Cancel moves the publish to FAILED, where the planted listener throws.
    const res = await post(h, PATHS.cancel, t.access_token, { publish_id: init.json.data.publish_id });
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe('internal_error');
    expect(res.json.error.message).toBe(EMULATOR_BUG_MESSAGE);
    expect(res.json.error.message).toContain('NOT an injected fault');
    expect(res.json.data).toEqual({});

    const errors = h.emu.errors();
    expect(errors).toEqual([{ time: T0, where: 'route cancel', message: 'planted bug on FAILED', stack: expect.stringContaining('planted bug on FAILED') }]);
    expect(reported).toEqual(errors);
    expect((await rawRequest(h, 'GET', '/_emulator/errors')).json).toEqual(errors);
    expect(await h.emu.admin.errors()).toEqual(errors);
    // The request log shows a 500 that no fault produced.
    const logged = (await h.emu.admin.requests()).at(-1)!;
    expect(logged).toMatchObject({ endpoint: 'cancel', status: 500, error_code: 'internal_error' });
    expect(logged.fault).toBeUndefined();
    expect(() => assertNoEmulatorErrors(h.emu)).toThrow(/recorded 1 bug\(s\) of its own:\n.*route cancel/);
  });

  it('an injected fault is not an emulator bug', async () => {
    h = await startEmulator();
    const t = await connectCreator(h);
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', count: 1 });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expect(res.status).toBe(500);
    expect(res.json.error).toMatchObject({ code: 'internal_error', message: 'Injected fault.' });
    expect(h.emu.errors()).toEqual([]);
  });

  it('a background task that rejects (processing) is recorded; the emulator keeps answering', async () => {
    const { h, reported } = await broken('PUBLISH_COMPLETE');
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ seconds: 1 })));
    await h.emu.admin.advanceClock(1_000);
    await h.emu.admin.idle();
    expect(h.emu.errors()).toEqual([{ time: T0 + 1_000, where: `background processing ${id}`, message: 'planted bug on PUBLISH_COMPLETE', stack: expect.any(String) }]);
    expect(reported).toHaveLength(1);
    expect((await post(h, PATHS.status, t.access_token, { publish_id: id })).json.error.code).toBe('ok');
  });

  it('a timer callback that throws (moderation) is recorded', async () => {
    const { h } = await broken('FAILED', { settings: { moderation_delay_ms: 5_000 } });
    const t = await connectCreator(h, { moderation: 'spam_risk' });
    const id = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ seconds: 1 })));
    await h.emu.admin.advanceClock(1_000);
    await h.emu.admin.idle();
    expect((await h.emu.admin.publish(id)).status).toBe('PUBLISH_COMPLETE');
    await h.emu.admin.advanceClock(5_000);
    expect(h.emu.errors()).toMatchObject([{ where: 'timer moderation', message: 'planted bug on FAILED' }]);
  });

  it('a crashing admin call answers 500 with the emulator-bug message and is recorded', async () => {
    const { h } = await broken('PUBLISH_COMPLETE');
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ seconds: 1 })), {}, { inbox: true });
    await h.emu.admin.advanceClock(1_000);
    await h.emu.admin.idle();
    expect((await h.emu.admin.publish(id)).status).toBe('SEND_TO_USER_INBOX');
    const res = await rawRequest(h, 'POST', `/_emulator/inbox/${encodeURIComponent(id)}/complete`, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: EMULATOR_BUG_MESSAGE });
    expect(h.emu.errors()).toMatchObject([{ where: `admin POST /_emulator/inbox/${encodeURIComponent(id)}/complete`, message: 'planted bug on PUBLISH_COMPLETE' }]);
  });

  it('by default reports each bug on stderr through console.error', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { h } = await broken('FAILED', { onError: undefined });
      const t = await connectCreator(h);
      const init = await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: `${MEDIA}a.mp4` } });
      expect(spy).not.toHaveBeenCalled();
      expect((await post(h, PATHS.cancel, t.access_token, { publish_id: init.json.data.publish_id })).status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]![0])).toMatch(/^tiktok-emulator: emulator bug in route cancel at 2026-11-01T12:00:00\.000Z: Error: planted bug on FAILED\n/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('emulator timers', () => {
  it('report a throwing callback with its label and still run the timers after it', async () => {
    const base = createManualClock(0);
    const reports: Array<[string, string]> = [];
    const time = createEmulatorTime(base, { onError: (where, e) => reports.push([where, (e as Error).message]) });
    const ran: string[] = [];
    time.at(10, () => {
      throw new Error('first broke');
    }, 'first');
    time.at(10, () => ran.push('second'), 'second');
    time.at(20, () => ran.push('third'));
    await time.advance(20);
    expect(reports).toEqual([['timer first', 'first broke']]);
    expect(ran).toEqual(['second', 'third']);
    time.close();
  });
});
