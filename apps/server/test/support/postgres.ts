// A PostgreSQL schema of its own for one test (127.0.0.1:5432, database `test`, or
// TOKPOST_TEST_DATABASE_URL), dropped afterwards.
import pg from 'pg';

export const POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createPostgresSchema(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL cannot be reached at ${POSTGRES_URL} (${(e as Error).message}); start it with \`bash scripts/start-postgres.sh\``);
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
