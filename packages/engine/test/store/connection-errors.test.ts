// Store conformance, connection errors: a DATABASE_URL that cannot be reached or is not PostgreSQL
// stops startup with DatabaseConnectionError saying what to do, and never shows the password.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DatabaseConnectionError, openDatabase } from '../../src/index.js';

/** A port on 127.0.0.1 that nothing listens on: bound once by us, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected openDatabase to fail');
  return outcome;
}

describe('store conformance: connection errors', () => {
  it('an unreachable PostgreSQL fails with DatabaseConnectionError naming the masked URL and what to do', async () => {
    const port = await closedPort();
    const e = await failure(openDatabase({ databaseUrl: `postgres://tokpost:s3cret-pw-81f2@127.0.0.1:${port}/tokpost` }));
    expect(e).toBeInstanceOf(DatabaseConnectionError);
    expect(e.name).toBe('DatabaseConnectionError');
    expect(e.message).toContain(`cannot reach PostgreSQL at postgres://tokpost:***@127.0.0.1:${port}/tokpost`);
    expect(e.message).toContain('Start PostgreSQL');
    expect(e.message).toContain('unset it to use the embedded SQLite database');
    expect(e.message).not.toContain('s3cret-pw-81f2');
    expect(String((e.cause as Error | undefined)?.message)).not.toContain('s3cret-pw-81f2');
  });

  it('a URL that is not postgres:// is refused with a clear message, password masked', async () => {
    const e = await failure(openDatabase({ databaseUrl: 'mysql://root:hunter2-pw@127.0.0.1:3306/tokpost' }));
    expect(e).toBeInstanceOf(DatabaseConnectionError);
    expect(e.message).toBe('DATABASE_URL must be a postgres:// or postgresql:// URL, got mysql://root:***@127.0.0.1:3306/tokpost');

    const garbled = await failure(openDatabase({ databaseUrl: 'not a url, password=hunter2-pw' }));
    expect(garbled).toBeInstanceOf(DatabaseConnectionError);
    expect(garbled.message).toBe('DATABASE_URL must be a postgres:// or postgresql:// URL, got (an unparsable DATABASE_URL)');
  });

  it('a password given as a query parameter (which pg honours) is masked too', async () => {
    const port = await closedPort();
    const e = await failure(openDatabase({ databaseUrl: `postgres://tokpost@127.0.0.1:${port}/tokpost?password=q-secret-55&application_name=tokpost` }));
    expect(e).toBeInstanceOf(DatabaseConnectionError);
    expect(e.message).toContain(`cannot reach PostgreSQL at postgres://tokpost@127.0.0.1:${port}/tokpost?password=***&application_name=tokpost`);
    expect(e.message).not.toContain('q-secret-55');
  });

  it('postgresql:// is accepted as well as postgres://', async () => {
    const port = await closedPort();
    const e = await failure(openDatabase({ databaseUrl: `postgresql://u:pw-zz-17@127.0.0.1:${port}/db` }));
    expect(e).toBeInstanceOf(DatabaseConnectionError);
    expect(e.message).toContain(`cannot reach PostgreSQL at postgresql://u:***@127.0.0.1:${port}/db`);
    expect(e.message).not.toContain('pw-zz-17');
  });
});
