// The jobs table: every unit of due work (docs/architecture.md §3); why one table serves every
// kind of work is explained in the header of ../../jobs/worker.ts.
import { sql } from 'kysely';
import type { ClaimedJob, JobsRepo } from '../../domain/store-port.js';
import { claimJobs as claimSqlite } from '../sqlite/claim-jobs.js';
import { claimJobs as claimPostgres } from '../postgres/claim-jobs.js';
import { changed, toJson, type RepoContext } from './context.js';
import { jobFromRow } from './job-rows.js';

export function createJobsRepo(ctx: RepoContext): JobsRepo {
  const { db } = ctx;
  const held = (job: ClaimedJob) => db.updateTable('jobs').where('id', '=', job.id).where('lease_token', '=', job.leaseToken);

  return {
    async upsert(spec, now) {
      await db
        .insertInto('jobs')
        .values({
          id: ctx.ids.next('job'),
          kind: spec.kind,
          key: spec.key,
          group_key: spec.groupKey,
          post_id: spec.postId ?? null,
          account_id: spec.accountId ?? null,
          run_at: spec.runAt,
          attempts: 0,
          lease_owner: null,
          lease_token: null,
          lease_expires_at: null,
          payload: toJson(spec.payload ?? {}),
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            run_at: eb.ref('excluded.run_at'),
            payload: eb.ref('excluded.payload'),
            group_key: eb.ref('excluded.group_key'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    claim(input) {
      const claim = ctx.dialect === 'postgres' ? claimPostgres : claimSqlite;
      return ctx.atomically((tx) => claim(tx, { ...input, token: () => ctx.ids.secret(12) }));
    },

    async renew(job, leaseExpiresAt, now) {
      return changed(await held(job).set({ lease_expires_at: leaseExpiresAt, updated_at: now }).executeTakeFirst());
    },

    async complete(job) {
      return changed(await db.deleteFrom('jobs').where('id', '=', job.id).where('lease_token', '=', job.leaseToken).executeTakeFirst());
    },

    async retryAt(job, runAt, error, now, attempts = 'increment') {
      return changed(
        await held(job)
          .set((eb) => ({
            run_at: runAt,
            attempts: attempts === 'increment' ? eb('attempts', '+', 1) : attempts === 'reset' ? eb.val(0) : eb.ref('attempts'),
            last_error: error,
            lease_owner: null,
            lease_token: null,
            lease_expires_at: null,
            updated_at: now,
          }))
          .executeTakeFirst(),
      );
    },

    async release(job, now) {
      return changed(await held(job).set({ lease_owner: null, lease_token: null, lease_expires_at: null, updated_at: now }).executeTakeFirst());
    },

    async get(key) {
      const r = await db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
      return r && jobFromRow(r);
    },

    async deleteByKey(key) {
      await db.deleteFrom('jobs').where('key', '=', key).execute();
    },

    async deleteForAccount(accountId, kinds) {
      if (kinds.length === 0) return;
      await db.deleteFrom('jobs').where('account_id', '=', accountId).where('kind', 'in', [...kinds]).execute();
    },

    async wakeForAccount(accountId, kinds, now) {
      if (kinds.length === 0) return;
      await db
        .updateTable('jobs')
        .set({ run_at: now, updated_at: now })
        .where('account_id', '=', accountId)
        .where('kind', 'in', [...kinds])
        .where('run_at', '>', now)
        .execute();
    },

    async nextDueAt(now) {
      const { rows } = await sql<{ due: number | null; lease: number | null }>`
        select
          (select min(j.run_at) from jobs j
            where (j.lease_expires_at is null or j.lease_expires_at <= ${now})
              and (j.group_key is null or not exists (
                select 1 from jobs b where b.group_key = j.group_key and b.lease_expires_at > ${now}))) as due,
          (select min(lease_expires_at) from jobs where lease_expires_at > ${now}) as lease`.execute(db);
      const r = rows[0];
      const times = [r?.due, r?.lease].filter((t): t is number => t !== null && t !== undefined).map(Number);
      return times.length > 0 ? Math.min(...times) : undefined;
    },

    async count(filter = {}) {
      let q = db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'));
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      return Number((await q.executeTakeFirst())?.n ?? 0);
    },
  };
}
