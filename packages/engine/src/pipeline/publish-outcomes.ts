// How a publish run ends, each in one transaction with the job's own fate: held for a person to
// act, failed for good, back in the queue for a later try, or handed to status tracking.
import { transitionPost } from '../domain/transition.js';
import type { Repos } from '../domain/store-port.js';
import type { Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { backoffDelay } from '../jobs/backoff.js';
import type { JobLease } from '../jobs/lease.js';
import { nextPollDelayMs } from './status-schedule.js';

export interface Outcome {
  reason: string;
  message: string;
  detail?: Record<string, unknown>;
}

const emitPost = (deps: EngineDeps, post: Post, from: Post['state'], now: number) =>
  deps.events.emit('post', { postId: post.id, accountId: post.accountId, from, to: post.state, reason: post.stateReason, at: now });

/** Holds the post as needs_action (reconnect, cap, media, creator settings…) and ends the job. */
export async function holdPost(deps: EngineDeps, lease: JobLease, post: Post, actor: string, o: Outcome): Promise<void> {
  const now = deps.clock.now();
  let moved: Post | undefined;
  await lease.done(async (tx) => {
    moved = await transitionPost(tx, post, { to: 'needs_action', actor, reason: o.reason, message: o.message, detail: o.detail ?? null, now });
  });
  if (moved) emitPost(deps, moved, post.state, now);
}

export async function failPost(deps: EngineDeps, lease: JobLease, post: Post, actor: string, o: Outcome): Promise<void> {
  const now = deps.clock.now();
  let moved: Post | undefined;
  await lease.done(async (tx) => {
    moved = await transitionPost(tx, post, { to: 'failed', actor, reason: o.reason, message: o.message, detail: o.detail ?? null, now });
  });
  if (moved) emitPost(deps, moved, post.state, now);
}

/**
 * Back to the queue to try again at `runAt` (default: the job's backoff). Only before an init went
 * out: the post returns to `scheduled`, where it can still be edited or cancelled.
 */
export async function retryLater(deps: EngineDeps, lease: JobLease, post: Post, actor: string, o: Outcome & { runAt?: number }): Promise<void> {
  const now = deps.clock.now();
  const runAt = o.runAt ?? now + backoffDelay(lease.job.attempts, { baseMs: deps.settings.retryBaseMs, maxMs: deps.settings.retryMaxMs }, deps.random);
  await lease.retry(runAt, `${o.reason}: ${o.message}`, async (tx) => {
    if (post.state === 'publishing' && post.initStartedAt === null) {
      await transitionPost(tx, post, { to: 'scheduled', actor, reason: o.reason, message: `${o.message} Next try at ${new Date(runAt).toISOString()}.`, detail: o.detail ?? null, now, guard: { initNotStarted: true } });
    }
  });
}

/**
 * Moves the post to a later time chosen on purpose (the next free slot, the end of a pause): back to
 * `scheduled` with the reason, the job due at `until`, its failure count untouched.
 */
export async function deferPost(deps: EngineDeps, lease: JobLease, post: Post, actor: string, o: Outcome & { until: number }): Promise<void> {
  const now = deps.clock.now();
  let moved: Post | undefined;
  await lease.retry(
    o.until,
    null,
    async (tx) => {
      if (post.state === 'publishing' && post.initStartedAt === null) {
        moved = await transitionPost(tx, post, { to: 'scheduled', actor, reason: o.reason, message: o.message, detail: o.detail ?? null, now, guard: { initNotStarted: true } });
      }
    },
    { attempts: 'keep' },
  );
  if (moved) emitPost(deps, moved, post.state, now);
}

/** TikTok has the media: the post is processing and a status job follows it. */
export async function startTracking(deps: EngineDeps, tx: Repos, post: Post, actor: string, o: { reason?: string | null; message?: string; payload?: Record<string, unknown> } = {}): Promise<Post | undefined> {
  const now = deps.clock.now();
  const moved =
    post.state === 'processing'
      ? post
      : await transitionPost(tx, post, {
          to: 'processing',
          actor,
          reason: o.reason ?? null,
          message: o.message ?? 'TikTok has the post. Processing can take a few minutes before it appears on the profile.',
          now,
        });
  if (!moved) return undefined;
  await tx.jobs.upsert(
    {
      kind: 'status',
      key: `status:${post.id}`,
      groupKey: `account:${post.accountId}`,
      postId: post.id,
      accountId: post.accountId,
      runAt: now + nextPollDelayMs(0, 0, 'tracking'),
      payload: { startedAt: now, ...o.payload },
    },
    now,
  );
  if (moved !== post) emitPost(deps, moved, post.state, now);
  return moved;
}
