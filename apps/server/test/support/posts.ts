// Shared by the post tests: a complete, valid POST /api/posts body, media registered from the
// repository's generated fixtures, the error body's parts, and waiting on engine events.
import type { Engine, MediaAsset, PostState } from '@tokpost/engine';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import type { Harness } from './harness.js';

export interface ErrorOf {
  code: string;
  message: string;
  issues?: Array<{ field: string; message: string; rule?: string }>;
}

export const errorOf = (body: unknown): ErrorOf => (body as { error: ErrorOf }).error;

/** Every field a composer sends, with nothing switched on (TikTok's defaults). */
export function postBody(accountId: string, mediaIds: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId,
    mediaIds,
    title: 'hello from the API',
    privacyLevel: 'PUBLIC_TO_EVERYONE',
    allowComment: false,
    allowDuet: false,
    allowStitch: false,
    disclosure: { yourBrand: false, brandedContent: false },
    aiGenerated: false,
    mode: 'direct',
    ...over,
  };
}

export async function video(h: Harness, opts: Parameters<typeof goodMp4>[0] = {}): Promise<MediaAsset> {
  return h.engine.media.register({ path: await goodMp4(opts) });
}

/** Resolves when the post reaches one of `states` (on the engine's post events), or rejects after `ms`. */
export function postReaches(engine: Engine, postId: string, states: readonly PostState[], ms = 30_000): Promise<PostState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      engine.events.off('post', listener);
      reject(new Error(`post ${postId} did not reach ${states.join('/')} within ${ms} ms`));
    }, ms);
    const listener = (e: { postId: string; to: PostState }) => {
      if (e.postId !== postId || !states.includes(e.to)) return;
      clearTimeout(timer);
      engine.events.off('post', listener);
      resolve(e.to);
    };
    engine.events.on('post', listener);
  });
}
