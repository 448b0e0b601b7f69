// engine.apiKeys on both databases: the plain key is answered once and only its SHA-256 is stored;
// listings never carry the hash; a revoked key no longer verifies.
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, createIdFactory, hashApiKey } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { rawQuery } from '../support/raw-sql.js';

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the key', () => {
    // The standard SHA-256 test vector for "abc".
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe.each(DIALECTS)('engine.apiKeys (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('creates a tp_ key shown once, stores only its hash, lists without secrets, revokes', async () => {
    db = await createTestDatabase(dialect);
    const store = await openTestStore(db);
    try {
      let t = 1_780_000_000_000;
      const engine = createEngine({ store, clock: { now: () => t, sleep: async () => {} }, ids: createIdFactory(), tiktok: { redirectUri: 'https://tokpost.test/cb' } });
      const { apiKey, key } = await engine.apiKeys.create({ name: '  ci  ' });
      expect(key).toMatch(/^tp_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toEqual({ id: apiKey.id, name: 'ci', prefix: key.slice(0, 7), createdAt: t, revokedAt: null });

      const rows = await rawQuery(db, 'select * from api_keys');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(rows[0]!['key_hash']).toBe(hashApiKey(key));

      expect(await engine.apiKeys.verify(key)).toEqual(apiKey);
      expect(await engine.apiKeys.verify(`${key}x`)).toBeUndefined();
      expect(await engine.apiKeys.verify(key.slice(3))).toBeUndefined();
      expect(JSON.stringify(await engine.apiKeys.list())).not.toContain(hashApiKey(key));

      t += 1_000;
      expect(await engine.apiKeys.revoke(apiKey.id)).toEqual({ ...apiKey, revokedAt: t });
      expect(await engine.apiKeys.verify(key)).toBeUndefined();
      expect(await engine.apiKeys.list()).toEqual([{ ...apiKey, revokedAt: t }]);
      await expect(engine.apiKeys.revoke('key_unknown')).rejects.toMatchObject({ code: 'not_found' });
      await expect(engine.apiKeys.create({ name: ' ' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'name' }] });
    } finally {
      await store.close();
    }
  });
});
