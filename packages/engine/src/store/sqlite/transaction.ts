// SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so a
// transaction that reads then writes never deadlocks against another process doing the same
// (SQLite would answer SQLITE_BUSY at the upgrade). busy_timeout makes the others wait their turn.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function runTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
