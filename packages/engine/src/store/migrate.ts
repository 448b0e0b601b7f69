// Numbered migrations, run at start and by `migrate()`. Each lives in ./migrations as
// NNN-name.ts; the list below is their order. Kysely records what ran in `kysely_migration` and
// takes a lock, so several processes starting at once apply each migration exactly once.
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m001 from './migrations/001-initial.js';

export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date; answers the migrations applied by this call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrate(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  // On PostgreSQL the bookkeeping tables live in the schema tokpost uses (the first on the
  // search_path); without naming it, Kysely would take another schema's tables for ours.
  const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`database migration ${failed ?? '(unknown)'} failed: ${why}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
