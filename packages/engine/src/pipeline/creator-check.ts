// Step 2 of the pipeline (docs/architecture.md §2.2): hold the post against the creator_info TikTok
// answered just now. A post that no longer fits stops here with a stored reason; nothing the user
// chose is ever changed silently (docs/tiktok-api.md §5.1, §12).
import type { CreatorInfoResult } from '@tokpost/tiktok';
import { localReasonMessage, type LocalReason } from '../domain/reasons.js';
import type { MediaAsset, Post } from '../domain/types.js';

export interface CheckProblem {
  reason: LocalReason;
  message: string;
}

const problem = (reason: LocalReason, detail?: string): CheckProblem => ({ reason, message: detail ? `${localReasonMessage(reason)} ${detail}` : localReasonMessage(reason) });

export function videoDurationSec(asset: MediaAsset | undefined): number | undefined {
  const p = asset?.probe;
  return p?.kind === 'video' && typeof p.durationSec === 'number' ? p.durationSec : undefined;
}

/** The first reason the post cannot go out to this creator as it is, or undefined. */
export function checkAgainstCreator(post: Post, creator: CreatorInfoResult, media: readonly MediaAsset[]): CheckProblem | undefined {
  const video = post.kind === 'video';
  if (post.mode === 'direct') {
    if (post.privacyLevel === null) return problem('privacy_missing', `Offered: ${creator.privacyLevelOptions.join(', ')}.`);
    if (!creator.privacyLevelOptions.includes(post.privacyLevel)) {
      return problem('privacy_not_offered', `The post asks for ${post.privacyLevel}; the creator offers ${creator.privacyLevelOptions.join(', ')}.`);
    }
    if (post.brandContent && post.privacyLevel === 'SELF_ONLY') return problem('branded_content_private');
    if (post.allowComment && creator.commentDisabled) return problem('comments_disabled_by_creator');
    if (video && post.allowDuet && creator.duetDisabled) return problem('duet_disabled_by_creator');
    if (video && post.allowStitch && creator.stitchDisabled) return problem('stitch_disabled_by_creator');
  }
  if (video) {
    const duration = videoDurationSec(media[0]);
    if (duration !== undefined && duration > creator.maxVideoPostDurationSec) {
      return problem('duration_over_creator_max', `The video lasts ${Math.round(duration * 10) / 10} s; this creator may post up to ${creator.maxVideoPostDurationSec} s.`);
    }
  }
  return undefined;
}
