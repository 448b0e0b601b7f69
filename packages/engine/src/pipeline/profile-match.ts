// Finding a published post on the creator's profile (video/list) when TikTok gave no public id for
// it (docs/architecture.md §2.7): SELF_ONLY posts and posts of private accounts never get a
// `publicaly_available_post_id` (docs/tiktok-api.md §5.6). A video matches when its caption is the
// post's and it was created after the post's init; only a single, unclaimed match is adopted — two
// posts with the same caption in the same window stay unconfirmed rather than swap links.
import { VIDEO_TEXT_FIELD_MAX } from '@tokpost/tiktok/contract';
import type { Video } from '@tokpost/tiktok';
import type { Post } from '../domain/types.js';

/** TikTok's create_time is in seconds and its clock is not ours: allow this much before the init. */
export const CREATE_TIME_SLACK_MS = 60_000;

export type ProfileMatch = { found: Video } | { found: null; why: 'none' | 'ambiguous' | 'no_caption' };

/** When the post went to TikTok: a video created before this (minus the slack) cannot be it. */
export function postedAfter(post: Pick<Post, 'initStartedAt' | 'createdAt'>): number {
  return (post.initStartedAt ?? post.createdAt) - CREATE_TIME_SLACK_MS;
}

/** TikTok keeps at most 150 characters of a caption in `title` (docs/tiktok-api.md §17). */
function sameCaption(caption: string, listed: string | undefined): boolean {
  if (listed === undefined) return false;
  if (caption.length <= VIDEO_TEXT_FIELD_MAX) return listed === caption;
  return listed.length > 0 && caption.startsWith(listed);
}

export function matchOnProfile(post: Pick<Post, 'title' | 'initStartedAt' | 'createdAt'>, videos: readonly Video[], claimed: ReadonlySet<string>): ProfileMatch {
  if (post.title.trim() === '') return { found: null, why: 'no_caption' };
  const after = postedAfter(post);
  const hits = videos.filter((v) => !claimed.has(v.id) && v.createTime !== undefined && v.createTime * 1000 >= after && sameCaption(post.title, v.title));
  if (hits.length === 1) return { found: hits[0]! };
  return { found: null, why: hits.length === 0 ? 'none' : 'ambiguous' };
}
