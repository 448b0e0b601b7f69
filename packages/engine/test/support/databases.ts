// The two databases every store and scenario test runs on: a fresh SQLite file, and a fresh schema
// in PostgreSQL (127.0.0.1:5432, database `test`, or TOKPOST_TEST_DATABASE_URL). PostgreSQL is not
// optional: when it cannot be reached the tests fail with a message saying so and how to start it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createIdFactory, openStore, type Dialect, type IdFactory, type Store } from '../../src/index.js';

export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];
export const POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_KEY = Buffer.alloc(32, 7);

export interface TestDatabase {
  dialect: Dialect;
  /** DATABASE_URL for PostgreSQL (scoped to the test's schema), undefined for SQLite. */
  databaseUrl: string | undefined;
  sqlitePath: string | undefined;
  drop(): Promise<void>;
}

let schemaSeq = 0;

/** A database nobody else uses: a temp SQLite file or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tokpost-engine-'));
    return { dialect, databaseUrl: undefined, sqlitePath: join(dir, 'tokpost.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemaSeq++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is needed for the engine's tests and cannot be reached at ${POSTGRES_URL} (${(e as Error).message}). ` +
        'Start it (e.g. `bash scripts/start-postgres.sh`) or point TOKPOST_TEST_DATABASE_URL at a reachable server.',
    );
  }
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dialect,
    databaseUrl: url.toString(),
    sqlitePath: undefined,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function openTestStore(db: TestDatabase, o: { ids?: IdFactory; key?: Buffer; poolSize?: number } = {}): Promise<Store> {
  return openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: o.key ?? TEST_KEY, ids: o.ids ?? createIdFactory(), poolSize: o.poolSize });
}

/**
 * `n` stores on one database, as `n` worker processes would have: each its own SQLite connection,
 * or its own PostgreSQL pool (kept small so parallel test files stay under max_connections).
 */
export async function openTestStores(db: TestDatabase, n: number, poolSize = 2): Promise<Store[]> {
  const stores: Store[] = [];
  try {
    for (let i = 0; i < n; i++) stores.push(await openTestStore(db, { poolSize }));
  } catch (e) {
    await Promise.all(stores.map((s) => s.close()));
    throw e;
  }
  return stores;
}
