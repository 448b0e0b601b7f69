// Numbered migrations, run at start and by `migrate()`. Each lives in ./migrations as
// NNN-name.ts; the list below is their order. Kysely records what ran in `kysely_migration`.
// Several processes starting at once apply each migration exactly once: on PostgreSQL Kysely takes
// an advisory lock and runs the migrations in a transaction; on SQLite it does neither (its adapter
// assumes a single connection), so the whole run happens inside one BEGIN IMMEDIATE transaction —
// whoever comes second waits for the write lock, then finds the migrations recorded.
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-jobs-due-index.js';
import * as m004 from './migrations/004-policies.js';
import * as m005 from './migrations/005-notifications.js';
import * as m006 from './migrations/006-confirmation.js';
import * as m007 from './migrations/007-api-keys.js';
import * as m008 from './migrations/008-oauth-states.js';
import * as m009 from './migrations/009-media-uploads.js';
import * as m010 from './migrations/010-post-paging.js';
import * as m011 from './migrations/011-api-read-paths.js';
import { runTransaction as sqliteTransaction } from './sqlite/transaction.js';

export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-jobs-due-index': m002,
  '004-policies': m004,
  '005-notifications': m005,
  '006-confirmation': m006,
  '007-api-keys': m007,
  '008-oauth-states': m008,
  '009-media-uploads': m009,
  '010-post-paging': m010,
  '011-api-read-paths': m011,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
async function migrateToLatest(db: Kysely<any>, schema: string | undefined): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`database migration ${failed ?? '(unknown)'} failed: ${why}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up to date; answers the migrations applied by this call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrate(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  // A failed SQLite migration rolls back with the transaction, leaving the file as it was.
  if (dialect === 'sqlite') return sqliteTransaction(db, (conn) => migrateToLatest(conn, undefined));
  // On PostgreSQL the bookkeeping tables live in the schema tokpost uses (the first on the
  // search_path); without naming it, Kysely would take another schema's tables for ours.
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  return migrateToLatest(db, schema);
}
