// The clock jobs see. It is the engine's clock, plus bookkeeping: while a job sleeps on it (a rate
// limit wait, a retry backoff) the job is not "running", and `running()` says how many jobs are
// doing real work right now. The worker uses it to tell when it is quiescent — every job either
// done or waiting on time — which is what tests driving a manual clock wait for before moving time.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '@tokpost/tiktok';

export interface JobClock extends Clock {
  /** Runs `fn` as a job: counted as running except while it sleeps on this clock. */
  runJob<T>(fn: () => Promise<T>): Promise<T>;
  running(): number;
  /** Resolves on the next change of `running()`. */
  changed(): Promise<void>;
}

export function createJobClock(base: Clock): JobClock {
  const inJob = new AsyncLocalStorage<true>();
  let running = 0;
  let waiters: Array<() => void> = [];
  const bump = (d: number) => {
    running += d;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  return {
    now: () => base.now(),
    async sleep(ms, signal) {
      if (!inJob.getStore()) return base.sleep(ms, signal);
      bump(-1);
      try {
        await base.sleep(ms, signal);
      } finally {
        bump(1);
      }
    },
    runJob(fn) {
      bump(1);
      return inJob.run(true, fn).finally(() => bump(-1));
    },
    running: () => running,
    changed: () => new Promise<void>((r) => waiters.push(r)),
  };
}
