// PostgreSQL: a transaction-scoped advisory lock on the key serialises workers counting the same
// token's window, so two of them never both see "one slot left".
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { takeSlot, type RateDecision } from '../repos/rate-limit-hits.js';

export async function tryAcquire(db: Kysely<Database>, key: string, limit: number, windowMs: number, nowMs: number): Promise<RateDecision> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`rl:${key}`}, 0))`.execute(db);
  return takeSlot(db, key, limit, windowMs, nowMs);
}
