import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, createManualClock, formatSignatureHeader } from '../contract/index.js';
import { TikTokWebhookError, createWebhookReceiver, parseWebhookEvent, verifyWebhookSignature } from './webhooks.js';

const secret = 'client-secret-value';
const nowSec = 1_770_210_873;
const body = '{"client_key":"ck","event":"post.publish.publicly_available","create_time":1770210873,"user_openid":"-000YSS_OTWKQzsQ-Q6fwsK_A1CTqKopVfCO","content":"{\\"publish_id\\":\\"v_pub_file~v2-1.7602997070760331285\\",\\"publish_type\\":\\"DIRECT_PUBLISH\\",\\"post_id\\":\\"7602997517160123666\\"}"}';
const sign = (raw: string, t = nowSec, key = secret) => formatSignatureHeader(t, computeWebhookSignature(key, t, raw));

describe('verifyWebhookSignature', () => {
  const verify = (header: string | undefined, raw = body, nowMs = nowSec * 1000) => verifyWebhookSignature({ clientSecret: secret, signatureHeader: header, rawBody: raw, nowMs });

  it('accepts a good signature over the exact raw body (string or bytes)', () => {
    expect(verify(sign(body))).toEqual({ ok: true, timestampSec: nowSec });
    expect(verifyWebhookSignature({ clientSecret: secret, signatureHeader: sign(body), rawBody: Buffer.from(body), nowMs: nowSec * 1000 })).toMatchObject({ ok: true });
  });

  it('rejects a changed body, another secret, a bad or missing header', () => {
    expect(verify(sign(body), body.replace('DIRECT_PUBLISH', 'INBOX_SHARE'))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify(sign(body, nowSec, 'other-secret'))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify(`t=${nowSec},s=abc`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify('garbage')).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('rejects stale and future timestamps beyond the tolerance (300 s default)', () => {
    expect(verify(sign(body), body, (nowSec + 300) * 1000)).toMatchObject({ ok: true });
    expect(verify(sign(body), body, (nowSec + 301) * 1000)).toEqual({ ok: false, reason: 'timestamp_too_old' });
    expect(verify(sign(body), body, (nowSec - 301) * 1000)).toEqual({ ok: false, reason: 'timestamp_in_future' });
  });
});

describe('parseWebhookEvent', () => {
  const env = (event: string, content: unknown) => JSON.stringify({ client_key: 'ck', event, create_time: 1690692732, user_openid: 'u1', content: typeof content === 'string' ? content : JSON.stringify(content) });

  it('parses the JSON-in-a-string content into typed events', () => {
    expect(parseWebhookEvent(body)).toMatchObject({
      type: 'post.publish.publicly_available',
      publishId: 'v_pub_file~v2-1.7602997070760331285',
      postId: '7602997517160123666',
      publishType: 'DIRECT_PUBLISH',
      userOpenId: '-000YSS_OTWKQzsQ-Q6fwsK_A1CTqKopVfCO',
      createTime: 1770210873,
    });
    expect(parseWebhookEvent(env('post.publish.failed', { publish_id: 'p1', reason: 'spam_risk_text', publish_type: 'DIRECT_PUBLISH' }))).toMatchObject({ type: 'post.publish.failed', failReason: 'spam_risk_text' });
    expect(parseWebhookEvent(env('post.publish.failed', { publish_id: 'p1', fail_reason: 'internal', publish_type: 'INBOX_SHARE' }))).toMatchObject({ failReason: 'internal' });
    expect(parseWebhookEvent(env('post.publish.complete', { publish_id: 'p1', publish_type: 'INBOX_SHARE' }))).toMatchObject({ type: 'post.publish.complete' });
    expect(parseWebhookEvent(env('post.publish.inbox_delivered', { publish_id: 'p1', publish_type: 'INBOX_SHARE' }))).toMatchObject({ type: 'post.publish.inbox_delivered' });
    expect(parseWebhookEvent(env('authorization.removed', '{"reason": 1 }'))).toMatchObject({ type: 'authorization.removed', reason: 1, reasonText: 'user disconnected the app in TikTok' });
    expect(parseWebhookEvent(env('portability.download.ready', { request_id: 123123123123123 }))).toMatchObject({ type: 'unknown', content: { request_id: 123123123123123 } });
  });

  it('accepts both spellings of no_longer_publicaly_available and keeps numeric post ids exact', () => {
    const a = parseWebhookEvent(env('post.publish.no_longer_publicaly_available', '{"publish_id":"p1","publish_type":"DIRECT_PUBLISH","post_id":7602997517160123666}'));
    const b = parseWebhookEvent(env('post.publish.no_longer_publicly_available', { publish_id: 'p1', publish_type: 'DIRECT_PUBLISH', post_id: '7602997517160123666' }));
    for (const e of [a, b]) expect(e).toMatchObject({ type: 'post.publish.no_longer_publicaly_available', postId: '7602997517160123666' });
    expect(b.event).toBe('post.publish.no_longer_publicly_available');
  });

  it('rejects bodies that are not webhook envelopes', () => {
    expect(() => parseWebhookEvent('not json')).toThrow(TikTokWebhookError);
    expect(() => parseWebhookEvent('{"event":"x"}')).toThrow(/envelope/);
    expect(() => parseWebhookEvent(env('post.publish.complete', 'not json'))).toThrow(/content is not valid JSON/);
    expect(() => parseWebhookEvent(env('post.publish.complete', { publish_type: 'X' }))).toThrow(/publish_id/);
  });
});

describe('createWebhookReceiver', () => {
  it('accepts a delivery once, flags redeliveries as duplicates, and rejects bad, stale and foreign ones', async () => {
    const clock = createManualClock(nowSec * 1000);
    const rx = createWebhookReceiver({ clientSecret: secret, clientKey: 'ck', clock });
    const first = await rx.receive({ rawBody: body, headers: { 'TikTok-Signature': sign(body) } });
    expect(first).toMatchObject({ status: 'accepted', event: { postId: '7602997517160123666' } });
    // TikTok retries with a fresh signature timestamp; the event is the same.
    await clock.advance(30_000);
    const again = await rx.receive({ rawBody: body, headers: new Headers({ 'tiktok-signature': sign(body, nowSec + 30) }) });
    expect(again.status).toBe('duplicate');
    expect(again.status !== 'rejected' && again.event.idempotencyKey).toBe(first.status === 'accepted' && first.event.idempotencyKey);
    expect(await rx.receive({ rawBody: body, headers: { 'tiktok-signature': sign(body, nowSec, 'wrong') } })).toEqual({ status: 'rejected', reason: 'signature_mismatch' });
    await clock.advance(600_000);
    expect(await rx.receive({ rawBody: body, headers: { 'tiktok-signature': sign(body) } })).toEqual({ status: 'rejected', reason: 'timestamp_too_old' });
    const foreign = body.replace('"ck"', '"other"');
    expect(await rx.receive({ rawBody: foreign, headers: { 'tiktok-signature': sign(foreign, Math.floor(clock.now() / 1000)) } })).toEqual({ status: 'rejected', reason: 'client_key_mismatch' });
  });
});
