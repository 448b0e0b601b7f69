// A PostgreSQL schema of its own for one harness (127.0.0.1:5432, database `test`, or
// TOKPOST_TEST_DATABASE_URL): the DATABASE_URL scoped to it, and how to drop it afterwards.
import pg from 'pg';

export const POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let seq = 0;

export async function createPgSchema(): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const schema = `srvm_${process.pid}_${Date.now().toString(36)}_${seq++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL cannot be reached at ${POSTGRES_URL} (${(e as Error).message}); start it with \`bash scripts/start-postgres.sh\``);
  }
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
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
