// Paging through posts (docs/rest-api.md "Paging"): keyset order on the post's time — its scheduled
// time, or its creation time when it has none — then its id, so a page boundary is exact even when
// many posts share a millisecond, and posts created or moved meanwhile neither repeat nor push others
// out of the walk. The cursor is opaque to callers: the (time, id) of the last post of the page,
// base64url-encoded JSON with a version, so its shape can change without breaking saved cursors.
import type { PostState } from '../domain/post-states.js';
import type { PostPageKey, Store } from '../domain/store-port.js';
import type { Post } from '../domain/types.js';
import { invalidInput } from '../errors.js';

export interface PostPageQuery {
  state?: PostState | readonly PostState[];
  accountId?: string;
  /** Posts whose time (scheduled, else created) is at or after this (epoch ms)… */
  from?: number;
  /** …and at or before this. */
  to?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** 1–200 (default 50). */
  limit?: number;
}

export interface PostPage<P> {
  posts: P[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** The time a post sorts by. */
export const pageTimeOf = (p: Pick<Post, 'scheduledAt' | 'createdAt'>): number => p.scheduledAt ?? p.createdAt;

export function encodePostCursor(p: Pick<Post, 'id' | 'scheduledAt' | 'createdAt'>): string {
  return Buffer.from(JSON.stringify({ v: 1, t: pageTimeOf(p), id: p.id }), 'utf8').toString('base64url');
}

export function decodePostCursor(cursor: string): PostPageKey {
  const refuse = () => invalidInput([{ field: 'cursor', message: 'is not a cursor this API gave out: pass nextCursor from the previous page unchanged, or leave it out to start from the beginning' }]);
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const c = parsed as { v?: unknown; t?: unknown; id?: unknown } | null;
  if (!c || c.v !== 1 || typeof c.t !== 'number' || !Number.isSafeInteger(c.t) || typeof c.id !== 'string' || c.id === '') throw refuse();
  return { at: c.t, id: c.id };
}

/** One page: `limit + 1` rows read, so the last page is known without another query; `views` reads what the page shows in bulk. */
export async function pagePosts<P>(store: Store, views: (posts: readonly Post[]) => Promise<P[]>, query: PostPageQuery): Promise<PostPage<P>> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalidInput([{ field: 'limit', message: 'must be a whole number from 1 to 200' }]);
  const after = query.cursor ? decodePostCursor(query.cursor) : undefined;
  const states = query.state === undefined ? undefined : typeof query.state === 'string' ? [query.state] : [...query.state];
  const rows = await store.posts.page({ states, accountId: query.accountId, from: query.from, to: query.to, after, limit: limit + 1 });
  const posts = await views(rows.slice(0, limit));
  const last = rows[limit - 1];
  return { posts, nextCursor: rows.length > limit && last ? encodePostCursor(last) : null };
}
