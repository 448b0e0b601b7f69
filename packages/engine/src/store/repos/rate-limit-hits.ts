// The sliding-window rate limit shared by every worker (the client's RateLimitStore contract):
// count the hits of the last window for a key, record one if under the limit, otherwise say when
// the oldest hit that matters leaves the window. Each dialect makes the count-then-insert atomic
// its own way (../sqlite/rate-limit.ts, ../postgres/rate-limit.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type RateDecision = { granted: true } | { granted: false; retryAtMs: number };

export async function takeSlot(db: Kysely<Database>, key: string, limit: number, windowMs: number, nowMs: number): Promise<RateDecision> {
  const since = nowMs - windowMs;
  await db.deleteFrom('rate_limit_hits').where('key', '=', key).where('at', '<=', since).execute();
  const hits = await db.selectFrom('rate_limit_hits').select('at').where('key', '=', key).orderBy('at').execute();
  if (hits.length < limit) {
    await db.insertInto('rate_limit_hits').values({ key, at: nowMs }).execute();
    return { granted: true };
  }
  return { granted: false, retryAtMs: Number(hits[hits.length - limit]!.at) + windowMs };
}
