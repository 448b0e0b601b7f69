// The counts behind /metrics (docs/rest-api.md "Operations"), read from the rows every process shares, so any
// server instance reports the whole installation: the job queue, posts by state and by reason of
// failure, stuck posts, and the calls made to TikTok (each one is an attempt row, pipeline/recorded-call.ts
// and pipeline/send-init.ts). Each count is one grouped query along an index; none reads post bodies.
import { sql } from 'kysely';
import type { MetricsRepo } from '../../domain/store-port.js';
import type { RepoContext } from './context.js';

const n = (v: unknown): number => Number(v ?? 0);

export function createMetricsRepo(ctx: RepoContext): MetricsRepo {
  const { db } = ctx;
  return {
    async counts(now, stuck) {
      const [jobs, due, states, troubled, stuckRows, calls] = await Promise.all([
        db
          .selectFrom('jobs')
          .select(['kind', (eb) => eb.fn.countAll().as('n')])
          .groupBy('kind')
          .execute(),
        // Unclaimed: no lease, or one that expired (its worker died; another will take the job).
        db
          .selectFrom('jobs')
          .select(['kind', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('run_at').as('oldest')])
          .where('run_at', '<=', now)
          .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
          .groupBy('kind')
          .execute(),
        db
          .selectFrom('posts')
          .select(['state', (eb) => eb.fn.countAll().as('n')])
          .groupBy('state')
          .execute(),
        db
          .selectFrom('posts')
          .select(['state', 'state_reason', (eb) => eb.fn.countAll().as('n')])
          .where('state', 'in', ['failed', 'needs_action', 'missed'])
          .groupBy(['state', 'state_reason'])
          .execute(),
        // The watchdog's deadlines (notifications/stuck-posts.ts), without reading each post's job.
        db
          .selectFrom('posts')
          .select(['state', (eb) => eb.fn.countAll().as('n')])
          .where((eb) =>
            eb.or([
              eb.and([eb('state', '=', 'scheduled'), eb(sql`coalesce(scheduled_at, 0)`, '<=', now - stuck.scheduledMs), eb('updated_at', '<=', now - stuck.scheduledMs)]),
              eb.and([eb('state', '=', 'publishing'), eb('updated_at', '<=', now - stuck.publishingMs)]),
              eb.and([eb('state', '=', 'processing'), eb(sql`coalesce(init_started_at, updated_at)`, '<=', now - stuck.processingMs)]),
            ]),
          )
          .groupBy('state')
          .execute(),
        db
          .selectFrom('attempts')
          .select(['endpoint', 'error_code', (eb) => eb.fn.countAll().as('n')])
          .groupBy(['endpoint', 'error_code'])
          .execute(),
      ]);
      const byCode = new Map<string, { endpoint: string; code: string; count: number }>();
      for (const r of calls) {
        const code = r.error_code ?? 'ok';
        const key = `${r.endpoint}\n${code}`;
        const prev = byCode.get(key);
        if (prev) prev.count += n(r.n);
        else byCode.set(key, { endpoint: r.endpoint, code, count: n(r.n) });
      }
      return {
        jobsByKind: jobs.map((r) => ({ kind: r.kind, count: n(r.n) })),
        dueUnclaimed: due.map((r) => ({ kind: r.kind, count: n(r.n), maxLatenessMs: Math.max(0, now - n(r.oldest)) })),
        postsByState: states.map((r) => ({ state: r.state, count: n(r.n) })),
        troubledByReason: troubled.map((r) => ({ state: r.state, reason: r.state_reason, count: n(r.n) })),
        stuckByState: stuckRows.map((r) => ({ state: r.state, count: n(r.n) })),
        tiktokCalls: [...byCode.values()],
      };
    },
  };
}
