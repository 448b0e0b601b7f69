// Key rotation (docs/architecture.md §4.8). The keys in play form a ring: the current key seals,
// every key in the ring opens what it sealed. Two ways to name them:
//   - configured: TOKPOST_ENCRYPTION_KEY is the new key and TOKPOST_PREVIOUS_ENCRYPTION_KEYS the
//     old one(s); `tokpost keys rotate` re-seals everything, then the previous keys can go;
//   - the key file in the data folder: `tokpost keys rotate` writes the new key next to it
//     (encryption.key.next) before touching any row, re-seals, then keeps the old key as
//     encryption.key.retired-<id> and renames the new one into place.
// While encryption.key.next exists every process opens with both keys and seals with the new one,
// so a rotation stopped at any point (a crash, a kill) loses nothing: running it again finishes.
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_NAME, loadEncryptionKey, parseEncryptionKey } from './encryption-key.js';
import { EncryptionKeyError, KEY_BYTES, keyIdOf } from './secret-box.js';

export const NEXT_KEY_FILE_NAME = `${KEY_FILE_NAME}.next`;

export interface KeyRing {
  current: Buffer;
  previous: Buffer[];
}

export interface LoadKeyRingOptions {
  /** TOKPOST_ENCRYPTION_KEY (unset: the key file). */
  configured?: string;
  /** TOKPOST_PREVIOUS_ENCRYPTION_KEYS, already split. */
  previous?: readonly string[];
  dataDir: string;
  log?: (message: string) => void;
  random?: (n: number) => Buffer;
}

export function loadKeyRing(o: LoadKeyRingOptions): KeyRing {
  const previous = (o.previous ?? []).filter((k) => k.trim() !== '').map((k, i) => parseEncryptionKey(k, `TOKPOST_PREVIOUS_ENCRYPTION_KEYS (entry ${i + 1})`));
  if (o.configured !== undefined && o.configured.trim() !== '') return { current: parseEncryptionKey(o.configured, 'TOKPOST_ENCRYPTION_KEY'), previous };
  const fileKey = loadEncryptionKey({ dataDir: o.dataDir, log: o.log, random: o.random });
  const next = join(o.dataDir, NEXT_KEY_FILE_NAME);
  if (!existsSync(next)) return { current: fileKey, previous };
  return { current: parseEncryptionKey(readFileSync(next, 'utf8'), `the key file ${next}`), previous: [fileKey, ...previous] };
}

export interface RotationPlan {
  ring: KeyRing;
  /** Called once every value is under the new key (moves the key files into place). */
  finish(): void;
}

/** Prepares a rotation: the ring to re-seal with, and what to do once nothing is left under an old key. */
export function planRotation(o: LoadKeyRingOptions): RotationPlan {
  if (o.configured !== undefined && o.configured.trim() !== '') {
    const ring = loadKeyRing(o);
    if (ring.previous.length === 0) {
      throw new EncryptionKeyError(
        'TOKPOST_ENCRYPTION_KEY is set, so the rotation needs the old key: set TOKPOST_ENCRYPTION_KEY to the new key and TOKPOST_PREVIOUS_ENCRYPTION_KEYS to the old one, then run the rotation again',
      );
    }
    return { ring, finish: () => undefined };
  }
  const fileKey = loadEncryptionKey({ dataDir: o.dataDir, log: o.log, random: o.random });
  const next = join(o.dataDir, NEXT_KEY_FILE_NAME);
  // The new key is on disk before any row is sealed with it; a rerun reuses it.
  if (!existsSync(next)) {
    const key = (o.random ?? randomBytes)(KEY_BYTES);
    writeFileSync(next, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(next, 0o600);
    o.log?.(`wrote the new encryption key (id ${keyIdOf(key)}) to ${next}`);
  }
  const ring = loadKeyRing(o);
  return {
    ring,
    finish() {
      const file = join(o.dataDir, KEY_FILE_NAME);
      const retired = join(o.dataDir, `${KEY_FILE_NAME}.retired-${keyIdOf(fileKey)}`);
      if (!existsSync(retired)) copyFileSync(file, retired);
      chmodSync(retired, 0o600);
      renameSync(next, file);
      o.log?.(`the encryption key is now ${keyIdOf(ring.current)}; the old key ${keyIdOf(fileKey)} is kept in ${retired} until you delete it`);
    },
  };
}
