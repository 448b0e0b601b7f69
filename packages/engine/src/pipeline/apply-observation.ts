// Applies a status observation (pipeline/observe-status.ts) to a post in the caller's transaction,
// with the engine's additions: a post published through an unaudited app says TikTok made it
// SELF_ONLY, a retryable TikTok failure puts the post back in the queue for a new init, and a post
// that became published (or learnt its public id) is queued for confirmation through the Display
// API (pipeline/confirm-job.ts).
import { localReasonMessage } from '../domain/reasons.js';
import { notePost, transitionPost } from '../domain/transition.js';
import type { Repos } from '../domain/store-port.js';
import type { App, Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { enqueueConfirmation } from './confirm-job.js';
import { observeStatus, type StatusDecision, type StatusObservation } from './observe-status.js';

export interface Applied {
  post: Post;
  decision: StatusDecision;
}

export async function applyObservation(deps: EngineDeps, tx: Repos, post: Post, app: App, obs: StatusObservation, actor: string, o: { ownJobKey?: string } = {}): Promise<Applied> {
  const now = deps.clock.now();
  const decision = observeStatus(post, obs, { now, maxInits: deps.settings.maxInitsPerPost });
  const emit = (p: Post) => deps.events.emit('post', { postId: p.id, accountId: p.accountId, from: post.state, to: p.state, reason: p.stateReason, at: now });
  switch (decision.change) {
    case 'none':
      return { post, decision };
    case 'note': {
      await notePost(tx, post, { actor, reason: decision.reason, message: decision.message, patch: decision.patch, now });
      const noted = { ...post, ...decision.patch };
      if (decision.patch?.tiktokPostIds) await enqueueConfirmation(deps, tx, noted, now);
      return { post: noted, decision };
    }
    case 'transition': {
      let { reason, message } = decision;
      if (decision.to === 'published' && !app.audited) {
        reason = 'unaudited_self_only';
        message = `${message} ${localReasonMessage('unaudited_self_only')}`;
      }
      const moved = await transitionPost(tx, post, { to: decision.to, actor, reason, message, patch: decision.patch, now });
      if (moved) emit(moved);
      if (moved?.state === 'published') await enqueueConfirmation(deps, tx, moved, now);
      return { post: moved ?? post, decision };
    }
    case 'retry': {
      const moved = await transitionPost(tx, post, {
        to: 'scheduled',
        actor,
        reason: decision.reason,
        message: decision.message,
        patch: { initStartedAt: null, publishId: null },
        now,
      });
      if (!moved) return { post, decision };
      await tx.jobs.upsert({ kind: 'publish', key: `publish:${post.id}`, groupKey: `account:${post.accountId}`, postId: post.id, accountId: post.accountId, runAt: now }, now);
      const statusKey = `status:${post.id}`;
      if (statusKey !== o.ownJobKey) await tx.jobs.deleteByKey(statusKey);
      emit(moved);
      return { post: moved, decision };
    }
  }
}
