// SQLite: the caller's BEGIN IMMEDIATE transaction already excludes every other writer.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { takeSlot, type RateDecision } from '../repos/rate-limit-hits.js';

export function tryAcquire(db: Kysely<Database>, key: string, limit: number, windowMs: number, nowMs: number): Promise<RateDecision> {
  return takeSlot(db, key, limit, windowMs, nowMs);
}
