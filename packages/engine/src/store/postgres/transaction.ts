// PostgreSQL transactions at READ COMMITTED. A deadlock or serialization failure (two workers
// locking the same rows in another order) is retried a few times: the whole transaction is
// replayed, which is safe because nothing outside the database happens inside one.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_TRIES = 5;

export async function runTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (attempt >= MAX_TRIES || typeof code !== 'string' || !RETRYABLE.has(code)) throw e;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}
