// rotateEncryptionKey: the `tokpost keys rotate` operation. Opens the store with the rotation's key
// ring (crypto/rotate-key.ts), re-seals every stored secret under the new key (store/reseal.ts),
// and only when nothing is left under an old key moves the key files into place. Other processes
// should run with the same ring meanwhile (they do by themselves with the key file; with
// configured keys, give them TOKPOST_PREVIOUS_ENCRYPTION_KEYS too).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { planRotation } from './crypto/rotate-key.js';
import { keyIdOf } from './crypto/secret-box.js';
import { createIdFactory } from './ids.js';
import { DEFAULT_SQLITE_PATH } from './store/connect.js';
import { openStore } from './store/open-store.js';

export interface RotateOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** TOKPOST_ENCRYPTION_KEY: the new key (then `previousEncryptionKeys` holds the old ones). */
  encryptionKey?: string;
  previousEncryptionKeys?: readonly string[];
  batchSize?: number;
  onBatch?: (resealed: number) => void | Promise<void>;
  log?: (message: string) => void;
  random?: (n: number) => Buffer;
}

export interface RotationReport {
  fromKeyIds: string[];
  toKeyId: string;
  resealed: number;
  /** Values still under an old key (a process without the new key wrote them): run again. */
  remaining: number;
  finished: boolean;
}

export async function rotateEncryptionKey(o: RotateOptions): Promise<RotationReport> {
  const dataDir = o.dataDir ?? './data';
  const plan = planRotation({ configured: o.encryptionKey, previous: o.previousEncryptionKeys, dataDir, log: o.log, random: o.random });
  const store = await openStore({
    databaseUrl: o.databaseUrl,
    sqlitePath: o.databaseUrl ? undefined : o.dataDir ? join(dataDir, 'tokpost.db') : DEFAULT_SQLITE_PATH,
    encryptionKey: plan.ring.current,
    previousKeys: plan.ring.previous,
    ids: createIdFactory(randomBytes),
  });
  let report: { resealed: number; remaining: number };
  try {
    report = await store.reseal({ batchSize: o.batchSize, onBatch: o.onBatch });
  } finally {
    await store.close();
  }
  const finished = report.remaining === 0;
  if (finished) plan.finish();
  return { fromKeyIds: plan.ring.previous.map(keyIdOf), toKeyId: keyIdOf(plan.ring.current), ...report, finished };
}
