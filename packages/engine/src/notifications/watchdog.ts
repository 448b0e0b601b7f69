// The watchdog job (one row, key `watchdog`): every settings.watchdogIntervalMs a worker looks for
// stuck posts (./stuck-posts.ts), inbox drafts to remind about and refresh tokens nearing their end
// (./reminders.ts), raising what is due in one transaction, then queues itself again. Any worker
// may run it; the single key means one at a time. A worker puts it in the queue when it starts and
// finds none (WorkerOptions.watchdog).
import type { JobSpec, Repos } from '../domain/store-port.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobHandler } from '../jobs/worker.js';
import { remindInbox, warnRefreshExpiry } from './reminders.js';
import { checkStuck, WATCHED_STATES } from './stuck-posts.js';

export const WATCHDOG_JOB_KEY = 'watchdog';

export function watchdogJob(runAt: number): JobSpec {
  return { kind: 'watchdog', key: WATCHDOG_JOB_KEY, groupKey: null, runAt };
}

/** Queues the watchdog unless it is queued already (it then keeps its time). */
export async function ensureWatchdog(deps: Pick<EngineDeps, 'store' | 'clock'>): Promise<void> {
  if (await deps.store.jobs.get(WATCHDOG_JOB_KEY)) return;
  const now = deps.clock.now();
  await deps.store.jobs.upsert(watchdogJob(now), now);
}

export interface WatchdogReport {
  stuck: number;
  inboxReminders: number;
  refreshWarnings: number;
}

/** One pass over what the watchdog watches; answers how many notifications it raised. */
export async function runWatchdog(deps: Pick<EngineDeps, 'settings'>, tx: Repos, now: number): Promise<WatchdogReport> {
  const report: WatchdogReport = { stuck: 0, inboxReminders: 0, refreshWarnings: 0 };
  for (const post of await tx.posts.list({ states: WATCHED_STATES })) {
    let read: ReturnType<typeof tx.timeline.list> | undefined;
    const timeline = () => (read ??= tx.timeline.list(post.id));
    if (await checkStuck(tx, deps.settings, post, timeline, now)) report.stuck += 1;
    if (await remindInbox(tx, deps.settings, post, timeline, now)) report.inboxReminders += 1;
  }
  for (const account of await tx.accounts.list({ status: 'active' })) {
    if (await warnRefreshExpiry(tx, deps.settings, account, now)) report.refreshWarnings += 1;
  }
  return report;
}

export function createWatchdogHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const now = deps.clock.now();
    let report: WatchdogReport | undefined;
    await lease.retry(
      now + deps.settings.watchdogIntervalMs,
      null,
      async (tx) => {
        report = await runWatchdog(deps, tx, now);
      },
      { attempts: 'reset' },
    );
    if (report && report.stuck + report.inboxReminders + report.refreshWarnings > 0) {
      deps.log.info({ ...report }, 'the watchdog raised notifications');
      deps.events.emit('work');
    }
  };
}
