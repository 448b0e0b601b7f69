// openStore: connect, migrate, and prove the encryption key is the one the data was sealed with
// before anything reads a token. A wrong key stops startup with an error that says so.
import { createSecretBox, EncryptionKeyError } from '../crypto/secret-box.js';
import type { Store } from '../domain/store-port.js';
import type { IdFactory } from '../ids.js';
import { openDatabase, type DatabaseOptions } from './connect.js';
import { migrate } from './migrate.js';
import { createStore } from './store.js';

export interface OpenStoreOptions extends DatabaseOptions {
  encryptionKey: Buffer;
  /** Keys of a rotation in progress: values they sealed still open (crypto/rotate-key.ts). */
  previousKeys?: readonly Buffer[];
  ids: IdFactory;
}

const KEY_CHECK = 'encryption_key_check';
const KEY_CHECK_TEXT = 'tokpost encryption key check';

export async function openStore(o: OpenStoreOptions): Promise<Store & { location: string; keyId: string }> {
  const opened = await openDatabase(o);
  try {
    await migrate(opened.db, opened.dialect);
    const box = createSecretBox(o.encryptionKey, undefined, o.previousKeys);
    const store = createStore(opened, { box, ids: o.ids });
    const check = await store.meta.get(KEY_CHECK);
    if (check === undefined) {
      await store.meta.set(KEY_CHECK, box.seal(KEY_CHECK_TEXT));
    } else {
      let ok = false;
      try {
        ok = box.open(check) === KEY_CHECK_TEXT;
      } catch (e) {
        throw new EncryptionKeyError(`the encryption key does not match the one this database (${opened.location}) was created with: ${(e as Error).message}`, { cause: e });
      }
      if (!ok) throw new EncryptionKeyError(`the encryption key does not match the one this database (${opened.location}) was created with`);
    }
    return Object.assign(store, { location: opened.location, keyId: box.keyId });
  } catch (e) {
    await opened.close().catch(() => undefined);
    throw e;
  }
}
