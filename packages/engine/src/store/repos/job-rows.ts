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

/** Due rows read per page while looking for claimable groups. */
const PAGE_FACTOR = 4;
const MAX_PAGES = 8;

/**
 * Due jobs, at most one per group, none from a group that holds a live lease, oldest first. Reads
 * the due rows in (run_at, id) order a page at a time along the jobs_due index and stops once it
 * has `limit` groups, so a claim costs the same with ten due jobs or a hundred thousand: nothing
 * sorts the whole backlog. Several due jobs of one group count once, so one account with a
 * thousand due jobs does not crowd out every other account.
 */
export async function dueCandidates(db: Kysely<Database>, now: number, kinds: readonly JobKind[] | undefined, limit: number): Promise<{ rows: Array<{ id: string; group_key: string | null }> }> {
  const kindFilter = kinds && kinds.length > 0 ? sql`and j.kind in (${sql.join(kinds)})` : sql``;
  const pageSize = Math.max(limit * PAGE_FACTOR, 16);
  const picked: Array<{ id: string; group_key: string | null }> = [];
  const groups = new Set<string>();
  let after: { runAt: number; id: string } | undefined;
  for (let page = 0; page < MAX_PAGES && picked.length < limit; page++) {
    const from = after ? sql`and (j.run_at > ${after.runAt} or (j.run_at = ${after.runAt} and j.id > ${after.id}))` : sql``;
    const { rows } = await sql<{ id: string; group_key: string | null; run_at: number }>`
      select j.id, j.group_key, j.run_at from jobs j
      where j.run_at <= ${now}
        and (j.lease_expires_at is null or j.lease_expires_at <= ${now})
        ${kindFilter}
        ${from}
        and (j.group_key is null or not exists (
          select 1 from jobs b where b.group_key = j.group_key and b.lease_expires_at > ${now}))
      order by j.run_at, j.id
      limit ${pageSize}`.execute(db);
    for (const r of rows) {
      if (picked.length >= limit) break;
      if (r.group_key) {
        if (groups.has(r.group_key)) continue;
        groups.add(r.group_key);
      }
      picked.push({ id: r.id, group_key: r.group_key });
    }
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = { runAt: Number(last.run_at), id: last.id };
  }
  return { rows: picked };
}
