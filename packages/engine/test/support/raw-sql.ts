// Reads a test database with plain SQL through a connection of its own (better-sqlite3 or pg
// directly, no Kysely, no store), to see what is really at rest.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from './databases.js';

export type RawRow = Record<string, unknown>;

export async function rawQuery(db: TestDatabase, text: string): Promise<RawRow[]> {
  if (db.dialect === 'sqlite') {
    const conn = new BetterSqlite3(db.sqlitePath!, { readonly: true, fileMustExist: true });
    try {
      return conn.prepare(text).all() as RawRow[];
    } finally {
      conn.close();
    }
  }
  // bigint columns (epoch milliseconds) as numbers, as better-sqlite3 gives them, so one expected
  // row serves both dialects.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const client = new pg.Client({ connectionString: db.databaseUrl, types: types as pg.CustomTypesConfig });
  await client.connect();
  try {
    return (await client.query<RawRow>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The tables of the database (PostgreSQL: of the test's schema), sorted. */
export async function rawTables(db: TestDatabase): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await rawQuery(db, `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      : await rawQuery(db, `select table_name as name from information_schema.tables where table_schema = current_schema()`);
  return rows.map((r) => String(r['name'])).sort();
}

/** Every way a secret could sit in a row without being sealed: clear, base64, base64url, hex. */
export function encodingsOf(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex')];
}

/** Tables whose rows outlive a reset: the schema's bookkeeping and the encryption key check. */
const KEPT = new Set(['engine_meta', 'kysely_migration', 'kysely_migration_lock']);

/**
 * Empties every domain table, so tests of one file can share a migrated database (creating and
 * migrating one per test costs more than the tests). Call it while no store holds a transaction.
 */
export async function clearTables(db: TestDatabase): Promise<void> {
  const tables = (await rawTables(db)).filter((t) => !KEPT.has(t));
  if (db.dialect === 'sqlite') {
    const conn = new BetterSqlite3(db.sqlitePath!, { fileMustExist: true });
    try {
      // Foreign keys are enforced per connection: off on this one, which deletes in any order.
      conn.pragma('foreign_keys = OFF');
      conn.transaction(() => {
        for (const t of tables) conn.prepare(`delete from ${t}`).run();
      })();
    } finally {
      conn.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    await client.query(`truncate table ${tables.join(', ')}`);
  } finally {
    await client.end();
  }
}

