import { describe, expect, it } from 'vitest';
import { computeCodeChallenge, createCodeVerifier, createOAuthState, createPkcePair } from './pkce.js';

describe('PKCE', () => {
  // Expected values computed outside this code: printf '%s' "$verifier" | openssl dgst -sha256
  // (hex), and with -binary | base64 | tr '+/' '-_' | tr -d '=' (base64url).
  it('computes S256 as base64url (RFC 7636) or lowercase hex (TikTok desktop) of the same digest', () => {
    const verifier = 'dBjftJeZ4CVP-mJ92K1riiTzYbuNqa5ZcsKbeLlamxk';
    expect(computeCodeChallenge(verifier, 'hex')).toBe('3610c222b389a212010502d16bfe8bddc95c6cb3473cdb0d8c03b0bd0f09520b');
    expect(computeCodeChallenge(verifier)).toBe('NhDCIrOJohIBBQLRa_6L3clcbLNHPNsNjAOwvQ8JUgs');
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
    // Bytes 0, 1, 2, … pick the alphabet in order.
    const counting = () => {
      let n = 0;
      return (size: number) => Uint8Array.from({ length: size }, () => n++ % 256);
    };
    const verifier = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.';
    expect(createPkcePair({ encoding: 'hex', random: counting() })).toEqual({
      codeVerifier: verifier,
      codeChallenge: '83a34dcbbc286dec9805a1863b905053c10f237a306131b5284e8da9ee91f933',
      codeChallengeMethod: 'S256',
    });
    expect(createPkcePair({ random: counting() })).toMatchObject({ codeVerifier: verifier, codeChallenge: 'g6NNy7wobeyYBaGGO5BQU8EPI3owYTG1KE6Nqe6R-TM' });
    expect(createPkcePair().codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes distinct url-safe states', () => {
    const a = createOAuthState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createOAuthState()).not.toBe(a);
  });
});
