// Store conformance, key rotation: every sealed value moves to the new key, an interrupted rotation
// loses nothing (both keys open everything until a rerun finishes), and afterwards the old key
// alone is refused. Checked with plain SQL on the rows, on both databases.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdFactory, EncryptionKeyError, KEY_FILE_NAME, keyIdOf, loadKeyRing, NEXT_KEY_FILE_NAME, openStore, rotateEncryptionKey } from '../../src/index.js';
import { SEALED_COLUMNS } from '../../src/store/sealed-columns.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { rawQuery } from '../support/raw-sql.js';
import { ACCESS_TOKEN, ACCOUNT_ID, APP_ID, CLIENT_SECRET, fixtureAccount, fixtureApp, REFRESH_TOKEN } from '../support/store-fixtures.js';

const OLD_KEY = Buffer.alloc(32, 0x11);
const NEW_KEY = Buffer.alloc(32, 0x22);
const OLD_ID = keyIdOf(OLD_KEY);
const NEW_ID = keyIdOf(NEW_KEY);
const ACCOUNTS = 5;

/** The key id of every sealed value in the database, in column order. */
async function sealedKeyIds(db: TestDatabase): Promise<string[]> {
  const ids: string[] = [];
  for (const t of SEALED_COLUMNS) {
    const where = t.onlyKey ? ` where ${t.key} = '${t.onlyKey}'` : '';
    for (const row of await rawQuery(db, `select ${t.columns.join(', ')} from ${t.table}${where}`)) {
      for (const c of t.columns) if (row[c] !== null) ids.push(String(row[c]).split('.')[1]!);
    }
  }
  return ids;
}

describe.each(DIALECTS)('store conformance: key rotation (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await db?.drop();
    if (dataDir && dialect === 'postgres') rmSync(dataDir, { recursive: true, force: true });
    db = dataDir = undefined;
  });

  async function seeded(): Promise<{ db: TestDatabase; dataDir: string; location: { databaseUrl?: string; dataDir: string } }> {
    db = await createTestDatabase(dialect);
    // SQLite lives in <data dir>/tokpost.db, next to the key file.
    dataDir = db.sqlitePath ? dirname(db.sqlitePath) : mkdtempSync(join(tmpdir(), 'tokpost-rotate-'));
    // The key file holds the old key, as a first start would have written it.
    const ring = loadKeyRing({ dataDir, random: () => Buffer.from(OLD_KEY) });
    expect(keyIdOf(ring.current)).toBe(OLD_ID);
    const store = await openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: ring.current, ids: createIdFactory() });
    await store.apps.insert(fixtureApp());
    for (let i = 0; i < ACCOUNTS; i++) await store.accounts.insert(fixtureAccount({ id: i === 0 ? ACCOUNT_ID : `acc_${i}`, openId: `open-${i}` }));
    await store.notificationEndpoints.insert({ id: 'nep_1', kind: 'webhook', url: 'https://hooks.example.com/x', to: null, secret: 'whsec-rotation-test-secret', types: null, createdAt: 1 });
    await store.close();
    return { db, dataDir, location: { databaseUrl: db.databaseUrl, dataDir } };
  }

  it('lists every sealed column the schema has', async () => {
    const { db } = await seeded();
    const cols =
      dialect === 'sqlite'
        ? (await rawQuery(db, `select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`)).map((r) => `${r['t']}.${r['c']}`)
        : (await rawQuery(db, `select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`)).map((r) => `${r['t']}.${r['c']}`);
    const sealed = cols.filter((c) => c.endsWith('_enc')).sort();
    const listed = SEALED_COLUMNS.flatMap((t) => t.columns.filter((c) => c.endsWith('_enc')).map((c) => `${t.table}.${c}`)).sort();
    expect(listed).toEqual(sealed);
  });

  it('a rotation killed half-way loses nothing, a rerun finishes it, and the old key alone is then refused', async () => {
    const { db, dataDir, location } = await seeded();
    // 1 app secret + 2 tokens per account + 1 webhook secret + the key check.
    const total = 1 + 2 * ACCOUNTS + 1 + 1;
    expect(await sealedKeyIds(db)).toEqual(Array(total).fill(OLD_ID));

    await expect(
      rotateEncryptionKey({
        ...location,
        batchSize: 1,
        random: () => Buffer.from(NEW_KEY),
        onBatch: (n) => {
          if (n >= 3) throw new Error('killed mid-rotation');
        },
      }),
    ).rejects.toThrow('killed mid-rotation');
    const midway = await sealedKeyIds(db);
    expect(midway.filter((id) => id === NEW_ID).length).toBe(3);
    expect(midway.filter((id) => id === OLD_ID).length).toBe(total - 3);
    expect(existsSync(join(dataDir, NEXT_KEY_FILE_NAME))).toBe(true);

    // Any process starting now opens both halves.
    const ring = loadKeyRing({ dataDir });
    expect([keyIdOf(ring.current), ...ring.previous.map(keyIdOf)]).toEqual([NEW_ID, OLD_ID]);
    const during = await openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: ring.current, previousKeys: ring.previous, ids: createIdFactory() });
    expect((await during.apps.get(APP_ID))?.clientSecret).toBe(CLIENT_SECRET);
    const accounts = await during.accounts.list();
    expect(accounts).toHaveLength(ACCOUNTS);
    for (const a of accounts) expect([a.accessToken, a.refreshToken]).toEqual([ACCESS_TOKEN, REFRESH_TOKEN]);
    expect((await during.notificationEndpoints.get('nep_1'))?.secret).toBe('whsec-rotation-test-secret');
    await during.close();

    const done = await rotateEncryptionKey({ ...location, batchSize: 2 });
    expect(done).toEqual({ fromKeyIds: [OLD_ID], toKeyId: NEW_ID, resealed: total - 3, remaining: 0, finished: true });
    expect(await sealedKeyIds(db)).toEqual(Array(total).fill(NEW_ID));
    expect(readFileSync(join(dataDir, KEY_FILE_NAME), 'utf8').trim()).toBe(NEW_KEY.toString('hex'));
    expect(readFileSync(join(dataDir, `${KEY_FILE_NAME}.retired-${OLD_ID}`), 'utf8').trim()).toBe(OLD_KEY.toString('hex'));
    expect(existsSync(join(dataDir, NEXT_KEY_FILE_NAME))).toBe(false);

    await expect(openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: OLD_KEY, ids: createIdFactory() })).rejects.toThrow(EncryptionKeyError);
    const after = await openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: NEW_KEY, ids: createIdFactory() });
    expect((await after.accounts.get(ACCOUNT_ID))?.accessToken).toBe(ACCESS_TOKEN);
    await after.close();
  });

  it('with configured keys: needs the old key named, then moves everything to the new one', async () => {
    const { db, location } = await seeded();
    await expect(rotateEncryptionKey({ ...location, encryptionKey: NEW_KEY.toString('hex') })).rejects.toThrow(/TOKPOST_PREVIOUS_ENCRYPTION_KEYS/);
    const r = await rotateEncryptionKey({ ...location, encryptionKey: NEW_KEY.toString('hex'), previousEncryptionKeys: [OLD_KEY.toString('hex')] });
    expect(r).toMatchObject({ toKeyId: NEW_ID, remaining: 0, finished: true });
    expect(new Set(await sealedKeyIds(db))).toEqual(new Set([NEW_ID]));
  });
});
