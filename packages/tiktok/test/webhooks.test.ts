// Webhooks as the emulator delivers them (signed, JSON-in-a-string content, at least once) into
// the client's receiver: good deliveries become typed events, bad signatures and stale timestamps
// are rejected, redeliveries are recognised — in-process and through a real HTTP endpoint.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TikTokWebhookEvent, WebhookReceipt } from '../src/index.js';
import { startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4 } from './support/media.js';
import { WEBHOOK_URL } from './support/outside-world.js';
import { pollStatus } from './support/poll.js';

describe('webhooks from the emulator', () => {
  let h: Harness;
  afterEach(() => h?.close());

  async function setup(settings: Record<string, unknown> = {}) {
    h = await startHarness('in-process', { app: { webhook_url: WEBHOOK_URL }, settings });
    const receipts: WebhookReceipt[] = [];
    h.world.onWebhook = async (d) => {
      const r = await h.client.webhooks.receive({ rawBody: d.rawBody, headers: d.headers });
      receipts.push(r);
      return r.status === 'rejected' ? 401 : 200;
    };
    return receipts;
  }

  async function publishPublicVideo() {
    const t = await h.connect();
    const videoUrl = h.world.serve('w.mp4', await goodMp4());
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE' }, source: { source: 'PULL_FROM_URL', videoUrl } });
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.publiclyAvailablePostIds.length > 0);
    await h.emu.idle();
    return { t, init };
  }

  it('verifies and parses good deliveries into typed events with exact post ids', async () => {
    const receipts = await setup();
    const { t, init } = await publishPublicVideo();
    const events = receipts.map((r) => (r.status === 'accepted' ? r.event : undefined));
    expect(receipts.every((r) => r.status === 'accepted')).toBe(true);
    const [post] = await h.emu.admin.posts();
    expect(events.map((e) => e?.type)).toEqual(['post.publish.complete', 'post.publish.publicly_available']);
    expect(events[1]).toMatchObject({ publishId: init.publishId, postId: post!.post_id, publishType: 'DIRECT_PUBLISH', userOpenId: t.openId, clientKey: 'awtestclientkey' });
    // Revocation by the developer arrives as authorization.removed, reason 5.
    await h.client.revokeToken(t.accessToken);
    await h.emu.idle();
    const last = receipts.at(-1);
    expect(last?.status === 'accepted' && last.event).toMatchObject({ type: 'authorization.removed', reason: 5 } satisfies Partial<TikTokWebhookEvent>);
  });

  it('flags redeliveries of the same event as duplicates', async () => {
    const receipts = await setup({ webhook_duplicates: true });
    await publishPublicVideo();
    expect(receipts.map((r) => r.status)).toEqual(['accepted', 'duplicate', 'accepted', 'duplicate']);
  });

  it('rejects bad signatures and stale timestamps (TikTok then retries)', async () => {
    const bad = await setup({ webhook_bad_signature: true });
    await publishPublicVideo();
    expect(bad.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bad.map((r) => r.status === 'rejected' && r.reason))).toEqual(new Set(['signature_mismatch']));
    expect((await h.emu.admin.webhooks()).every((d) => d['delivered'] === false)).toBe(true);
    await h.close();

    const stale = await setup({ webhook_stale_seconds: 600 });
    await publishPublicVideo();
    expect(new Set(stale.map((r) => r.status === 'rejected' && r.reason))).toEqual(new Set(['timestamp_too_old']));
  });

  it('verifies deliveries received over real HTTP from the raw body bytes', async () => {
    const receipts: WebhookReceipt[] = [];
    let receive: (raw: Buffer, headers: Record<string, string | string[] | undefined>) => Promise<WebhookReceipt> = async () => ({ status: 'rejected', reason: 'invalid_body' });
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        void receive(Buffer.concat(parts), req.headers).then((r) => {
          receipts.push(r);
          res.writeHead(r.status === 'rejected' ? 401 : 200).end();
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tiktok/webhook`;
      h = await startHarness('http', { app: { webhook_url: url }, settings: { webhook_duplicates: true } });
      receive = (raw, headers) => h.client.webhooks.receive({ rawBody: raw, headers });
      await publishPublicVideo();
      expect(receipts.map((r) => r.status)).toEqual(['accepted', 'duplicate', 'accepted', 'duplicate']);
      expect(h.client.webhooks.verify('{"tampered":true}', receipts.length ? (await h.emu.admin.webhooks())[0]!['signature_header'] as string : '')).toEqual({ ok: false, reason: 'signature_mismatch' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
