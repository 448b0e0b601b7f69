// Claiming jobs on PostgreSQL, with any number of workers racing:
// 1. read due candidates (one per group, no busy group);
// 2. lock them with FOR UPDATE SKIP LOCKED, re-checking that each is still due and unleased —
//    rows another worker is claiming right now are skipped, not waited for;
// 3. for each group, take a transaction-scoped advisory lock and re-check, with a fresh snapshot,
//    that no job of the group holds a live lease. Whoever claims a group first holds its advisory
//    lock until commit, and whoever comes after sees the committed lease, so two jobs of one
//    account never run at once.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ClaimedJob } from '../../domain/store-port.js';
import type { Database, JobsTable } from '../schema.js';
import { dueCandidates, leaseJobs, type ClaimInput } from '../repos/job-rows.js';

export async function claimJobs(db: Kysely<Database>, input: ClaimInput): Promise<ClaimedJob[]> {
  const { now } = input;
  const { rows: candidates } = await dueCandidates(db, now, input.kinds, input.limit);
  if (candidates.length === 0) return [];

  const { rows: locked } = await sql<JobsTable>`
    select * from jobs
    where id in (${sql.join(candidates.map((c) => c.id))})
      and run_at <= ${now}
      and (lease_expires_at is null or lease_expires_at <= ${now})
    order by run_at, id
    for update skip locked`.execute(db);
  if (locked.length === 0) return [];

  const groups = [...new Set(locked.flatMap((r) => (r.group_key ? [r.group_key] : [])))];
  const free = new Set<string>();
  if (groups.length > 0) {
    const { rows: got } = await sql<{ g: string; ok: boolean }>`
      select g, pg_try_advisory_xact_lock(hashtextextended(g, 0)) as ok
      from unnest(${groups}::text[]) as g`.execute(db);
    const lockedGroups = got.filter((r) => r.ok).map((r) => r.g);
    if (lockedGroups.length > 0) {
      const { rows: busy } = await sql<{ group_key: string }>`
        select distinct group_key from jobs
        where group_key = any(${lockedGroups}::text[]) and lease_expires_at > ${now}`.execute(db);
      const busySet = new Set(busy.map((b) => b.group_key));
      for (const g of lockedGroups) if (!busySet.has(g)) free.add(g);
    }
  }

  const ids: string[] = [];
  const taken = new Set<string>();
  for (const row of locked) {
    if (row.group_key) {
      if (!free.has(row.group_key) || taken.has(row.group_key)) continue;
      taken.add(row.group_key);
    }
    ids.push(row.id);
  }
  return leaseJobs(db, ids, input);
}
