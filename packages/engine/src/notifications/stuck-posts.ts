// Which posts are stuck (docs/notifications.md §5.1): a post past its deadline in a state it should
// have left on its own. Each state has its own deadline and its own thing it waits for:
//
//   scheduled      due (or moved, or queued again) and not started within stuckScheduledMs: waits for a worker
//   publishing     no progress (no timeline entry) for stuckPublishingMs: waits for the publish run
//   processing     stuckProcessingMs after the init: waits for TikTok's final status
//   inbox_pending  inboxHorizonMs after delivery: waits for the creator, and tokpost stopped polling
//
// `post_stuck` is raised once per post per entry into the state (the timeline entry's sequence
// number is in the dedupe key), so a post that moves on and gets stuck again is told again.
import type { PostState } from '../domain/post-states.js';
import type { Repos } from '../domain/store-port.js';
import type { Post, TimelineEvent } from '../domain/types.js';
import type { EngineSettings } from '../engine-deps.js';
import { postData, postLabel } from './post-notifications.js';
import { raiseNotification } from './raise.js';

export const WATCHED_STATES: readonly PostState[] = ['scheduled', 'publishing', 'processing', 'inbox_pending'];

const iso = (t: number) => new Date(t).toISOString();

/** The timeline entry that brought the post into its current state. */
export function stateEntry(post: Post, timeline: readonly TimelineEvent[]): TimelineEvent | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i]!;
    if (e.toState === post.state && e.fromState !== post.state) return e;
  }
  return undefined;
}

interface Verdict {
  deadline: number;
  waitingFor: string;
}

/** The timeline of a post, read at most once and only when needed. */
export type LazyTimeline = () => Promise<readonly TimelineEvent[]>;

async function deadlineOf(tx: Repos, settings: EngineSettings, post: Post, timeline: LazyTimeline, now: number): Promise<Verdict | undefined> {
  switch (post.state) {
    case 'scheduled': {
      // Due from the later of its time and its last (re)scheduling, as for catch-up
      // (policies/catch-up.ts). Most scheduled posts are in the future: decided without reading their job.
      const planned = Math.max(post.scheduledAt ?? 0, post.updatedAt);
      if (planned + settings.stuckScheduledMs > now) return undefined;
      const job = await tx.jobs.get(`publish:${post.id}`);
      const due = Math.max(planned, job?.runAt ?? 0);
      const waitingFor = job
        ? `a worker to start its publish job (due since ${iso(job.runAt)}${job.attempts > 0 ? `, ${job.attempts} failed runs, last: ${job.lastError ?? 'unknown'}` : ''})`
        : 'a publish job, but none is queued';
      return { deadline: due + settings.stuckScheduledMs, waitingFor };
    }
    case 'publishing':
      return { deadline: post.updatedAt + settings.stuckPublishingMs, waitingFor: `the publish run to make progress (last progress at ${iso(post.updatedAt)})` };
    case 'processing':
      return {
        deadline: (post.initStartedAt ?? post.updatedAt) + settings.stuckProcessingMs,
        waitingFor: `TikTok's final status for publish ${post.publishId ?? '(publish_id unknown)'} (a webhook or a status poll)`,
      };
    case 'inbox_pending': {
      const since = stateEntry(post, await timeline())?.at ?? post.updatedAt;
      return { deadline: since + settings.inboxHorizonMs, waitingFor: `the creator to finish the draft in the TikTok app (delivered ${iso(since)}; tokpost no longer polls its status)` };
    }
    default:
      return undefined;
  }
}

/** Raises `post_stuck` for the post when it is past its deadline (once per state entry). */
export async function checkStuck(tx: Repos, settings: EngineSettings, post: Post, timeline: LazyTimeline, now: number): Promise<boolean> {
  const v = await deadlineOf(tx, settings, post, timeline, now);
  if (!v || now < v.deadline) return false;
  const entry = stateEntry(post, await timeline());
  const raised = await raiseNotification(
    tx,
    {
      type: 'post_stuck',
      dedupeKey: `post_stuck:${post.id}:${entry?.seq ?? 0}`,
      accountId: post.accountId,
      postId: post.id,
      summary: `Post ${postLabel(post)} is stuck in ${post.state}: waiting for ${v.waitingFor}`,
      data: { post: postData(post), waitingFor: v.waitingFor, since: entry?.at ?? null, deadline: v.deadline },
    },
    now,
  );
  return raised !== undefined;
}
