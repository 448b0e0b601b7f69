// createWorker: the loop that runs due work. Any number of workers, in any number of processes,
// share one database.
//
// Why one jobs table rather than due columns on each entity: four kinds of work (publish a post,
// refresh a token, check a status, process a webhook event) need the same things — a lease that
// expires so a killed worker's work is taken over, attempts and backoff, a key that deduplicates,
// and "at most one unit per account in flight" so two workers never race one account's refresh
// token or its per-token rate limits. One table gives all four one claim query
// (store/sqlite|postgres/claim-jobs.ts), and a state change plus the next unit of work commit in one
// transaction because both are rows of the same database.
//
// Loop: claim up to the free slots → run each job under its lease (jobs/lease.ts) → when nothing is
// due, sleep until the next job is due (at most `pollMs`, so work other processes add is seen) or
// until this process adds work. A heartbeat renews the leases of running jobs; a job whose lease is
// lost is aborted at its next safe point. stop() (and SIGTERM with handleSignals) stops claiming,
// lets running jobs finish within the grace period, then aborts them so they release their leases.
// Each turn of the loop also writes the worker's heartbeat (at most every heartbeats.everyMs); a
// graceful stop removes it (docs/notifications.md §5.2).
import type { Clock } from '@tokpost/tiktok';
import type { ClaimedJob, JobKind, Store } from '../domain/store-port.js';
import type { Logger } from '../logger.js';
import type { WorkerHeartbeats } from '../notifications/heartbeats.js';
import { backoffDelay } from './backoff.js';
import type { JobClock } from './job-clock.js';
import { createLease, LeaseLostError, type JobLease } from './lease.js';

export type JobHandler = (lease: JobLease) => Promise<void>;

export interface WorkerRuntime {
  store: Store;
  /** The clock of the loop itself (sleeps, heartbeats). */
  clock: Clock;
  /** The clock jobs run on (tracks running vs waiting). */
  jobClock: JobClock;
  log: Logger;
  random: () => number;
  leaseMs: number;
  handlers: Record<JobKind, JobHandler>;
  /** Work added in this process wakes idle workers at once. */
  onWork(listener: () => void): () => void;
  newWorkerId(): string;
  /** Liveness rows (none: the worker is not recorded). */
  heartbeats?: WorkerHeartbeats;
  /** Runs once when the loop starts, before the first claim (e.g. queue the watchdog). */
  startup?: () => Promise<void>;
}

export interface WorkerOptions {
  id?: string;
  /** Jobs run at once by this worker (default 16). */
  concurrency?: number;
  /** Longest idle sleep before looking for work other processes added (default 1 s). */
  pollMs?: number;
  /** Real milliseconds stop() waits for running jobs before aborting them (default 30 s). */
  stopGraceMs?: number;
  /** Stop gracefully on SIGTERM and SIGINT. */
  handleSignals?: boolean;
  /** Only these kinds of work (default: all). */
  kinds?: readonly JobKind[];
  /** Queue the watchdog job (stuck posts, reminders) when it is not queued yet (default true). */
  watchdog?: boolean;
}

export interface Worker {
  readonly id: string;
  start(): void;
  stop(): Promise<void>;
  /** Resolves once the loop has started: its startup step ran and its first heartbeat is written. */
  whenStarted(): Promise<void>;
  /** Resolves once nothing is claimable now and every running job is waiting on the clock. */
  whenIdle(): Promise<void>;
  stats(): { inFlight: number; completed: number; failed: number; claimed: number };
}

