import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

// Computed independently: printf '%s' '1780300800.{"id":"ntf_1","type":"post_failed"}' | openssl dgst -sha256 -hmac 'whsec_test_secret_0123456789'
const SECRET = 'whsec_test_secret_0123456789';
const BODY = '{"id":"ntf_1","type":"post_failed"}';
const TS = 1_780_300_800;
const SIGNATURE = 'sha256=3b94023fc8292523b8666f141091b0b792438a021ebeb41b565481fbf57f0696';

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of "timestamp.body" under the secret', () => {
    expect(signWebhook(SECRET, TS, BODY)).toBe(SIGNATURE);
  });

  it('verifies a fresh, intact delivery', () => {
    expect(verifyWebhook({ secret: SECRET, body: BODY, timestamp: String(TS), signature: SIGNATURE, nowMs: TS * 1000 + 60_000 })).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, a stale or missing timestamp', () => {
    const base = { secret: SECRET, body: BODY, timestamp: String(TS), signature: SIGNATURE, nowMs: TS * 1000 };
    expect(verifyWebhook({ ...base, body: BODY.replace('failed', 'published') })).toEqual({ ok: false, why: 'mismatch' });
    expect(verifyWebhook({ ...base, secret: 'whsec_another_secret_000000' })).toEqual({ ok: false, why: 'mismatch' });
    expect(verifyWebhook({ ...base, nowMs: TS * 1000 + 6 * 60_000 })).toEqual({ ok: false, why: 'stale' });
    expect(verifyWebhook({ ...base, timestamp: null })).toEqual({ ok: false, why: 'malformed' });
    expect(verifyWebhook({ ...base, signature: 'sha256=00' })).toEqual({ ok: false, why: 'mismatch' });
  });
});
