// The notifications a post's state change raises (docs/notifications.md §2): failed, held
// (needs_action: reconnect, cap, media, audit…), missed, and published. Called by transitionPost
// (domain/transition.ts) inside the transaction that moves the post; the timeline entry's sequence
// number makes the dedupe key, so each change is told once.
import type { PostState } from '../domain/post-states.js';
import type { Repos } from '../domain/store-port.js';
import type { Post } from '../domain/types.js';
import type { NotificationType } from './notification-types.js';
import { isCapReason } from '../policies/caps.js';
import { raiseNotification } from './raise.js';

const TYPE_OF: Partial<Record<PostState, NotificationType>> = {
  failed: 'post_failed',
  needs_action: 'post_held',
  missed: 'post_missed',
  published: 'post_published',
};

function typeOf(from: Post, to: Post): NotificationType | undefined {
  // A due post a cap moved to a later slot (policies/policy-gate.ts, policies/cap-refusal.ts): not
  // held, but not out on time either.
  if (to.state === 'scheduled' && from.state === 'publishing' && isCapReason(to.stateReason)) return 'post_moved';
  return TYPE_OF[to.state];
}

const VERB: Record<string, string> = {
  post_moved: 'was moved to a later slot',
  post_failed: 'failed',
  post_held: 'is held',
  post_missed: 'was missed',
  post_published: 'was published',
};

export function postLabel(post: Pick<Post, 'id' | 'title'>): string {
  const title = post.title.trim();
  return title ? `"${title.length > 60 ? `${title.slice(0, 57)}...` : title}"` : post.id;
}

/** The fields every post notification carries. */
export function postData(post: Post): Record<string, unknown> {
  return {
    id: post.id,
    accountId: post.accountId,
    title: post.title,
    state: post.state,
    reason: post.stateReason,
    message: post.stateMessage,
    scheduledAt: post.scheduledAt,
    publishId: post.publishId,
    shareUrl: post.shareUrl,
  };
}

export async function notifyTransition(tx: Repos, from: Post, to: Post, seq: number, now: number): Promise<void> {
  const type = typeOf(from, to);
  if (!type) return;
  // Held again for the same reason (e.g. a retry that stopped where it did before) tells nothing new.
  if (from.state === to.state && from.stateReason === to.stateReason) return;
  const why = to.stateReason ? ` (${to.stateReason})` : '';
  await raiseNotification(
    tx,
    {
      type,
      dedupeKey: `${type}:${to.id}:${seq}`,
      accountId: to.accountId,
      postId: to.id,
      summary: `Post ${postLabel(to)} ${VERB[type]}${why}`,
      data: { post: postData(to), from: from.state },
    },
    now,
  );
}
