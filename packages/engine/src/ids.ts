// Identifiers. Randomness is injected (docs/architecture.md §4.6) so tests can make ids repeatable.
import { randomBytes } from 'node:crypto';

export type RandomSource = (n: number) => Buffer;

export interface IdFactory {
  /** `prefix_` + 20 random base32 characters (100 bits). */
  next(prefix: string): string;
  /** A URL-safe secret of `bytes` random bytes (capability tokens). */
  secret(bytes?: number): string;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function createIdFactory(random: RandomSource = randomBytes): IdFactory {
  return {
    next(prefix) {
      const bytes = random(20);
      let out = '';
      for (const b of bytes) out += ALPHABET[b & 31];
      return `${prefix}_${out}`;
    },
    secret(bytes = 24) {
      return random(bytes).toString('base64url');
    },
  };
}
