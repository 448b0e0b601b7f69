// Workers' heartbeats (docs/notifications.md §5.2): a running worker refreshes its row at most every
// settings.heartbeatMs (on a turn of its loop, which turns at least every pollMs) and removes it
// when it stops gracefully. Before removing it, it records its last beat in engine_meta, so the
// outage that follows — every worker gone — is still told apart from the previous one. Rows of
// workers killed long ago are forgotten when a worker starts.
import { hostname } from 'node:os';
import type { Store } from '../domain/store-port.js';

export const LAST_RETIRED_BEAT_KEY = 'workers_last_retired_beat_at';

/** A starting worker forgets rows silent this long: workers killed long ago, not part of any outage it could report. */
export const FORGET_SILENT_WORKERS_MS = 7 * 24 * 3_600_000;

export interface WorkerHeartbeats {
  everyMs: number;
  beat(workerId: string, startedAt: number, now: number): Promise<void>;
  retire(workerId: string, now: number): Promise<void>;
}

export function createWorkerHeartbeats(store: Store, everyMs: number): WorkerHeartbeats {
  const host = hostname();
  const seen = new Set<string>();
  return {
    everyMs,
    async beat(id, startedAt, now) {
      if (!seen.has(id)) {
        await store.workers.removeSilentSince(now - FORGET_SILENT_WORKERS_MS);
        seen.add(id);
      }
      await store.workers.beat({ id, host, pid: process.pid, startedAt }, now);
    },
    retire: (id, now) =>
      store.transaction(async (tx) => {
        seen.delete(id);
        await tx.workers.remove(id);
        const before = Number((await tx.meta.get(LAST_RETIRED_BEAT_KEY)) ?? 0);
        if (now > before) await tx.meta.set(LAST_RETIRED_BEAT_KEY, String(now));
      }),
  };
}
