import { describe, expect, it } from 'vitest';
import { createManualClock } from '../contract/index.js';
import { TikTokWebhookError, createWebhookReceiver, parseWebhookEvent, verifyWebhookSignature } from './webhooks.js';

const secret = 'client-secret-value';
const nowSec = 1_770_210_873;
const body = '{"client_key":"ck","event":"post.publish.publicly_available","create_time":1770210873,"user_openid":"-000YSS_OTWKQzsQ-Q6fwsK_A1CTqKopVfCO","content":"{\\"publish_id\\":\\"v_pub_file~v2-1.7602997070760331285\\",\\"publish_type\\":\\"DIRECT_PUBLISH\\",\\"post_id\\":\\"7602997517160123666\\"}"}';
// Signature headers computed outside this code: printf '%s' "$t.$body" | openssl dgst -sha256 -hmac "$key".
const SIGNED = {
  good: 't=1770210873,s=483ac0e27ecdd5647688dba7ba902fac0c3ad39d4113d8d6c44ba7d5d0317d5f',
  otherSecret: 't=1770210873,s=2819cce1c6f5311ad5bd1ae7f2f5d5b2378fc5b37ffde4abee9cd6576424a21a', // key 'other-secret'
  wrongSecret: 't=1770210873,s=5a9a97b14e32b80fe110a810e700b919e6b9d6b40ffdee764133103bbf8bebc4', // key 'wrong'
  redelivered: 't=1770210903,s=2edbb8945e7d5932d469eeb5f461e23b199c46c9b43e36f589298e4a5ddc74ef', // 30 s later
  foreign: 't=1770211503,s=e6bf655bc5857900f871e483ef0fa4294de749a42e80cb60029c60c87b00505c', // client_key "other", 630 s later
} as const;

describe('verifyWebhookSignature', () => {
  const verify = (header: string | undefined, raw = body, nowMs = nowSec * 1000) => verifyWebhookSignature({ clientSecret: secret, signatureHeader: header, rawBody: raw, nowMs });

  it('accepts a good signature over the exact raw body (string or bytes)', () => {
    expect(verify(SIGNED.good)).toEqual({ ok: true, timestampSec: nowSec });
    expect(verify(SIGNED.good.toUpperCase().replace('T=', 't=').replace('S=', 's='))).toEqual({ ok: true, timestampSec: nowSec });
    expect(verifyWebhookSignature({ clientSecret: secret, signatureHeader: SIGNED.good, rawBody: Buffer.from(body), nowMs: nowSec * 1000 })).toMatchObject({ ok: true });
  });

  it('rejects a changed body, another secret, a bad or missing header', () => {
    expect(verify(SIGNED.good, body.replace('DIRECT_PUBLISH', 'INBOX_SHARE'))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify(SIGNED.otherSecret)).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify(`t=${nowSec},s=abc`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify('garbage')).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('rejects stale and future timestamps beyond the tolerance (300 s default)', () => {
    expect(verify(SIGNED.good, body, (nowSec + 300) * 1000)).toMatchObject({ ok: true });
    expect(verify(SIGNED.good, body, (nowSec + 301) * 1000)).toEqual({ ok: false, reason: 'timestamp_too_old' });
    expect(verify(SIGNED.good, body, (nowSec - 301) * 1000)).toEqual({ ok: false, reason: 'timestamp_in_future' });
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
    const first = await rx.receive({ rawBody: body, headers: { 'TikTok-Signature': SIGNED.good } });
    expect(first).toMatchObject({ status: 'accepted', event: { postId: '7602997517160123666' } });
    // TikTok retries with a fresh signature timestamp; the event is the same.
    await clock.advance(30_000);
    const again = await rx.receive({ rawBody: body, headers: new Headers({ 'tiktok-signature': SIGNED.redelivered }) });
    expect(again.status).toBe('duplicate');
    expect(again.status !== 'rejected' && again.event.idempotencyKey).toBe(first.status === 'accepted' && first.event.idempotencyKey);
    expect(await rx.receive({ rawBody: body, headers: { 'tiktok-signature': SIGNED.wrongSecret } })).toEqual({ status: 'rejected', reason: 'signature_mismatch' });
    await clock.advance(600_000);
    expect(await rx.receive({ rawBody: body, headers: { 'tiktok-signature': SIGNED.good } })).toEqual({ status: 'rejected', reason: 'timestamp_too_old' });
    const foreign = body.replace('"ck"', '"other"');
    expect(Math.floor(clock.now() / 1000)).toBe(nowSec + 630);
    expect(await rx.receive({ rawBody: foreign, headers: { 'tiktok-signature': SIGNED.foreign } })).toEqual({ status: 'rejected', reason: 'client_key_mismatch' });
  });
});
