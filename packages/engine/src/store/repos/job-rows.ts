// Row ↔ domain mapping of the jobs table, shared by the repository and both dialects' claims.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ClaimedJob, Job, JobKind } from '../../domain/store-port.js';
import type { Database, JobsTable } from '../schema.js';
import { fromJson } from './context.js';

export function jobFromRow(r: JobsTable): Job {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    key: r.key,
    groupKey: r.group_key,
    postId: r.post_id,
    accountId: r.account_id,
    runAt: r.run_at,
    attempts: r.attempts,
    payload: fromJson<Record<string, unknown>>(r.payload, {}),
    lastError: r.last_error,
  };
}

export function claimedFromRow(r: JobsTable): ClaimedJob {
  return { ...jobFromRow(r), leaseOwner: r.lease_owner!, leaseToken: r.lease_token!, leaseExpiresAt: r.lease_expires_at! };
}

export interface ClaimInput {
  now: number;
  owner: string;
  limit: number;
  leaseMs: number;
  kinds?: readonly JobKind[];
  /** A fresh lease token for this claim. */
  token: () => string;
}

/** Writes the lease on the chosen jobs (one token per claim) and answers them, oldest first. */
export async function leaseJobs(db: Kysely<Database>, ids: readonly string[], input: ClaimInput): Promise<ClaimedJob[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('jobs')
    .set({ lease_owner: input.owner, lease_token: input.token(), lease_expires_at: input.now + input.leaseMs, updated_at: input.now })
    .where('id', 'in', [...ids])
    .returningAll()
    .execute();
  return rows.map(claimedFromRow).sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : 1));
}

/**
 * Due jobs, at most one per group, none from a group that holds a live lease, oldest first. The
 * window function keeps one account with a thousand due jobs from crowding out every other account.
 */
export function dueCandidates(db: Kysely<Database>, now: number, kinds: readonly JobKind[] | undefined, limit: number) {
  const kindFilter = kinds && kinds.length > 0 ? sql`and j.kind in (${sql.join(kinds)})` : sql``;
  return sql<{ id: string; group_key: string | null }>`
    select id, group_key from (
      select j.id, j.group_key, j.run_at,
             row_number() over (partition by coalesce(j.group_key, j.id) order by j.run_at, j.id) as rn
      from jobs j
      where j.run_at <= ${now}
        and (j.lease_expires_at is null or j.lease_expires_at <= ${now})
        ${kindFilter}
        and (j.group_key is null or not exists (
          select 1 from jobs b where b.group_key = j.group_key and b.lease_expires_at > ${now}))
    ) due
    where rn = 1
    order by run_at, id
    limit ${limit}`.execute(db);
}
