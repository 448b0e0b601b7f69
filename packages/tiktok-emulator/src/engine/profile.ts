// The creator's profile as the Display API shows it (docs/tiktok-api.md §17): which posts
// video/list and video/query return, newest first, and the millisecond cursor that pages
// through them, and the posts a creator made in the TikTok app itself. Which posts count is a setting, because TikTok only says "public videos"
// (docs/tiktok-api.md §15).
import type { PostSeed } from '../admin-schemas.js';
import type { EmulatorContext } from '../context.js';
import type { Creator, Post } from '../state.js';

/**
 * Whether the Display API shows `post`. Removed posts never; photo posts per `display_api_photos`;
 * then `display_api_lists`: `public` shows only publicly available posts (public, on a public
 * account, through moderation), `all` also SELF_ONLY, friends- or followers-only posts and posts
 * still in moderation.
 */
export function shownOnProfile(ctx: EmulatorContext, post: Post): boolean {
  if (post.removed) return false;
  if (post.media_type === 'PHOTO' && ctx.settings.display_api_photos === 'hidden') return false;
  return ctx.settings.display_api_lists === 'all' || post.publicly_available;
}

/** The creator's shown posts, newest first (created_at is unique per creator, see below). */
export function profilePosts(ctx: EmulatorContext, openId: string): Post[] {
  return ctx.state.posts.filter((p) => p.open_id === openId && shownOnProfile(ctx, p)).sort((a, b) => b.created_at - a.created_at);
}

export interface ProfilePage {
  posts: Post[];
  /** created_at of the page's oldest post: the next page starts strictly before it. */
  cursor: number;
  has_more: boolean;
}

/** One page of video/list: posts created before `cursor` (UTC ms; no cursor = from the newest). */
export function profilePage(ctx: EmulatorContext, openId: string, cursor: number | undefined, maxCount: number): ProfilePage {
  const older = profilePosts(ctx, openId).filter((p) => cursor === undefined || p.created_at < cursor);
  const posts = older.slice(0, maxCount);
  const last = posts.at(-1);
  return { posts, cursor: last ? last.created_at : (cursor ?? 0), has_more: older.length > posts.length };
}

/**
 * The list cursor is a millisecond timestamp, so two posts of one creator sharing a millisecond
 * could not both be paged past. A post made in the same millisecond as another of the creator's
 * is stamped with the next free millisecond instead.
 */
export function freeCreatedAt(ctx: EmulatorContext, openId: string, wanted: number): number {
  const taken = new Set(ctx.state.posts.filter((p) => p.open_id === openId).map((p) => p.created_at));
  let t = wanted;
  while (taken.has(t)) t += 1;
  return t;
}

export function createdAtTaken(ctx: EmulatorContext, openId: string, at: number): boolean {
  return ctx.state.posts.some((p) => p.open_id === openId && p.created_at === at);
}

/** Adds a post the creator made in the TikTok app (no publish, no app); see postSeedSchema. */
export function addAppPost(ctx: EmulatorContext, creator: Creator, seed: PostSeed): Post {
  const post: Post = {
    post_id: seed.post_id === undefined ? ctx.ids.postId() : BigInt(seed.post_id),
    publish_id: null,
    client_key: null,
    open_id: creator.open_id,
    username: creator.username,
    media_type: seed.media_type,
    privacy_level: seed.privacy_level,
    title: seed.title,
    description: seed.description,
    sha256: [],
    created_at: seed.created_at ?? freeCreatedAt(ctx, creator.open_id, ctx.time.now()),
    publicly_available: seed.publicly_available ?? (seed.privacy_level === 'PUBLIC_TO_EVERYONE' && !creator.is_private),
    removed: false,
    width: seed.width,
    height: seed.height,
    duration_sec: seed.duration_sec ?? (seed.media_type === 'PHOTO' ? 0 : 15),
    like_count: seed.like_count,
    comment_count: seed.comment_count,
    share_count: seed.share_count,
    view_count: seed.view_count,
  };
  ctx.state.posts.push(post);
  creator.video_count += 1;
  return post;
}
