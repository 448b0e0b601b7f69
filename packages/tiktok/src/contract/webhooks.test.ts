import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, formatSignatureHeader, parseSignatureHeader } from './webhooks.js';

// Computed outside this code: printf '%s' '1633174587.{"a":1}' | openssl dgst -sha256 -hmac secret
const VECTOR = { secret: 'secret', t: 1633174587, body: '{"a":1}', hex: '7151550f9bebe052d14d518d957d02727224ec1912baffb80d34739a3b149820' };

describe('computeWebhookSignature', () => {
  it('is HMAC-SHA256 of `t.body` keyed with the client secret, in lowercase hex', () => {
    expect(computeWebhookSignature(VECTOR.secret, VECTOR.t, VECTOR.body)).toBe(VECTOR.hex);
    expect(computeWebhookSignature(VECTOR.secret, String(VECTOR.t), new TextEncoder().encode(VECTOR.body))).toBe(VECTOR.hex);
  });

  it('changes with the body, the timestamp and the secret', () => {
    expect(computeWebhookSignature(VECTOR.secret, VECTOR.t, '{"a":2}')).not.toBe(VECTOR.hex);
    expect(computeWebhookSignature(VECTOR.secret, VECTOR.t + 1, VECTOR.body)).not.toBe(VECTOR.hex);
    expect(computeWebhookSignature('Secret', VECTOR.t, VECTOR.body)).not.toBe(VECTOR.hex);
  });
});

describe('TikTok-Signature header', () => {
  it('formats and parses `t=…,s=…`', () => {
    expect(formatSignatureHeader(VECTOR.t, VECTOR.hex)).toBe('t=1633174587,s=7151550f9bebe052d14d518d957d02727224ec1912baffb80d34739a3b149820');
    expect(parseSignatureHeader(' s=ABCDEF01 , t=1633174587 ')).toEqual({ t: 1633174587, s: 'abcdef01' });
    for (const bad of [undefined, '', 't=1633174587', 's=abc', 't=x,s=abc', 't=1,s=xyz']) expect(parseSignatureHeader(bad)).toBeUndefined();
  });
});
