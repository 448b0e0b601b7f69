import { describe, expect, it } from 'vitest';
import { computeCodeChallenge, createCodeVerifier, createOAuthState, createPkcePair } from './pkce.js';

describe('PKCE', () => {
  it('computes S256 as base64url (RFC 7636) or lowercase hex (TikTok desktop) of the same digest', () => {
    const verifier = 'dBjftJeZ4CVP-mJ92K1riiTzYbuNqa5ZcsKbeLlamxk';
    const hex = computeCodeChallenge(verifier, 'hex');
    expect(hex).toBe('3610c222b389a212010502d16bfe8bddc95c6cb3473cdb0d8c03b0bd0f09520b');
    expect(computeCodeChallenge(verifier)).toBe(Buffer.from(hex, 'hex').toString('base64url'));
    expect(computeCodeChallenge(verifier)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('draws verifiers from the unreserved alphabet with the requested length, from the injected source', () => {
    let n = 0;
    const counting = (size: number) => Uint8Array.from({ length: size }, () => n++ % 256);
    const v = createCodeVerifier(counting, 128);
    expect(v).toMatch(/^[A-Za-z0-9\-._~]{128}$/);
    n = 0;
    expect(createCodeVerifier(counting, 128)).toBe(v);
    expect(() => createCodeVerifier(counting, 42)).toThrow(RangeError);
  });

  it('pairs a verifier with its challenge', () => {
    const pair = createPkcePair({ encoding: 'hex' });
    expect(pair.codeChallengeMethod).toBe('S256');
    expect(pair.codeChallenge).toBe(computeCodeChallenge(pair.codeVerifier, 'hex'));
    expect(createPkcePair().codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes distinct url-safe states', () => {
    const a = createOAuthState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createOAuthState()).not.toBe(a);
  });
});
