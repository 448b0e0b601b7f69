// Webhooks (docs/tiktok-api.md §13): signed envelopes with JSON-in-a-string content, one per transition,
// retried with backoff on non-200, and the misbehaviour modes receivers must survive.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { APP, advanceUntilStatus, startEmulator, connectCreator, post, PATHS, uploadVideo, type Harness } from './harness.js';
import { startWebhookReceiver, type ReceivedWebhook } from './servers.js';

let h: Harness | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

async function setup(statuses: number[] = [], settings: Record<string, unknown> = {}) {
  receiver = await startWebhookReceiver(statuses);
  h = await startEmulator({ app: { webhook_url: `${receiver.url}/tiktok/webhook` }, settings: { moderation_delay_ms: 1_000, ...settings } });
  return { h, receiver };
}

function decode(w: ReceivedWebhook) {
  const env = JSON.parse(w.body) as { client_key: string; event: string; create_time: number; user_openid?: string; content: string };
  return { env, content: JSON.parse(env.content) as Record<string, unknown> };
}

/**
 * Checks a delivery's `TikTok-Signature: t=…,s=…` the way TikTok documents it (HMAC-SHA256 of
 * `t.body` with the client secret, hex), written out here rather than with the contract's signer so
 * the emulator's signing is checked against the documented scheme, not against itself.
 */
function verified(w: ReceivedWebhook, secret = APP.client_secret, nowSec?: number, toleranceSec = 300): boolean {
  const m = /^t=(\d+),s=([0-9a-f]{64})$/.exec(String(w.headers['tiktok-signature']));
  if (!m) return false;
  const t = Number(m[1]);
  if (nowSec !== undefined && Math.abs(nowSec - t) > toleranceSec) return false;
  return createHmac('sha256', secret).update(`${t}.${w.body}`).digest('hex') === m[2];
}

