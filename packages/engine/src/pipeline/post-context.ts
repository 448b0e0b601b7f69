// Everything a job needs to know about one post: the post, its account and app, its media.
import type { Repos } from '../domain/store-port.js';
import type { Account, App, MediaAsset, Post } from '../domain/types.js';

export interface PostContext {
  post: Post;
  account: Account;
  app: App;
  media: MediaAsset[];
}

export async function loadPostContext(repos: Repos, postId: string | null): Promise<PostContext | undefined> {
  if (!postId) return undefined;
  const post = await repos.posts.get(postId);
  if (!post) return undefined;
  const account = await repos.accounts.get(post.accountId);
  const app = account ? await repos.apps.get(account.appId) : undefined;
  if (!account || !app) return undefined;
  return { post, account, app, media: await repos.media.getMany(post.mediaIds) };
}
