// Where the installation's encryption key comes from: TOKPOST_ENCRYPTION_KEY (64 hex characters or
// 32 bytes of base64/base64url) when set, otherwise a key file in the data folder, generated with
// 0600 permissions on first start. The caller's logger is told where a generated key went, never
// the key itself.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptionKeyError, KEY_BYTES, keyIdOf } from './secret-box.js';

export const KEY_FILE_NAME = 'encryption.key';

export function parseEncryptionKey(text: string, source: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
    if (key.length === KEY_BYTES) return key;
  }
  throw new EncryptionKeyError(`${source} is not a valid encryption key: give 32 random bytes as 64 hex characters (e.g. the output of \`openssl rand -hex 32\`)`);
}

export interface LoadKeyOptions {
  /** TOKPOST_ENCRYPTION_KEY as configured (undefined or empty: use or create the key file). */
  configured?: string;
  dataDir: string;
  log?: (message: string) => void;
  random?: (n: number) => Buffer;
}

export function loadEncryptionKey(o: LoadKeyOptions): Buffer {
  if (o.configured !== undefined && o.configured.trim() !== '') return parseEncryptionKey(o.configured, 'TOKPOST_ENCRYPTION_KEY');
  const file = join(o.dataDir, KEY_FILE_NAME);
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'), `the key file ${file}`);
  mkdirSync(o.dataDir, { recursive: true });
  const key = (o.random ?? randomBytes)(KEY_BYTES);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  o.log?.(`generated a new encryption key (id ${keyIdOf(key)}) in ${file}; back it up: tokens stored by tokpost cannot be read without it`);
  return key;
}
