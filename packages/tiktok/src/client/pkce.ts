// PKCE (RFC 7636) for Login Kit. TikTok's web flow documents no PKCE, desktop/mobile flows require
// it, and secondary sources say TikTok's desktop doc encodes the S256 challenge as lowercase hex
// instead of base64url (docs/tiktok-api.md §2.2, not documented). Both encodings are offered; base64url is the
// RFC's and the default.
import { createHash, randomBytes } from 'node:crypto';

export type PkceEncoding = 'base64url' | 'hex';

export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** Random bytes source, injectable for deterministic tests. */
export type RandomBytes = (size: number) => Uint8Array;

export const defaultRandomBytes: RandomBytes = (size) => randomBytes(size);

const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** A code verifier of `length` (43–128) characters from the RFC's unreserved alphabet. */
export function createCodeVerifier(random: RandomBytes = defaultRandomBytes, length = 64): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) throw new RangeError('PKCE code verifier length must be 43–128');
  const bytes = random(length);
  let out = '';
  // 66 symbols: reject bytes >= 198 (3 * 66) so every symbol is equally likely.
  let i = 0;
  let pool = bytes;
  while (out.length < length) {
    if (i >= pool.length) {
      pool = random(length);
      i = 0;
    }
    const b = pool[i++]!;
    if (b < 198) out += VERIFIER_ALPHABET[b % 66];
  }
  return out;
}

export function computeCodeChallenge(codeVerifier: string, encoding: PkceEncoding = 'base64url'): string {
  return createHash('sha256').update(codeVerifier).digest(encoding);
}

export function createPkcePair(options: { encoding?: PkceEncoding; random?: RandomBytes; length?: number } = {}): PkcePair {
  const codeVerifier = createCodeVerifier(options.random, options.length);
  return { codeVerifier, codeChallenge: computeCodeChallenge(codeVerifier, options.encoding), codeChallengeMethod: 'S256' };
}

/** An unguessable OAuth `state` (CSRF token), base64url. */
export function createOAuthState(random: RandomBytes = defaultRandomBytes, bytes = 24): string {
  return Buffer.from(random(bytes)).toString('base64url');
}
