// Store conformance, secrets at rest: client secrets and tokens are sealed in the rows (seen with
// plain SQL through a connection of our own), come back in clear through the store, and a database
// refuses a key it was not created with. Then the key's origin: loadEncryptionKey.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionKeyError, KEY_FILE_NAME, loadEncryptionKey } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { encodingsOf, rawQuery } from '../support/raw-sql.js';
import { ACCESS_TOKEN, ACCOUNT_ID, APP_ID, CLIENT_SECRET, fixtureAccount, fixtureApp, REFRESH_TOKEN } from '../support/store-fixtures.js';

const SEALED = /^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/;
const OTHER_KEY = Buffer.alloc(32, 9);

function expectNoneOf(rows: unknown[], secrets: string[]) {
  const text = JSON.stringify(rows);
  for (const s of secrets) for (const form of encodingsOf(s)) expect(text).not.toContain(form);
}

describe.each(DIALECTS)('store conformance: secrets at rest (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('rows hold the client secret and tokens sealed; the store reads them back in clear', async () => {
    db = await createTestDatabase(dialect);
    const store = await openTestStore(db);
    try {
      await store.apps.insert(fixtureApp());
      await store.accounts.insert(fixtureAccount());

      const apps = await rawQuery(db, 'select * from apps');
      const accounts = await rawQuery(db, 'select * from accounts');
      expect(apps).toHaveLength(1);
      expect(accounts).toHaveLength(1);
      expectNoneOf([apps, accounts], [CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN]);
      expect(apps[0]!['client_secret_enc']).toMatch(SEALED);
      expect(accounts[0]!['access_token_enc']).toMatch(SEALED);
      expect(accounts[0]!['refresh_token_enc']).toMatch(SEALED);
      // Sealing is randomised: the same plaintext twice does not give the same text.
      expect(accounts[0]!['access_token_enc']).not.toBe(accounts[0]!['refresh_token_enc']);

      expect((await store.apps.get(APP_ID))?.clientSecret).toBe(CLIENT_SECRET);
      expect((await store.apps.getByClientKey('aw_fixture_key'))?.clientSecret).toBe(CLIENT_SECRET);
      expect(await store.accounts.get(ACCOUNT_ID)).toEqual(fixtureAccount());

      // Rotated tokens and a new client secret are sealed too.
      await store.accounts.updateTokens(
        ACCOUNT_ID,
        { accessToken: 'act.rotated-access-77', refreshToken: 'rft.rotated-refresh-88', accessExpiresAt: 2_000, refreshExpiresAt: 3_000, scopes: ['video.upload'], lastRefreshAt: 1_500 },
        1_600,
      );
      expect(await store.apps.update(APP_ID, { clientSecret: 'rotated-client-secret-99', audited: false }, 1_700)).toMatchObject({ clientSecret: 'rotated-client-secret-99', audited: false, updatedAt: 1_700 });
      expectNoneOf([await rawQuery(db, 'select * from apps'), await rawQuery(db, 'select * from accounts')], ['act.rotated-access-77', 'rft.rotated-refresh-88', 'rotated-client-secret-99']);
      expect(await store.accounts.get(ACCOUNT_ID)).toMatchObject({
        accessToken: 'act.rotated-access-77',
        refreshToken: 'rft.rotated-refresh-88',
        accessExpiresAt: 2_000,
        refreshExpiresAt: 3_000,
        scopes: ['video.upload'],
        lastRefreshAt: 1_500,
        updatedAt: 1_600,
      });
    } finally {
      await store.close();
    }
  });

  it('a different key is refused with EncryptionKeyError saying it does not match; the right key opens it again', async () => {
    db = await createTestDatabase(dialect);
    const first = await openTestStore(db);
    try {
      await first.apps.insert(fixtureApp());
    } finally {
      await first.close();
    }

    const refused = await openTestStore(db, { key: OTHER_KEY }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(EncryptionKeyError);
    expect((refused as Error).name).toBe('EncryptionKeyError');
    expect((refused as Error).message).toContain('the encryption key does not match the one this database');
    expect((refused as Error).message).not.toContain(OTHER_KEY.toString('hex'));

    const again = await openTestStore(db);
    try {
      expect((await again.apps.get(APP_ID))?.clientSecret).toBe(CLIENT_SECRET);
    } finally {
      await again.close();
    }
  });
});

describe('store conformance: loadEncryptionKey', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('generates a 0600 key file in an empty folder, logs where (never the key), and reuses it next time', () => {
    dir = mkdtempSync(join(tmpdir(), 'tokpost-key-'));
    const dataDir = join(dir, 'data');
    const logs: string[] = [];
    const key = loadEncryptionKey({ dataDir, log: (m) => logs.push(m), random: (n) => Buffer.alloc(n, 0xab) });
    const hex = 'ab'.repeat(32);
    expect(key.toString('hex')).toBe(hex);
    const file = join(dataDir, 'encryption.key');
    expect(KEY_FILE_NAME).toBe('encryption.key');
    expect(readFileSync(file, 'utf8')).toBe(`${hex}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(file);
    expect(logs[0]).not.toContain(hex);
    expect(logs[0]).not.toContain(key.toString('base64'));

    const again = loadEncryptionKey({ dataDir, log: (m) => logs.push(m), random: () => Buffer.alloc(32, 0xcd) });
    expect(again.toString('hex')).toBe(hex);
    expect(logs).toHaveLength(1);
  });

  it('takes TOKPOST_ENCRYPTION_KEY as hex or base64, and rejects a malformed one naming the variable', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokpost-key-'));
    dir = folder;
    const hex = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
    expect(loadEncryptionKey({ configured: hex, dataDir: folder }).toString('hex')).toBe(hex);
    expect(loadEncryptionKey({ configured: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', dataDir: folder }).toString('hex')).toBe(hex);

    for (const bad of ['not-a-key', 'abcd', `${hex}00`, 'zz'.repeat(32)]) {
      let caught: unknown;
      try {
        loadEncryptionKey({ configured: bad, dataDir: folder });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(EncryptionKeyError);
      expect((caught as Error).message).toContain('TOKPOST_ENCRYPTION_KEY');
      expect((caught as Error).message).not.toContain(bad);
    }
    // Nothing was generated while a key was configured.
    expect(() => statSync(join(folder, 'encryption.key'))).toThrow();
  });

  it('rejects a damaged key file, naming the file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokpost-key-'));
    dir = folder;
    writeFileSync(join(folder, 'encryption.key'), 'damaged\n', { mode: 0o600 });
    expect(() => loadEncryptionKey({ dataDir: folder })).toThrow(join(folder, 'encryption.key'));
  });
});
