// GET /metrics in Prometheus's text format (prom-client 15), public like /healthz (docs/rest-api.md "Operations").
// Every count comes from the shared database (engine.metrics()), so any server instance reports the
// whole installation; each instance has its own registry, never prom-client's global one, so two
// servers in one process (tests, an embedded setup) do not mix their metrics.
import { POST_STATES, type Engine, type OperationsMetrics } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { routeDoc } from '../openapi/route-doc.js';

const STUCK_STATES = ['scheduled', 'publishing', 'processing'] as const;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tokpost_process_' });
  const g = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    queued: g('tokpost_jobs_queued', 'Jobs waiting or running, by kind (queue depth)', ['kind']),
    dueUnclaimed: g('tokpost_jobs_due_unclaimed', 'Jobs due now that no worker holds, by kind', ['kind']),
    lateness: g('tokpost_jobs_lateness_seconds', 'How late the oldest due, unclaimed job of each kind is', ['kind']),
    posts: g('tokpost_posts', 'Posts by state', ['state']),
    failures: g('tokpost_post_failures', 'Failed, held and missed posts by failure family (docs/architecture.md §2.6)', ['state', 'family']),
    stuck: g('tokpost_posts_stuck', 'Posts past their state deadline (the watchdog’s rules), by state', ['state']),
    calls: new Counter({ name: 'tokpost_tiktok_calls_total', help: 'Calls made to TikTok (attempt rows), by endpoint and TikTok code (ok for success)', labelNames: ['endpoint', 'code'], registers: [registry] }),
    workersAlive: g('tokpost_workers_alive', 'Workers whose heartbeat is recent', []),
    heartbeat: g('tokpost_worker_last_heartbeat_seconds', 'Time of each worker’s last heartbeat (Unix seconds)', ['worker', 'host']),
  };
}

type Metrics = ReturnType<typeof createMetrics>;

function apply(m: Metrics, s: OperationsMetrics): void {
  for (const gauge of [m.queued, m.dueUnclaimed, m.lateness, m.posts, m.failures, m.stuck, m.heartbeat]) gauge.reset();
  m.calls.reset();
  for (const r of s.jobsByKind) m.queued.set({ kind: r.kind }, r.count);
  for (const r of s.dueUnclaimed) {
    m.dueUnclaimed.set({ kind: r.kind }, r.count);
    m.lateness.set({ kind: r.kind }, r.maxLatenessMs / 1000);
  }
  // Every state is reported, zero included, so a series never vanishes when a state empties.
  for (const state of POST_STATES) m.posts.set({ state }, s.postsByState.find((r) => r.state === state)?.count ?? 0);
  for (const state of STUCK_STATES) m.stuck.set({ state }, s.stuckByState.find((r) => r.state === state)?.count ?? 0);
  for (const r of s.failuresByFamily) m.failures.set({ state: r.state, family: r.family }, r.count);
  for (const r of s.tiktokCalls) m.calls.inc({ endpoint: r.endpoint, code: r.code }, r.count);
  m.workersAlive.set(s.workers.filter((w) => w.alive).length);
  for (const w of s.workers) m.heartbeat.set({ worker: w.id, host: w.host }, Math.floor(w.lastBeatAt / 1000));
}

export function metricsRoutes(app: FastifyInstance, engine: Engine): void {
  const m = createMetrics();
  // One scrape at a time: each one resets and refills the same series.
  let turn: Promise<unknown> = Promise.resolve();
  app.get('/metrics', { schema: routeDoc({ tag: 'operations', summary: 'Operations metrics in Prometheus format', public: true, responses: { 200: 'Prometheus text exposition format' } }) }, async (_request, reply) => {
    const run = turn.then(async () => {
      apply(m, await engine.metrics());
      return m.registry.metrics();
    });
    turn = run.catch(() => undefined);
    const text = await run;
    return reply.header('content-type', m.registry.contentType).send(text);
  });
}
