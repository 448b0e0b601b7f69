// The data the pages share, through react-query. Live pages poll (`LIVE_MS`) so states change on
// screen without a reload.
import { useQuery } from '@tanstack/react-query';
import { get } from './client.js';
import type { Account, AppView, Post, PostDetail, PostState } from './types.js';

export const LIVE_MS = 3_000;

export function useAccounts(live = true) {
  return useQuery({ queryKey: ['accounts'], queryFn: () => get<{ accounts: Account[] }>('/api/accounts').then((r) => r.accounts), refetchInterval: live ? LIVE_MS : false });
}

export function useApps() {
  return useQuery({ queryKey: ['apps'], queryFn: () => get<{ apps: AppView[] }>('/api/apps').then((r) => r.apps) });
}

export interface PostFilter {
  accountId?: string;
  state?: PostState;
  from?: string;
  to?: string;
}

/** Every page of GET /api/posts for the filter (the calendar shows a bounded window). */
export async function listPosts(filter: PostFilter, maxPages = 20): Promise<Post[]> {
  const all: Post[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < maxPages; page++) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    q.set('limit', '200');
    if (cursor) q.set('cursor', cursor);
    const res = await get<{ posts: Post[]; nextCursor?: string | null }>(`/api/posts?${q.toString()}`);
    all.push(...res.posts);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return all;
}

/** `live`: poll every LIVE_MS (true), every given ms, or not at all (false). */
export function usePosts(filter: PostFilter, live: boolean | number = true, maxPages = 20) {
  const interval = live === true ? LIVE_MS : live === false ? false : live;
  return useQuery({ queryKey: ['posts', filter, maxPages], queryFn: () => listPosts(filter, maxPages), refetchInterval: interval });
}

export function usePostDetail(id: string) {
  return useQuery({ queryKey: ['post', id], queryFn: () => get<PostDetail>(`/api/posts/${encodeURIComponent(id)}`), refetchInterval: LIVE_MS });
}
