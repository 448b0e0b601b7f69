// The confirm job (docs/architecture.md §2.7): key `confirm:<post id>`, enqueued when a post is
// published on an account that granted `video.list`. It asks the Display API's video/query for the
// post's video and keeps TikTok's own `share_url` and embed link on the post. A post TikTok gave no
// public id for is first looked for on the creator's video/list (pipeline/profile-match.ts).
//
// Invariants: it never changes a post's state — an unconfirmed post is still published, whatever
// the Display API says; every call leaves an attempt row of kind `confirm`; a post not listed (yet)
// or a call that failed is looked up again after each of `confirmRetryDelaysMs`, then the job stops
// with a timeline note. Whether TikTok lists SELF_ONLY or still-moderated videos is not documented
// (docs/tiktok-api.md §17), so "not listed" is an expected answer, never an error.
import { isTikTokError, type TikTokClient, type Video } from '@tokpost/tiktok';
import { VIDEO_LIST_MAX_COUNT, VIDEO_QUERY_MAX_IDS, type VideoField } from '@tokpost/tiktok/contract';
import { notePost } from '../domain/transition.js';
import type { JobSpec, Repos } from '../domain/store-port.js';
import type { Account, Post } from '../domain/types.js';
import type { EngineDeps, EngineSettings } from '../engine-deps.js';
import type { JobLease } from '../jobs/lease.js';
import type { JobHandler } from '../jobs/worker.js';
import { ensureFreshToken } from '../accounts/tokens.js';
import { loadPostContext } from './post-context.js';
import { matchOnProfile, postedAfter } from './profile-match.js';
import { recordedCall } from './recorded-call.js';

export const DISPLAY_SCOPE = 'video.list';
const QUERY_FIELDS: readonly VideoField[] = ['id', 'share_url', 'embed_link', 'title', 'create_time'];
const LIST_FIELDS: readonly VideoField[] = ['id', 'title', 'create_time'];
/** Pages of video/list searched for a post without a public id (newest first, 20 a page). */
const LIST_PAGES = 3;
/** How often a post that should get a public id checks whether status tracking is over (no TikTok call). */
const AWAIT_ID_MS = 10 * 60_000;

/**
 * A public post gets its `publicaly_available_post_id` only after moderation (docs/tiktok-api.md
 * §8.1), and tokpost queues its confirmation as soon as it is published: while status tracking may
 * still bring the id, searching the profile would be wasted calls on a video not listed yet.
 */
const mayStillGetId = (post: Post) => post.tiktokPostIds.length === 0 && (post.privacyLevel === 'PUBLIC_TO_EVERYONE' || post.mode === 'inbox');

export const confirmJobKey = (postId: string) => `confirm:${postId}`;

export function confirmJob(post: Pick<Post, 'id' | 'accountId'>, runAt: number): JobSpec {
  return { kind: 'confirm', key: confirmJobKey(post.id), groupKey: `account:${post.accountId}`, postId: post.id, accountId: post.accountId, runAt };
}

export function wantsConfirmation(account: Pick<Account, 'scopes'>, settings: Pick<EngineSettings, 'confirmPosts'>): boolean {
  return settings.confirmPosts && account.scopes.includes(DISPLAY_SCOPE);
}

/** In the caller's transaction: a published, unconfirmed post of an account with `video.list` gets (or moves up) its confirm job. */
export async function enqueueConfirmation(deps: EngineDeps, tx: Repos, post: Post, now: number): Promise<void> {
  if (post.state !== 'published' || post.confirmedAt !== null) return;
  const account = await tx.accounts.get(post.accountId);
  if (!account || !wantsConfirmation(account, deps.settings)) return;
  // No wake-up call: the job that wrote this (status or webhook) nudges the worker when it ends.
  await tx.jobs.upsert(confirmJob(post, now), now);
}

type Lookup = { video: Video } | { video: null; why: string; retry: boolean };

export function createConfirmHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const ctx = await loadPostContext(deps.store, lease.job.postId);
    if (!ctx) return lease.done();
    const { post, app } = ctx;
    if (post.state !== 'published' || post.confirmedAt !== null || !wantsConfirmation(ctx.account, deps.settings)) return lease.done();
    if (post.tiktokPostIds.length === 0 && !deps.settings.confirmFindOnProfile) return lease.done();
    if (mayStillGetId(post) && (await deps.store.jobs.get(`status:${post.id}`))) {
      // The status job's note of the id moves this job up (enqueueConfirmation); this is the fallback.
      return lease.retry(deps.clock.now() + AWAIT_ID_MS, 'waiting for TikTok to give the public post id', undefined, { attempts: 'keep' });
    }
    if (ctx.account.status !== 'active') return giveUpOrRetry(deps, lease, post, 'the account is not connected', true);

    const tok = await ensureFreshToken(deps, { lease, actor: 'tiktok:display', attempt: lease.job.attempts }, ctx.account, app);
    if (!tok.ok) return giveUpOrRetry(deps, lease, post, tok.message, !tok.parked);
    const client = deps.clients.forApp(app);
    const account = tok.account;

    const found = await lookUp(deps, client, account, post);
    if (!found.video) return giveUpOrRetry(deps, lease, post, found.why, found.retry);
    const video = found.video;
    const now = deps.clock.now();
    await finish(lease, post.id, (current) => ({
      reason: 'share_url_confirmed',
      message: `TikTok's Display API confirms the post (video ${video.id})${video.shareUrl ? `: ${video.shareUrl}` : ''}.`,
      patch: { tiktokVideoId: video.id, shareUrl: video.shareUrl ?? current.shareUrl, embedLink: video.embedLink ?? current.embedLink, confirmedAt: now },
      now,
    }));
  };
}