describe('webhooks', () => {
  it('sends post.publish.complete then publicly_available, signed with the client secret', async () => {
    const { h, receiver } = await setup();
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ seconds: 1 })), { privacy_level: 'PUBLIC_TO_EVERYONE' });
    await advanceUntilStatus(h, t.access_token, id, ['PUBLISH_COMPLETE']);
    await h.clock.advance(1_000);
    const got = await receiver.waitFor(2);
    const [complete, available] = got.map(decode);
    expect(complete!.env).toMatchObject({ client_key: APP.client_key, event: 'post.publish.complete', user_openid: t.open_id });
    expect(complete!.content).toEqual({ publish_id: id, publish_type: 'DIRECT_PUBLISH' });
    expect(available!.env.event).toBe('post.publish.publicly_available');
    const [truth] = await h.emu.admin.posts();
    // post_id is a string in webhooks (an int64 in status/fetch).
    expect(available!.content).toEqual({ publish_id: id, publish_type: 'DIRECT_PUBLISH', post_id: truth!.post_id });
    expect(complete!.env.create_time).toBe(Math.floor((h.emu.now() - 1_000) / 1000));
    for (const w of got) expect(verified(w, APP.client_secret, Math.floor(h.emu.now() / 1000))).toBe(true);
    expect(verified(got[0]!, 'some-other-secret')).toBe(false);
  });

  it('sends post.publish.failed with the reason, inbox_delivered for drafts, and authorization.removed on revoke', async () => {
    const { h, receiver } = await setup();
    const t = await connectCreator(h);
    const bad = await uploadVideo(h, t.access_token, new Uint8Array(300_000).fill(7), { privacy_level: 'SELF_ONLY' });
    await advanceUntilStatus(h, t.access_token, bad, ['FAILED']);
    const inbox = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ seconds: 1 })), {}, { inbox: true });
    await advanceUntilStatus(h, t.access_token, inbox, ['SEND_TO_USER_INBOX']);
    const revoke = await fetch(`${h.url}/v2/oauth/revoke/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: APP.client_key, client_secret: APP.client_secret, token: t.access_token }),
    });
    expect(revoke.status).toBe(200);
    const got = (await receiver.waitFor(3)).map(decode);
    expect(got.map((g) => g.env.event)).toEqual(['post.publish.failed', 'post.publish.inbox_delivered', 'authorization.removed']);
    expect(got[0]!.content).toEqual({ publish_id: bad, publish_type: 'DIRECT_PUBLISH', reason: 'file_format_check_failed' });
    expect(got[1]!.content).toEqual({ publish_id: inbox, publish_type: 'INBOX_SHARE' });
    expect(got[2]!.content).toEqual({ reason: 5 });
  });

  it('fails in-flight publishes with auth_removed when the creator removes the app', async () => {
    const { h, receiver } = await setup();
    const t = await connectCreator(h);
    const init = await post(h, PATHS.videoInit, t.access_token, {
      post_info: { privacy_level: 'SELF_ONLY' },
      source_info: { source: 'FILE_UPLOAD', video_size: 4_000_000, chunk_size: 4_000_000, total_chunk_count: 1 },
    });
    await h.emu.admin.revoke(t.open_id, { client_key: APP.client_key, reason: 1 });
    const got = (await receiver.waitFor(2)).map(decode);
    expect(got.map((g) => [g.env.event, g.content.reason])).toEqual([
      ['post.publish.failed', 'auth_removed'],
      ['authorization.removed', 1],
    ]);
    expect((await h.emu.admin.publish(init.json.data.publish_id)).status).toBe('FAILED');
  });

  it('retries on non-200 with exponential backoff until delivered', async () => {
    const { h, receiver } = await setup([500, 503]);
    await h.emu.admin.settings({ webhook_retry_base_ms: 10_000 });
    const t = await connectCreator(h);
    await h.emu.admin.revoke(t.open_id, { client_key: APP.client_key });
    await receiver.waitFor(1);
    await h.emu.idle();
    await h.clock.advance(9_999);
    await h.emu.idle();
    expect(receiver.received).toHaveLength(1);
    await h.clock.advance(1);
    await receiver.waitFor(2);
    await h.emu.idle();
    await h.clock.advance(19_999); // second backoff doubles
    await h.emu.idle();
    expect(receiver.received).toHaveLength(2);
    await h.clock.advance(1);
    await receiver.waitFor(3);
    await h.emu.idle();
    const [delivery] = await h.emu.admin.webhooks();
    expect(delivery).toMatchObject({ event: 'authorization.removed', delivered: true });
    expect((delivery!.attempts as Array<{ status: number }>).map((a) => a.status)).toEqual([500, 503, 200]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after the retry horizon', async () => {
    const { h, receiver } = await setup(Array(100).fill(500), { webhook_retry_base_ms: 1_000, webhook_retry_horizon_ms: 10_000 });
    const t = await connectCreator(h);
    await h.emu.admin.revoke(t.open_id, { client_key: APP.client_key });
    await receiver.waitFor(1);
    for (let i = 0; i < 20; i++) {
      await h.emu.idle();
      await h.clock.advance(1_000);
    }
    await h.emu.idle();
    const [delivery] = await h.emu.admin.webhooks();
    expect(delivery).toMatchObject({ delivered: false, gave_up: true });
    // 1 s, 2 s, 4 s backoffs fit in 10 s; the next (8 s) would not.
    expect(receiver.received).toHaveLength(4);
  });

  it('can send duplicates, bad signatures and stale timestamps', async () => {
    const { h, receiver } = await setup([], { webhook_duplicates: true });
    const a = await connectCreator(h);
    await h.emu.admin.revoke(a.open_id, { client_key: APP.client_key });
    const dup = await receiver.waitFor(2);
    expect(dup[0]!.body).toBe(dup[1]!.body);
    expect(dup.every((w) => verified(w))).toBe(true);

    await h.emu.admin.settings({ webhook_duplicates: false, webhook_bad_signature: true });
    const b = await connectCreator(h);
    await h.emu.admin.revoke(b.open_id, { client_key: APP.client_key });
    const [, , badSig] = await receiver.waitFor(3);
    expect(verified(badSig!)).toBe(false);

    await h.emu.admin.settings({ webhook_bad_signature: false, webhook_stale_seconds: 3600 });
    const c = await connectCreator(h);
    await h.emu.admin.revoke(c.open_id, { client_key: APP.client_key });
    const [, , , stale] = await receiver.waitFor(4);
    const nowSec = Math.floor(h.emu.now() / 1000);
    expect(verified(stale!)).toBe(true); // the signature itself is valid…
    expect(verified(stale!, APP.client_secret, nowSec)).toBe(false); // …but an hour old
  });
});