export function startWorkerLoop(rt: WorkerRuntime, o: WorkerOptions = {}): Worker {
  const id = o.id ?? rt.newWorkerId();
  const concurrency = o.concurrency ?? 16;
  const pollMs = o.pollMs ?? 1_000;
  const inFlight = new Map<string, { job: ClaimedJob; ctl: AbortController; done: Promise<void> }>();
  const stats = { completed: 0, failed: 0, claimed: 0 };
  let started = false;
  let stopping = false;
  let loopDone: Promise<void> | undefined;
  let wake: AbortController | undefined;
  let idle = false;
  let idleWaiters: Array<() => void> = [];
  let heartbeat: Promise<void> | undefined;

  const nudge = () => {
    // Not idle from this moment: whenIdle() must wait for the loop to look for the new work.
    idle = false;
    wake?.abort();
  };
  const offWork = rt.onWork(nudge);

  const checkIdle = () => {
    if (!(idle && rt.jobClock.running() === 0) || idleWaiters.length === 0) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };
  const watchRunning = async () => {
    while (started && !stopping) {
      await rt.jobClock.changed();
      checkIdle();
    }
  };

  const runHeartbeat = async () => {
    const every = Math.max(1, Math.floor(rt.leaseMs / 3));
    while (inFlight.size > 0) {
      await rt.clock.sleep(every).catch(() => undefined);
      const now = rt.clock.now();
      for (const { job, ctl } of [...inFlight.values()]) {
        if (ctl.signal.aborted) continue;
        try {
          if (!(await rt.store.jobs.renew(job, now + rt.leaseMs, now))) ctl.abort(new LeaseLostError(job));
        } catch (e) {
          rt.log.warn({ err: e, job: job.key }, 'could not renew a job lease; will try again');
        }
      }
    }
    heartbeat = undefined;
  };

  const launch = (job: ClaimedJob) => {
    const ctl = new AbortController();
    const lease = createLease({ store: rt.store, clock: rt.clock, leaseMs: rt.leaseMs }, job, ctl.signal);
    const handler = rt.handlers[job.kind];
    // Everything, the bookkeeping included, runs as the job: the loop is nudged before the job stops
    // counting as running, so whenIdle() never sees "nothing running" while the loop has yet to
    // look for the work this job may have queued.
    const entry = { job, ctl, done: Promise.resolve() };
    inFlight.set(job.id, entry);
    entry.done = rt.jobClock.runJob(async () => {
      try {
        await handler(lease);
        stats.completed += 1;
      } catch (e) {
        if (e instanceof LeaseLostError || (ctl.signal.aborted && ctl.signal.reason instanceof LeaseLostError)) {
          rt.log.info({ job: job.key }, 'job lease lost; another worker owns it now');
        } else if (ctl.signal.aborted) {
          // Stopping: hand the job back as it is; the next worker picks it up where it stands.
          await lease.release().catch(() => undefined);
        } else {
          stats.failed += 1;
          const delay = backoffDelay(job.attempts, { baseMs: 5_000, maxMs: 15 * 60_000 }, rt.random);
          rt.log.error({ err: e, job: job.key, kind: job.kind, retryInMs: delay }, 'job failed unexpectedly; it will run again');
          await lease.retry(rt.clock.now() + delay, e instanceof Error ? e.message : String(e)).catch(() => undefined);
        }
      } finally {
        inFlight.delete(job.id);
        nudge();
      }
    });
    heartbeat ??= runHeartbeat();
  };

  const startedAt = rt.clock.now();
  let markStarted: () => void = () => undefined;
  const startedP = new Promise<void>((r) => (markStarted = r));
  let lastBeat = -Infinity;
  const beat = async () => {
    const hb = rt.heartbeats;
    const now = rt.clock.now();
    if (!hb || now - lastBeat < hb.everyMs) return;
    try {
      await hb.beat(id, startedAt, now);
      lastBeat = now;
    } catch (e) {
      rt.log.warn({ err: e }, 'could not write the worker heartbeat; will try again');
    }
  };

  const loop = async () => {
    let failures = 0;
    if (rt.startup) await rt.startup().catch((e: unknown) => rt.log.error({ err: e }, 'worker startup step failed; going on'));
    await beat();
    markStarted();
    while (!stopping) {
      // A fresh wake-up for this turn, made before looking for work: a nudge that comes while the
      // claim is in progress cuts the coming sleep short instead of being lost with an old one.
      wake = new AbortController();
      const { signal } = wake;
      await beat();
      const free = concurrency - inFlight.size;
      let claimed: ClaimedJob[] = [];
      if (free > 0) {
        try {
          claimed = await rt.store.jobs.claim({ now: rt.clock.now(), owner: id, limit: free, leaseMs: rt.leaseMs, kinds: o.kinds });
          failures = 0;
        } catch (e) {
          failures += 1;
          rt.log.error({ err: e }, 'could not claim jobs (is the database reachable?); retrying');
          await rt.clock.sleep(backoffDelay(failures, { baseMs: 250, maxMs: 10_000 }, rt.random), signal).catch(() => undefined);
          continue;
        }
        stats.claimed += claimed.length;
        for (const job of claimed) launch(job);
        if (claimed.length > 0) continue;
      }
      let waitMs = pollMs;
      if (free > 0) {
        const now = rt.clock.now();
        const next = await rt.store.jobs.nextDueAt(now).catch(() => undefined);
        if (next !== undefined) waitMs = Math.min(pollMs, Math.max(next - now, 1));
      }
      // Nudged meanwhile: there may be new work, so this is no idle moment; look again.
      if (signal.aborted) continue;
      idle = free > 0;
      checkIdle();
      await rt.clock.sleep(waitMs, signal).catch(() => undefined);
      idle = false;
    }
  };

  const stop = async () => {
    if (!started || stopping) return loopDone;
    stopping = true;
    nudge();
    await loopDone;
    const running = [...inFlight.values()];
    const grace = o.stopGraceMs ?? 30_000;
    const all = Promise.allSettled(running.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const r of inFlight.values()) r.ctl.abort(new Error('worker stopping'));
      await Promise.allSettled([...inFlight.values()].map((r) => r.done));
    }
    await rt.heartbeats?.retire(id, rt.clock.now()).catch((e: unknown) => rt.log.warn({ err: e }, 'could not remove the worker heartbeat'));
    offWork();
    markStarted();
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };

  const onSignal = () => {
    void stop();
  };

  return {
    id,
    start() {
      if (started) return;
      started = true;
      loopDone = loop();
      void watchRunning();
      if (o.handleSignals) {
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
      }
    },
    async stop() {
      if (o.handleSignals) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
      await stop();
    },
    whenStarted: () => startedP,
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    stats: () => ({ inFlight: inFlight.size, ...stats }),
  };
}