/** video/query for the post's id — found first on video/list when TikTok gave none. */
async function lookUp(deps: EngineDeps, client: TikTokClient, account: Account, post: Post): Promise<Lookup> {
  let ids = post.tiktokPostIds;
  if (ids.length === 0) {
    const found = await findOnProfile(deps, client, account, post);
    if (!found.video) return found;
    ids = [found.video.id];
  }
  const videoIds = ids.slice(0, VIDEO_QUERY_MAX_IDS);
  const r = await recordedCall(
    deps,
    { kind: 'confirm', endpoint: 'video_query', postId: post.id, accountId: account.id, request: { video_ids: videoIds, fields: QUERY_FIELDS } },
    () => client.queryVideos(account.accessToken, { videoIds, fields: QUERY_FIELDS }),
    (v) => ({ logId: v.logId ?? null, message: v.videos.length > 0 ? `listed: ${v.videos.map((x) => x.id).join(', ')}` : 'not listed' }),
  );
  if (!r.ok) return failed(r.error);
  const video = videoIds.map((id) => r.value.videos.find((v) => v.id === id)).find((v) => v !== undefined);
  if (!video) return { video: null, why: notListed(post), retry: true };
  return { video };
}

async function findOnProfile(deps: EngineDeps, client: TikTokClient, account: Account, post: Post): Promise<Lookup> {
  const claimed = new Set<string>();
  for (const p of await deps.store.posts.list({ accountId: account.id, states: ['published'] })) {
    if (p.id === post.id) continue;
    for (const id of [...p.tiktokPostIds, ...(p.tiktokVideoId ? [p.tiktokVideoId] : [])]) claimed.add(id);
  }
  const videos: Video[] = [];
  let cursor: number | undefined;
  for (let page = 0; page < LIST_PAGES; page++) {
    const input = { fields: LIST_FIELDS, maxCount: VIDEO_LIST_MAX_COUNT, ...(cursor !== undefined ? { cursor } : {}) };
    const r = await recordedCall(
      deps,
      { kind: 'confirm', endpoint: 'video_list', postId: post.id, accountId: account.id, request: { cursor: cursor ?? null, max_count: input.maxCount, fields: LIST_FIELDS } },
      () => client.listVideos(account.accessToken, input),
      (v) => ({ logId: v.logId ?? null, message: `${v.videos.length} videos${v.hasMore ? ', more' : ''}` }),
    );
    if (!r.ok) return failed(r.error);
    videos.push(...r.value.videos);
    // Newest first: once a page reaches videos older than the post, later pages cannot hold it.
    const oldest = r.value.videos.at(-1)?.createTime;
    if (!r.value.hasMore || (oldest !== undefined && oldest * 1000 < postedAfter(post))) break;
    cursor = r.value.cursor;
  }
  const m = matchOnProfile(post, videos, claimed);
  if (m.found) return { video: m.found };
  if (m.why === 'ambiguous') return { video: null, why: 'several videos on the profile match its caption and time, so none is adopted', retry: false };
  if (m.why === 'no_caption') return { video: null, why: 'it has no caption to recognise it by on the profile', retry: false };
  return { video: null, why: notListed(post), retry: true };
}

function notListed(post: Post): string {
  const pub = post.privacyLevel === 'PUBLIC_TO_EVERYONE' && post.tiktokPostIds.length > 0;
  return pub ? "TikTok's Display API does not list the video (yet)" : "TikTok's Display API does not list the video (it may list public videos only)";
}

function failed(e: unknown): Lookup {
  const code = isTikTokError(e) ? e.code : 'internal';
  const retry = isTikTokError(e) ? e.errorClass === 'retryable' || e.errorClass === 'quota' : true;
  return { video: null, why: `the Display API answered ${code}${isTikTokError(e) && e.logId ? ` (log_id ${e.logId})` : ''}`, retry };
}

/** Not confirmed this time: look again after the next delay, or stop with a note saying why. */
async function giveUpOrRetry(deps: EngineDeps, lease: JobLease, post: Post, why: string, retry: boolean): Promise<void> {
  const delays = deps.settings.confirmRetryDelaysMs;
  const now = deps.clock.now();
  if (retry && lease.job.attempts < delays.length) return lease.retry(now + delays[lease.job.attempts]!, why);
  return finish(lease, post.id, () => ({ reason: 'not_confirmed', message: `The post stays published without TikTok's own link: ${why}.`, now }));
}

/** Ends the job with a note on the post — if it is still published (state changes are not this job's). */
function finish(lease: JobLease, postId: string, note: (current: Post) => Omit<Parameters<typeof notePost>[2], 'actor'>): Promise<void> {
  return lease.done(async (tx) => {
    const current = await tx.posts.get(postId);
    if (current?.state === 'published') await notePost(tx, current, { actor: 'tiktok:display', ...note(current) });
  });
}
