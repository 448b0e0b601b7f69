// Is any worker alive? (docs/notifications.md §5.2) Answered from the heartbeat rows by any process
// — the server calls it periodically, so it needs no worker itself. When no worker beat within
// settings.workerDeadAfterMs, `no_worker_alive` is raised once per outage (the dedupe key is the
// last beat seen before it) and delivered right here, with a few tries inline: there is no worker
// to run a notify job.
import type { EngineDeps } from '../engine-deps.js';
import { backoffDelay } from '../jobs/backoff.js';
import { deliverOnce } from './deliver.js';
import { LAST_RETIRED_BEAT_KEY } from './heartbeats.js';
import type { NotificationEvent, WorkerHeartbeat } from './notification-types.js';
import { raiseNotification } from './raise.js';

export interface WorkerLiveness extends WorkerHeartbeat {
  alive: boolean;
}

export interface Liveness {
  checkedAt: number;
  /** Some worker beat within settings.workerDeadAfterMs. */
  alive: boolean;
  /** The latest beat of any worker, running or gone (null: none ever). */
  lastBeatAt: number | null;
  workers: WorkerLiveness[];
  /** The `no_worker_alive` event of this outage, when there is one. */
  outage: NotificationEvent | null;
}

export async function checkLiveness(deps: EngineDeps): Promise<Liveness> {
  const now = deps.clock.now();
  const rows = await deps.store.workers.list();
  const workers = rows.map((w) => ({ ...w, alive: now - w.lastBeatAt <= deps.settings.workerDeadAfterMs }));
  const alive = workers.some((w) => w.alive);
  const retired = Number((await deps.store.meta.get(LAST_RETIRED_BEAT_KEY)) ?? 0) || null;
  const beats = [...rows.map((w) => w.lastBeatAt), ...(retired ? [retired] : [])];
  const lastBeatAt = beats.length > 0 ? Math.max(...beats) : null;
  if (alive) return { checkedAt: now, alive, lastBeatAt, workers, outage: null };

  const dedupeKey = `no_worker_alive:${lastBeatAt ?? 'never'}`;
  const raised = await deps.store.transaction((tx) =>
    raiseNotification(
      tx,
      {
        type: 'no_worker_alive',
        dedupeKey,
        accountId: null,
        postId: null,
        summary:
          lastBeatAt === null
            ? 'No tokpost worker has ever run: nothing is being published'
            : `No tokpost worker is alive (last heartbeat ${new Date(lastBeatAt).toISOString()}): nothing is being published`,
        data: { lastBeatAt, deadAfterMs: deps.settings.workerDeadAfterMs, workers: rows },
      },
      now,
      { enqueue: false },
    ),
  );
  if (raised) await deliverInline(deps, raised);
  const outage = raised ?? (await deps.store.notifications.getByKey(dedupeKey)) ?? null;
  return { checkedAt: now, alive, lastBeatAt, workers, outage };
}

async function deliverInline(deps: EngineDeps, event: NotificationEvent): Promise<void> {
  const deliveries = await deps.store.notifications.deliveriesOf([event.id]);
  await Promise.all(
    deliveries.map(async (d) => {
      const endpoint = await deps.store.notificationEndpoints.get(d.endpointId);
      if (!endpoint) return;
      const tries = Math.max(1, deps.settings.livenessDeliveryTries);
      for (let i = 0; i < tries; i++) {
        const r = await deliverOnce(deps.settings, endpoint, event, deps.clock.now());
        const last = i === tries - 1;
        const status = r.outcome === 'delivered' ? 'delivered' : r.outcome === 'skipped' ? 'skipped' : last ? 'failed' : 'pending';
        const error = r.outcome === 'delivered' ? null : r.outcome === 'error' && last ? `${r.error}; gave up after ${tries} tries` : r.error;
        await deps.store.notifications.updateDelivery(event.id, endpoint.id, { status, tried: r.outcome === 'skipped' ? 0 : 1, error }, deps.clock.now());
        if (status !== 'pending') return;
        await deps.clock.sleep(backoffDelay(i, { baseMs: 1_000, maxMs: 10_000 }, deps.random));
      }
    }),
  );
}
