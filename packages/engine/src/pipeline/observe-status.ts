// What a status observation means for a post, whether it came from status/fetch or a webhook. One
// pure function for both paths keeps them in agreement and makes their order irrelevant: an
// observation that would move a post backwards (SEND_TO_USER_INBOX after PUBLISH_COMPLETE, a
// PROCESSING poll answered after the webhook said FAILED) changes nothing.
import { lookupError } from '@tokpost/tiktok';
import type { PostState } from '../domain/post-states.js';
import type { PostPatch } from '../domain/store-port.js';
import type { Post } from '../domain/types.js';

export type StatusObservation =
  | { kind: 'processing' }
  | { kind: 'inbox_delivered' }
  | { kind: 'complete'; postIds: readonly string[] }
  | { kind: 'publicly_available'; postId: string }
  | { kind: 'no_longer_public'; postId: string }
  | { kind: 'failed'; failReason: string };

export type StatusDecision =
  | { change: 'none' }
  | { change: 'note'; reason: string; message: string; patch?: PostPatch }
  | { change: 'transition'; to: PostState; reason: string | null; message: string; patch?: PostPatch }
  /** TikTok says the publish failed for a reason worth another init: the failed publish cannot post. */
  | { change: 'retry'; reason: string; message: string };

export interface ObserveOptions {
  now: number;
  /** Inits allowed per post before a retryable failure becomes final. */
  maxInits: number;
}

const mergeIds = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

const BEFORE_TIKTOK_FINAL: readonly PostState[] = ['publishing', 'processing', 'inbox_pending', 'needs_action'];

export function observeStatus(post: Post, obs: StatusObservation, o: ObserveOptions): StatusDecision {
  const s = post.state;
  if (s === 'cancelled' || s === 'failed' || s === 'missed') return { change: 'none' };

  switch (obs.kind) {
    case 'processing':
      if (s === 'publishing' || (s === 'needs_action' && post.initStartedAt !== null)) {
        return { change: 'transition', to: 'processing', reason: null, message: 'TikTok is receiving and processing the media.' };
      }
      return { change: 'none' };

    case 'inbox_delivered':
      if (s === 'publishing' || s === 'processing' || s === 'needs_action') {
        return {
          change: 'transition',
          to: 'inbox_pending',
          reason: null,
          message: 'The draft is in the creator’s TikTok inbox: they finish and post it from the TikTok app.',
        };
      }
      return { change: 'none' };

    case 'complete': {
      const ids = mergeIds(post.tiktokPostIds, obs.postIds);
      if (s === 'published') {
        if (ids.length === post.tiktokPostIds.length) return { change: 'none' };
        return { change: 'note', reason: 'post_ids_known', message: `TikTok reported the post id ${ids.join(', ')}.`, patch: { tiktokPostIds: ids } };
      }
      if (!BEFORE_TIKTOK_FINAL.includes(s)) return { change: 'none' };
      return {
        change: 'transition',
        to: 'published',
        reason: null,
        message: post.mode === 'inbox' ? 'The creator posted the draft on TikTok.' : 'TikTok published the post.',
        patch: { tiktokPostIds: ids, publishedAt: post.publishedAt ?? o.now },
      };
    }

    case 'publicly_available': {
      const ids = mergeIds(post.tiktokPostIds, [obs.postId]);
      if (s === 'published') {
        if (ids.length === post.tiktokPostIds.length) return { change: 'none' };
        return { change: 'note', reason: 'publicly_available', message: `The post is public on TikTok (id ${obs.postId}).`, patch: { tiktokPostIds: ids } };
      }
      if (!BEFORE_TIKTOK_FINAL.includes(s)) return { change: 'none' };
      return { change: 'transition', to: 'published', reason: null, message: `The post is public on TikTok (id ${obs.postId}).`, patch: { tiktokPostIds: ids, publishedAt: post.publishedAt ?? o.now } };
    }

    case 'no_longer_public':
      if (s !== 'published') return { change: 'none' };
      return { change: 'note', reason: 'no_longer_public', message: `TikTok reports post ${obs.postId} is no longer publicly visible.` };

    case 'failed': {
      const entry = lookupError('fail_reason', obs.failReason);
      const summary = entry?.summary ?? `TikTok reported the failure "${obs.failReason}".`;
      if (s === 'published') {
        return { change: 'transition', to: 'failed', reason: obs.failReason, message: `TikTok took the post down after publishing it: ${summary}` };
      }
      if (!BEFORE_TIKTOK_FINAL.includes(s)) return { change: 'none' };
      if (entry?.errorClass === 'retryable' && post.initCount < o.maxInits && s === 'processing') {
        return { change: 'retry', reason: obs.failReason, message: `TikTok failed the publish (${summary}); publishing again is safe because that publish can no longer post.` };
      }
      return { change: 'transition', to: 'failed', reason: obs.failReason, message: summary };
    }
  }
}
