// Store conformance, migrations: a fresh database gets the schema, a second run applies nothing,
// and several stores of one process starting at once on a fresh database all come up with the
// schema applied exactly once (several processes: multi-process.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { rawQuery, rawTables } from '../support/raw-sql.js';
import { EXPECTED_MIGRATIONS } from '../support/store-fixtures.js';

const TABLES = [
  'account_policies',
  'accounts',
  'api_keys',
  'apps',
  'attempts',
  'engine_meta',
  'jobs',
  'kysely_migration',
  'kysely_migration_lock',
  'media_assets',
  'media_fixes',
  'media_tokens',
  'media_uploads',
  'notification_deliveries',
  'notification_endpoints',
  'notification_events',
  'oauth_states',
  'post_events',
  'post_media',
  'posts',
  'rate_limit_hits',
  'webhook_events',
  'webhook_signatures',
  'worker_heartbeats',
];

describe.each(DIALECTS)('store conformance: migrations (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('migrates a fresh database, then a second run applies nothing', async () => {
    db = await createTestDatabase(dialect);
    const opened = await openDatabase({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath });
    try {
      expect(opened.dialect).toBe(dialect);
      expect(await migrate(opened.db, opened.dialect)).toEqual(EXPECTED_MIGRATIONS);
      expect(await migrate(opened.db, opened.dialect)).toEqual([]);
      // What the migrator's introspection sees: our tables (the bookkeeping ones on request).
      const tables = await opened.db.introspection.getTables();
      expect(tables.map((t) => t.name).sort()).toEqual(TABLES.filter((t) => !t.startsWith('kysely_')));
      expect(tables.find((t) => t.name === 'rate_limit_hits')?.columns.map((c) => [c.name, c.isNullable])).toEqual([
        ['key', false],
        ['at', false],
      ]);
      expect((await opened.db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort()).toEqual(TABLES);
    } finally {
      await opened.close();
    }
    expect(await rawTables(db)).toEqual(TABLES);
    expect(await rawQuery(db, 'select name from kysely_migration')).toEqual(EXPECTED_MIGRATIONS.map((name) => ({ name })));

    // Opening the store later migrates nothing either and finds the data it left.
    const store = await openTestStore(db);
    try {
      await store.meta.set('probe', 'kept');
    } finally {
      await store.close();
    }
    const again = await openTestStore(db);
    try {
      expect(await again.meta.get('probe')).toBe('kept');
    } finally {
      await again.close();
    }
    expect(await rawQuery(db, 'select name from kysely_migration')).toEqual(EXPECTED_MIGRATIONS.map((name) => ({ name })));
  });

  it('two stores opened at once on a fresh database both come up, with the schema applied once', async () => {
    db = await createTestDatabase(dialect);
    const results = await Promise.allSettled([openTestStore(db), openTestStore(db)]);
    const stores = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(results.map((r) => (r.status === 'fulfilled' ? 'opened' : String(r.reason)))).toEqual(['opened', 'opened']);
      // Each works against the same schema: what one writes, the other reads.
      await stores[0]!.meta.set('from', 'first');
      expect(await stores[1]!.meta.get('from')).toBe('first');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
    expect(await rawQuery(db, 'select name from kysely_migration')).toEqual(EXPECTED_MIGRATIONS.map((name) => ({ name })));
    expect(await rawTables(db)).toEqual(TABLES);
  });

  it('concurrent migrate() calls on separate connections apply each migration exactly once between them', async () => {
    db = await createTestDatabase(dialect);
    const conns = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: db!.databaseUrl, sqlitePath: db!.sqlitePath, poolSize: 2 })));
    try {
      const applied = await Promise.all(conns.map((c) => migrate(c.db, c.dialect)));
      expect(applied.flat()).toEqual(EXPECTED_MIGRATIONS);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
    expect(await rawQuery(db, 'select name from kysely_migration')).toEqual(EXPECTED_MIGRATIONS.map((name) => ({ name })));
  });

});
