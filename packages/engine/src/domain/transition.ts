// The one way a post changes state: a guarded update of the post row plus its timeline event, in
// the caller's transaction. The update comes first so the post row's lock orders concurrent
// writers (and the timeline's sequence numbers). A change someone must hear about (failed, held,
// missed, published) raises its notification in the same transaction (docs/notifications.md §1).
import { notifyTransition } from '../notifications/post-notifications.js';
import { canTransition, InvalidTransitionError, type PostState } from './post-states.js';
import type { PostGuard, PostPatch, Repos } from './store-port.js';
import type { Post } from './types.js';

export interface TransitionInput {
  to: PostState;
  actor: string;
  reason?: string | null;
  message?: string | null;
  detail?: Record<string, unknown> | null;
  patch?: PostPatch;
  /** Extra conditions (the state the caller read is always required). */
  guard?: Omit<PostGuard, 'states'>;
  now: number;
}

/** Applies the transition; undefined when the post moved meanwhile (the guard failed). */
export async function transitionPost(tx: Repos, post: Post, t: TransitionInput): Promise<Post | undefined> {
  if (!canTransition(post.state, t.to)) throw new InvalidTransitionError(post.state, t.to);
  const patch: PostPatch = { ...t.patch, state: t.to, stateReason: t.reason ?? null, stateMessage: t.message ?? null };
  const ok = await tx.posts.update(post.id, patch, t.now, { ...t.guard, states: [post.state] });
  if (!ok) return undefined;
  const entry = await tx.timeline.append({
    postId: post.id,
    at: t.now,
    fromState: post.state,
    toState: t.to,
    actor: t.actor,
    reason: t.reason ?? null,
    message: t.message ?? null,
    detail: t.detail ?? null,
  });
  const moved = { ...post, ...patch, updatedAt: t.now } as Post;
  await notifyTransition(tx, post, moved, entry.seq, t.now);
  return moved;
}

/** A timeline note that changes no state (e.g. "TikTok reports the post public"). */
export async function notePost(tx: Repos, post: Post, n: Omit<TransitionInput, 'to' | 'guard'>): Promise<void> {
  if (n.patch) await tx.posts.update(post.id, n.patch, n.now);
  else await tx.posts.update(post.id, {}, n.now);
  await tx.timeline.append({
    postId: post.id,
    at: n.now,
    fromState: post.state,
    toState: post.state,
    actor: n.actor,
    reason: n.reason ?? null,
    message: n.message ?? null,
    detail: n.detail ?? null,
  });
}
