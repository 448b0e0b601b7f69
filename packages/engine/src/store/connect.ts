// Opens the database: PostgreSQL when a DATABASE_URL is given, otherwise the embedded SQLite file
// (WAL, foreign keys on). Connection problems become errors that say what to check, with the
// password masked.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from '../domain/store-port.js';
import { CurrentSchemaPostgresDialect } from './postgres/introspector.js';
import type { Database } from './schema.js';
import { turnTakingDialect } from './sqlite/file-turns.js';

export interface DatabaseOptions {
  /** postgres://… — PostgreSQL; unset: SQLite at `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, with any password masked (safe to log). */
  location: string;
  close(): Promise<void>;
}

export class DatabaseConnectionError extends Error {
  override name = 'DatabaseConnectionError';
}

export const DEFAULT_SQLITE_PATH = './data/tokpost.db';

export function maskDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // pg also takes the password from a `password` query parameter.
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

// int8 (bigint) columns hold epoch milliseconds and counts, all below 2^53: read them as numbers.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format),
};

/**
 * Puts the file in WAL mode (once per file; it persists). Processes converting a fresh file at the
 * same moment can each hold the shared lock the other must see dropped: SQLite then answers
 * SQLITE_BUSY at once instead of calling the busy handler (waiting would deadlock), so
 * busy_timeout does not help — measured on a busy 2-core machine: 1 in 60 starts of 8 processes on
 * one fresh file failed with "database is locked". The loser retries once the winner has switched.
 */
async function switchToWal(database: BetterSqlite3.Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
  }
}

/** Statistics are an optimisation: a busy or read-only file must not make closing fail. */
function optimizeQuietly(database: BetterSqlite3.Database): void {
  try {
    if (database.open) database.pragma('optimize');
  } catch {
    // The next open tries again.
  }
}

export async function openDatabase(o: DatabaseOptions): Promise<OpenedDatabase> {
  if (o.databaseUrl) {
    const location = maskDatabaseUrl(o.databaseUrl);
    if (!/^postgres(ql)?:\/\//.test(o.databaseUrl)) {
      throw new DatabaseConnectionError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got ${location}`);
    }
    const pool = new pg.Pool({ connectionString: o.databaseUrl, max: o.poolSize ?? 10, types: pgTypes as pg.CustomTypesConfig });
    // A client losing its connection (a PostgreSQL restart) emits 'error', which ends the process
    // when nobody listens. The pool listens only while a client is idle; a checked-out one (a
    // query or transaction in flight) needs its own listener. Its query fails anyway and the pool
    // discards the broken client at release, so the next query gets a fresh connection.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (e) {
      await db.destroy().catch(() => undefined);
      const why = e instanceof Error ? e.message : String(e);
      throw new DatabaseConnectionError(`cannot reach PostgreSQL at ${location}: ${why}. Start PostgreSQL, fix DATABASE_URL, or unset it to use the embedded SQLite database.`, { cause: e });
    }
    return { db, dialect: 'postgres', location, close: () => db.destroy() };
  }

  const path = o.sqlitePath ?? DEFAULT_SQLITE_PATH;
  let database: BetterSqlite3.Database;
  let turns: ReturnType<typeof turnTakingDialect>;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new BetterSqlite3(path);
    await switchToWal(database);
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
    database.pragma('synchronous = NORMAL');
    // Statistics for the planner (which index serves a filtered page): 0x10002 also looks at tables
    // never analysed yet, as SQLite advises for a connection that stays open, and the limit keeps
    // that a sample, so opening a large file stays quick; the close refreshes what went stale.
    database.pragma('analysis_limit = 1000');
    database.pragma('optimize = 0x10002');
    turns = turnTakingDialect({ database }, path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DatabaseConnectionError(`cannot open the SQLite database at ${path}: ${why}. Check that the folder exists and is writable.`, { cause: e });
  }
  const db = new Kysely<Database>({ dialect: turns.dialect });
  return {
    db,
    dialect: 'sqlite',
    location: path,
    close: async () => {
      try {
        optimizeQuietly(database);
        await db.destroy();
      } finally {
        turns.done();
      }
    },
  };
}
