// The media seam for PULL_FROM_URL (docs/architecture.md §2.3): each init attempt gets its own
// capability token, and the media URL TikTok pulls from carries it:
//   {publicBaseUrl}{token}/{index}
// The token is stored hashed. Before a new init replaces one whose answer was lost, the old token is
// revoked — and that revocation only succeeds if TikTok never used it, which is what proves the
// orphan can no longer pull. The server (apps/server) serves the bytes through `openPull`.
import { createHash } from 'node:crypto';
import type { Repos } from '../domain/store-port.js';
import type { MediaAsset } from '../domain/types.js';
import type { IdFactory } from '../ids.js';

export interface PullMediaOptions {
  /**
   * Public base URL TikTok reaches, ending with '/', under one of the app's verified URL prefixes
   * (TOKPOST_MEDIA_PREFIX). Without it, videos go by FILE_UPLOAD and photo posts cannot be sent.
   */
  publicBaseUrl?: string;
  /** How long a pull token stays valid (default 3 h: TikTok's one-hour pull window plus margin). */
  tokenTtlMs?: number;
}

export const DEFAULT_PULL_TOKEN_TTL_MS = 3 * 3_600_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function pullUrl(baseUrl: string, token: string, index: number): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${token}/${index}`;
}

/** Creates the attempt's token (in the caller's transaction) and answers the URLs to send. */
export async function grantPull(
  tx: Repos,
  input: { postId: string; attemptId: string; mediaCount: number; baseUrl: string; now: number; ttlMs: number; ids: IdFactory },
): Promise<string[]> {
  const token = input.ids.secret(24);
  await tx.mediaTokens.insert({ tokenHash: hashToken(token), postId: input.postId, attemptId: input.attemptId, expiresAt: input.now + input.ttlMs, now: input.now });
  return Array.from({ length: input.mediaCount }, (_, i) => pullUrl(input.baseUrl, token, i));
}

export type PullLookup =
  | { ok: true; asset: MediaAsset; contentType: string }
  | { ok: false; status: 404 | 410; reason: 'unknown_or_revoked' | 'no_such_media' | 'media_missing' };

/** What a pull request for `{token}/{index}` may read; marks the token used. */
export async function openPull(store: Repos, token: string, index: number, now: number): Promise<PullLookup> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token) || !Number.isInteger(index) || index < 0) return { ok: false, status: 404, reason: 'unknown_or_revoked' };
  const grant = await store.mediaTokens.use(hashToken(token), now);
  if (!grant) return { ok: false, status: 410, reason: 'unknown_or_revoked' };
  const post = await store.posts.get(grant.postId);
  const mediaId = post?.mediaIds[index];
  if (!mediaId) return { ok: false, status: 404, reason: 'no_such_media' };
  const asset = await store.media.get(mediaId);
  if (!asset) return { ok: false, status: 404, reason: 'media_missing' };
  return { ok: true, asset, contentType: asset.contentType ?? 'application/octet-stream' };
}
