// A job held by this worker. Every write a job makes goes through its lease: the transaction first
// extends the lease, and if another worker has taken the job meanwhile (ours expired, theirs is
// live) the transaction fails with LeaseLostError and changes nothing. That fencing is what lets a
// worker that stalled — or was presumed dead — never record an outcome over its successor's.
import type { Clock } from '@tokpost/tiktok';
import type { AttemptCount, ClaimedJob, Repos, Store } from '../domain/store-port.js';

export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(job: ClaimedJob) {
    super(`lost the lease on job ${job.key}: another worker holds it now`);
  }
}

export interface JobLease {
  readonly job: ClaimedJob;
  /** Aborted when the lease is lost or the worker stops: stop at the next safe point. */
  readonly signal: AbortSignal;
  /** A transaction fenced by the lease. */
  tx<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** Finishes the job (deleted) in the same transaction as `fn`'s writes. */
  done(fn?: (tx: Repos) => Promise<void>): Promise<void>;
  /** Runs the job again at `runAt` (releasing it), in the same transaction as `fn`'s writes. */
  retry(runAt: number, error: string | null, fn?: (tx: Repos) => Promise<void>, opts?: { attempts?: AttemptCount }): Promise<void>;
  /** Lets go of the job without changing when it runs next. */
  release(fn?: (tx: Repos) => Promise<void>): Promise<void>;
}

export function createLease(deps: { store: Store; clock: Clock; leaseMs: number }, job: ClaimedJob, signal: AbortSignal): JobLease {
  const { store, clock, leaseMs } = deps;
  const fenced = <T>(fn: (tx: Repos) => Promise<T>) =>
    store.transaction(async (tx) => {
      const now = clock.now();
      if (!(await tx.jobs.renew(job, now + leaseMs, now))) throw new LeaseLostError(job);
      return fn(tx);
    });
  return {
    job,
    signal,
    tx: fenced,
    done: (fn) =>
      fenced(async (tx) => {
        await fn?.(tx);
        if (!(await tx.jobs.complete(job))) throw new LeaseLostError(job);
      }),
    retry: (runAt, error, fn, opts) =>
      fenced(async (tx) => {
        await fn?.(tx);
        if (!(await tx.jobs.retryAt(job, runAt, error, clock.now(), opts?.attempts ?? 'increment'))) throw new LeaseLostError(job);
      }),
    release: (fn) =>
      fenced(async (tx) => {
        await fn?.(tx);
        if (!(await tx.jobs.release(job, clock.now()))) throw new LeaseLostError(job);
      }),
  };
}
