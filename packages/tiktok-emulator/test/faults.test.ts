// Fault injection (per endpoint, by count or probability): 5xx errors, delays on emulator time, a
// reset before the request takes effect, and a reset after it did (the post exists, the client
// never hears back).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { createEmulator } from '../src/index.js';
import { APP, assertNoEmulatorErrors, connectCreator, PATHS, post, putChunk, startEmulator, tokenRequest, wholeFile, type Harness } from './harness.js';
import { startMediaServer } from './servers.js';

let h: Harness | undefined;
let media: Awaited<ReturnType<typeof startMediaServer>> | undefined;
afterEach(async () => {
  await h?.close();
  await media?.close();
  h = undefined;
  media = undefined;
});

async function setup() {
  const video = await goodMp4({ seconds: 1 });
  media = await startMediaServer({ 'clip.mp4': { file: video, type: 'video/mp4' } });
  h = await startEmulator({ app: { verified_url_prefixes: [media.prefix] }, settings: { processing_delay_ms: 0, moderation_delay_ms: 0 } });
  const t = await connectCreator(h);
  return { h, t, media, video };
}

describe('fault injection', () => {
  it('answers internal_error for the next N calls of one endpoint, then recovers', async () => {
    const { h, t } = await setup();
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await post(h, PATHS.creatorInfo, t.access_token, {});
      expect(res.status).toBe(500);
      expect(res.json.error.code).toBe('internal_error');
      expect(res.json.data).toEqual({});
    }
    expect((await post(h, PATHS.creatorInfo, t.access_token, {})).status).toBe(200);
    // Other endpoints were never affected.
    expect((await post(h, PATHS.status, t.access_token, { publish_id: 'nope' })).json.error.code).toBe('invalid_publish_id');
    const log = await h.emu.admin.requests();
    expect(log.filter((r) => r.fault === 'error').map((r) => [r.endpoint, r.status])).toEqual([
      ['creator_info', 500],
      ['creator_info', 500],
    ]);
  });

  it('uses the OAuth error shape on the token endpoint and a bare status on uploads; a failed chunk can be resent', async () => {
    const { h, t, video } = await setup();
    await h.emu.admin.addFault({ endpoint: 'oauth_token', kind: 'error', count: 1, status: 503, code: 'temporarily_unavailable' });
    const tok = await tokenRequest(h, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(tok.status).toBe(503);
    expect(tok.json).toMatchObject({ error: 'temporarily_unavailable' });
    // The refresh never happened, so the same refresh token still works.
    expect((await tokenRequest(h, { grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);

    const data = readFileSync(video);
    const init = await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY' }, source_info: wholeFile(data.length) });
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'error', count: 1, status: 502 });
    expect((await putChunk(init.json.data.upload_url, data, 0, data.length - 1, data.length)).status).toBe(502);
    expect((await putChunk(init.json.data.upload_url, data, 0, data.length - 1, data.length)).status).toBe(201);
  });

  it('can inject a non-ok code with HTTP 200, as creator_info sends its cap errors', async () => {
    const { h, t } = await setup();
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', count: 1, status: 200, code: 'spam_risk_too_many_posts' });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('delays a call on emulator time until the clock moves', async () => {
    const { h, t } = await setup();
    await h.emu.admin.addFault({ endpoint: 'status_fetch', kind: 'delay', delay_ms: 30_000, count: 1 });
    let settled = false;
    const pending = post(h, PATHS.status, t.access_token, { publish_id: 'x' }).then((r) => {
      settled = true;
      return r;
    });
    while ((await h.emu.admin.requests()).length < 2 && h.clock.pendingSleepers() === 0) await new Promise((r) => setImmediate(r));
    await h.clock.advance(29_999);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    await h.clock.advance(1);
    expect((await pending).json.error.code).toBe('invalid_publish_id');
  });

  it('reset before: the connection drops and nothing happened', async () => {
    const { h, t, media } = await setup();
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_before', count: 1 });
    const body = { post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: `${media.prefix}clip.mp4` } };
    await expect(post(h, PATHS.videoInit, t.access_token, body)).rejects.toThrow();
    await h.emu.idle();
    await h.clock.advance(1_000);
    await h.emu.idle();
    expect(media.hits).toEqual([]);
    expect(await h.emu.admin.posts()).toEqual([]);
    expect((await h.emu.admin.requests()).find((r) => r.endpoint === 'video_init')).toMatchObject({ fault: 'reset_before' });
  });

  it('reset after: the connection drops but the post is published anyway', async () => {
    const { h, t, media } = await setup();
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const body = { post_info: { privacy_level: 'SELF_ONLY', title: 'orphan' }, source_info: { source: 'PULL_FROM_URL', video_url: `${media.prefix}clip.mp4` } };
    await expect(post(h, PATHS.videoInit, t.access_token, body)).rejects.toThrow();
    for (let i = 0; i < 5 && (await h.emu.admin.posts()).length === 0; i++) {
      await h.emu.idle();
      await h.clock.advance(1_000);
    }
    await h.emu.idle();
    expect(media.hits).toEqual(['clip.mp4']);
    expect((await h.emu.admin.posts()).map((p) => p.title)).toEqual(['orphan']);
    expect((await h.emu.admin.requests()).find((r) => r.endpoint === 'video_init')).toMatchObject({ fault: 'reset_after', status: 200 });
  });

  it('fires by probability', async () => {
    let n = 0;
    // Deterministic "random": bytes cycle 0..255, so a 0.25 probability fires for a quarter of calls.
    const random = (size: number) => Uint8Array.from({ length: size }, () => (n++ * 37) % 256);
    h = await startEmulator({ random, settings: { rate_limits: { creator_info: 10_000 } } });
    const t = await connectCreator(h);
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', probability: 0.25 });
    let errors = 0;
    for (let i = 0; i < 200; i++) if ((await post(h, PATHS.creatorInfo, t.access_token, {})).status === 500) errors++;
    expect(errors).toBeGreaterThan(30);
    expect(errors).toBeLessThan(70);
    await h.emu.admin.clearFaults();
    expect((await post(h, PATHS.creatorInfo, t.access_token, {})).status).toBe(200);
  });

  it('surfaces a reset through the in-process fetch as undici does (ECONNRESET)', async () => {
    const emu = createEmulator();
    try {
      await emu.admin.createApp({ client_key: APP.client_key, client_secret: APP.client_secret, redirect_uris: [APP.redirect_uri] });
      await emu.admin.addFault({ endpoint: 'user_info', kind: 'reset_before', count: 1 });
      const err = await emu.fetch(`${emu.baseUrl}/v2/user/info/?fields=open_id`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TypeError);
      expect((err as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET');
    } finally {
      await emu.close();
    }
    assertNoEmulatorErrors(emu);
  });
});
