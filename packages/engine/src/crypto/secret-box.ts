// Secrets at rest (docs/architecture.md §4.8): access and refresh tokens, client secrets and upload
// URLs are sealed with AES-256-GCM under the installation's key. A sealed value is
// `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id — the first bytes of the key's
// SHA-256 — lets a wrong key be reported as such instead of surfacing as garbage or a bare
// "unsupported state" error, and lets a box hold previous keys during a rotation: it seals with the
// current key and opens what any of its keys sealed (crypto/rotate-key.ts).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

export interface SecretBox {
  /** Short, non-secret identifier of the key (safe to log). */
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Whether a sealed value is under the current key (false: a previous key, due for re-sealing). */
  isCurrent(sealed: string): boolean;
}

/** The key id a sealed value names, or undefined when it is not in the sealed format. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === 'v1' ? parts[1] : undefined;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export function createSecretBox(key: Buffer, random: (n: number) => Buffer = randomBytes, previous: readonly Buffer[] = []): SecretBox {
  for (const k of [key, ...previous]) if (k.length !== KEY_BYTES) throw new EncryptionKeyError(`the encryption key must be ${KEY_BYTES} bytes, got ${k.length}`);
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>([...previous.map((k) => [keyIdOf(k), k] as const), [keyId, key]]);
  return {
    keyId,
    isCurrent: (sealed) => sealedKeyId(sealed) === keyId,
    seal(plaintext) {
      const iv = random(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new EncryptionKeyError('a stored secret is not in the sealed format (v1)');
      const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
      const sealedWith = keys.get(id);
      if (!sealedWith) {
        const known = previous.length > 0 ? `the configured keys are ${[...keys.keys()].join(', ')}` : `the configured key is ${keyId}`;
        throw new EncryptionKeyError(`a stored secret was sealed with key ${id}, but ${known}: set TOKPOST_ENCRYPTION_KEY to the key this data was created with (or list it in TOKPOST_PREVIOUS_ENCRYPTION_KEYS during a rotation)`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealedWith, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch (e) {
        throw new EncryptionKeyError('a stored secret failed its integrity check (it was altered, or sealed with another key)', { cause: e });
      }
    },
  };
}
