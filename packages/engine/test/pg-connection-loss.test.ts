// A PostgreSQL restart drops every connection at once: the idle ones in the pool and the ones a
// query or a transaction holds at that moment. None of it may crash the process (a pg client that
// loses its connection emits 'error', fatal without a listener); the query in flight fails, and the
// next one gets a fresh connection. The restart is a TCP proxy cut, not a restart of the shared server.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgProxy, type PgProxy } from '../../../test/support/pg-proxy.js';
import { openDatabase, type OpenedDatabase } from '../src/store/connect.js';
import { POSTGRES_URL } from './support/databases.js';

describe('PostgreSQL connections lost (a restart)', () => {
  let proxy: PgProxy;
  let opened: OpenedDatabase;
  const crashes: unknown[] = [];
  const onUncaught = (e: unknown) => crashes.push(e);

  beforeAll(async () => {
    const target = new URL(POSTGRES_URL);
    proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
    opened = await openDatabase({ databaseUrl: proxy.urlFor(POSTGRES_URL), poolSize: 4 });
    process.on('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await opened?.close();
    await proxy?.close();
  });

  it('survives a cut while a connection is checked out and while others sit idle, then works again', async () => {
    const { db } = opened;
    // Fill the pool with idle connections first.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db)));
    let inFlight: unknown;
    await db.connection().execute(async (conn) => {
      await sql`select 1`.execute(conn);
      const query = sql`select pg_sleep(5)`.execute(conn).catch((e: unknown) => (inFlight = e));
      // The query is on the wire: the backend reports it active before the cut.
      for (let i = 0; i < 200; i++) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(5)' and state = 'active'`.execute(db);
        if (rows[0]!.n > 0) break;
        await new Promise((r) => setImmediate(r));
      }
      proxy.cut();
      await query;
    });
    expect(inFlight).toBeInstanceOf(Error);
    // The process is still here and the pool hands out working connections. An idle connection
    // whose end the pool has not noticed yet can fail one query (as after a real restart; jobs
    // retry): at most one per pooled connection.
    let value: number | undefined;
    let failures = 0;
    while (value === undefined && failures <= 4) {
      try {
        value = (await sql<{ v: number }>`select 41 + 1 as v`.execute(db)).rows[0]!.v;
      } catch {
        failures += 1;
      }
    }
    expect(value).toBe(42);
    expect(proxy.cutCount()).toBeGreaterThanOrEqual(2);
    // Every pooled connection used once more: each cut socket's end has been seen by now.
    expect((await Promise.allSettled([1, 2, 3, 4].map(() => sql`select pg_sleep(0.02)`.execute(db)))).filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
    expect(crashes).toEqual([]);
  });
});
