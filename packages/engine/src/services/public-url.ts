// A post's public link: TikTok's own share_url once the Display API confirmed the post
// (docs/architecture.md §2.7), else the profile link built from the creator's handle and the
// public post id TikTok gave (`publicaly_available_post_id`), else none (a post only the creator
// sees has no public id).
import type { Post } from '../domain/types.js';

export function publicUrlOf(post: Pick<Post, 'shareUrl' | 'tiktokPostIds' | 'kind'>, username: string | undefined): string | null {
  if (post.shareUrl) return post.shareUrl;
  const id = post.tiktokPostIds[0];
  if (!id || !username) return null;
  return `https://www.tiktok.com/@${encodeURIComponent(username)}/${post.kind === 'photo' ? 'photo' : 'video'}/${id}`;
}
