// The operations metrics (docs/rest-api.md "Operations"): the database's counts (store/repos/metrics-repo.ts)
// with each failed, held or missed post's reason mapped to its failure family through the
// diagnostics catalog (docs/architecture.md §2.6), and the workers' heartbeats. Any process can
// answer: nothing here needs a worker.
import type { MetricsCounts } from '../domain/store-port.js';
import { diagnose } from '../diagnostics/diagnose.js';
import { STATE_FALLBACK_CODES } from '../diagnostics/local-reason-entries.js';
import type { EngineDeps } from '../engine-deps.js';

export interface OperationsMetrics extends Omit<MetricsCounts, 'troubledByReason'> {
  checkedAt: number;
  /** Failed, held and missed posts by failure family (`none` when the catalog names none). */
  failuresByFamily: Array<{ state: string; family: string; count: number }>;
  workers: Array<{ id: string; host: string; lastBeatAt: number; alive: boolean }>;
}

export async function readOperationsMetrics(deps: EngineDeps): Promise<OperationsMetrics> {
  const now = deps.clock.now();
  const s = deps.settings;
  const [counts, workers] = await Promise.all([
    deps.store.metrics.counts(now, { scheduledMs: s.stuckScheduledMs, publishingMs: s.stuckPublishingMs, processingMs: s.stuckProcessingMs }),
    deps.store.workers.list(),
  ]);
  const families = new Map<string, { state: string; family: string; count: number }>();
  for (const r of counts.troubledByReason) {
    const fallback = STATE_FALLBACK_CODES[r.state as keyof typeof STATE_FALLBACK_CODES];
    const d = diagnose({ code: r.reason ?? fallback ?? 'unknown' });
    const family = d.family === null ? 'none' : String(d.family);
    const key = `${r.state}\n${family}`;
    const prev = families.get(key);
    if (prev) prev.count += r.count;
    else families.set(key, { state: r.state, family, count: r.count });
  }
  const { troubledByReason: _t, ...rest } = counts;
  return {
    ...rest,
    checkedAt: now,
    failuresByFamily: [...families.values()],
    workers: workers.map((w) => ({ id: w.id, host: w.host, lastBeatAt: w.lastBeatAt, alive: now - w.lastBeatAt <= s.workerDeadAfterMs })),
  };
}
