// One statement on the test PostgreSQL server outside any engine (creating or dropping a database
// or schema a run works in), with a message that says how to start the server when it is down.
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function adminSql(sql: string, url: string = TEST_POSTGRES_URL): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(`PostgreSQL cannot be reached at ${url} (${(e as Error).message}); start it with \`bash scripts/start-postgres.sh\``);
  }
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
