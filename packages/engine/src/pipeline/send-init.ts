// Step 4 and the never-publish-twice rules (docs/architecture.md §2.3). TikTok's init has no
// idempotency key, so:
// - the attempt row is committed, with the post marked "init started" (no more edits or cancels),
//   before the request leaves;
// - an init whose answer was lost is `unknown`. It may be replaced by a new init only when the
//   orphan provably cannot publish:
//     FILE_UPLOAD   — without its upload URL the orphan never receives a byte: record it as
//                     `orphaned` and init again;
//     PULL_FROM_URL — revoke the attempt's media token; if the revocation wins (TikTok never
//                     fetched it) the orphan's pull can only fail, so init again; if TikTok already
//                     fetched it, the pull may succeed — wait for TikTok's word (a webhook naming
//                     the publish) instead, and never init again;
// - a clear rejection (4xx, a non-ok code) created nothing at TikTok: the post may go again later.
import { TikTokApiError, TikTokOutcomeUnknownError, type InitResult, type TikTokClient } from '@tokpost/tiktok';
import { localReasonMessage } from '../domain/reasons.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobLease } from '../jobs/lease.js';
import { grantPull } from '../media/pull-grants.js';
import { planInit, summarizeInit, type InitCall } from './init-request.js';
import type { PostContext } from './post-context.js';
import { failPost, holdPost, retryLater, startTracking } from './publish-outcomes.js';
import { failureFields } from './recorded-call.js';
import { runUpload } from './upload-step.js';
import { onCapRefusedByTikTok } from '../policies/cap-refusal.js';

function callInit(client: TikTokClient, accessToken: string, call: InitCall): Promise<InitResult> {
  switch (call.endpoint) {
    case 'video_init':
      return client.initDirectVideo(accessToken, { postInfo: call.postInfo, source: call.source });
    case 'inbox_video_init':
      return client.initInboxVideo(accessToken, { source: call.source });
    case 'content_init':
      return client.initPhoto(accessToken, call.input);
  }
}

const QUOTA_HOLD = new Set(['reached_active_user_cap', 'spam_risk_too_many_pending_share']);

export interface InitRunContext extends PostContext {
  actor: string;
  /** Called when TikTok rejects the access token: refresh once, or learn the grant is gone. */
  onTokenRejected(): Promise<'retry' | 'parked'>;
}

export async function sendInit(deps: EngineDeps, lease: JobLease, ctx: InitRunContext): Promise<void> {
  const { post, account, app, media, actor } = ctx;
  const { clock, settings } = deps;
  if (post.initCount >= settings.maxInitsPerPost) {
    return failPost(deps, lease, post, actor, { reason: 'publish_retries_exhausted', message: `${localReasonMessage('publish_retries_exhausted')} (${post.initCount} publish requests sent).` });
  }
  const pull = post.kind === 'photo' || post.source === 'PULL_FROM_URL';
  const attemptId = deps.ids.next('att');
  const startedAt = clock.now();

  const call = await lease.tx(async (tx) => {
    const marked = await tx.posts.update(post.id, { initStartedAt: startedAt, initCount: post.initCount + 1 }, startedAt, {
      states: ['publishing'],
      version: post.version,
      initNotStarted: true,
    });
    if (!marked) return undefined;
    const urls = pull
      ? await grantPull(tx, { postId: post.id, attemptId, mediaCount: media.length, baseUrl: settings.mediaBaseUrl!, now: startedAt, ttlMs: settings.pullTokenTtlMs, ids: deps.ids })
      : undefined;
    const planned = planInit({ post, media, pullUrls: urls, chunkSize: settings.chunkSize });
    await tx.attempts.insert({
      id: attemptId,
      postId: post.id,
      accountId: account.id,
      kind: 'init',
      endpoint: planned.endpoint,
      startedAt,
      finishedAt: null,
      durationMs: null,
      request: summarizeInit(planned, media),
      httpStatus: null,
      errorCode: null,
      failReason: null,
      logId: null,
      outcome: 'pending',
      message: null,
      publishId: null,
      source: pull ? 'PULL_FROM_URL' : 'FILE_UPLOAD',
    });
    return planned;
  });
  // Edited or cancelled between the claim and now: the edit already moved the job.
  if (!call) return lease.release();
  const sent = { ...post, initStartedAt: startedAt, initCount: post.initCount + 1 };

  const client = deps.clients.forApp(app);
  const t0 = performance.now();
  let init: InitResult;
  try {
    // No abort signal: cutting an init short after it left would only turn a known answer into an
    // unknown one.
    init = await callInit(client, account.accessToken, call);
  } catch (e) {
    const fields = failureFields(e);
    const finished = { ...fields, finishedAt: clock.now(), durationMs: Math.round(performance.now() - t0) };
    if (e instanceof TikTokOutcomeUnknownError || fields.outcome === 'unknown') {
      await lease.tx((tx) => tx.attempts.finish(attemptId, { ...finished, outcome: 'unknown' }));
      return reconcileUnknown(deps, lease, { ...ctx, post: sent }, attemptId, pull);
    }
    // A clear answer: TikTok created nothing, the post is editable again.
    await lease.tx(async (tx) => {
      await tx.attempts.finish(attemptId, finished);
      await tx.posts.update(post.id, { initStartedAt: null }, clock.now());
      if (pull) await tx.mediaTokens.revokeAll(attemptId, clock.now());
    });
    const before = { ...sent, initStartedAt: null };
    return handleRejection(deps, lease, { ...ctx, post: before }, e);
  }

  await lease.tx(async (tx) => {
    await tx.attempts.finish(attemptId, { outcome: 'ok', httpStatus: 200, logId: init.logId ?? null, publishId: init.publishId, finishedAt: clock.now(), durationMs: Math.round(performance.now() - t0) });
    await tx.posts.update(post.id, { publishId: init.publishId }, clock.now());
    if (init.uploadUrl && init.chunkPlan && init.uploadExpiresAt !== undefined) {
      await tx.attempts.saveUploadSession({ attemptId, uploadUrl: init.uploadUrl, uploadExpiresAt: init.uploadExpiresAt, videoSize: init.chunkPlan.videoSize, chunkSize: init.chunkPlan.chunkSize });
    }
  });
  const accepted = { ...sent, publishId: init.publishId };
  if (!pull) {
    return runUpload(deps, lease, { ...ctx, post: accepted }, {
      attemptId,
      uploadUrl: init.uploadUrl!,
      uploadExpiresAt: init.uploadExpiresAt!,
      videoSize: init.chunkPlan!.videoSize,
      chunkSize: init.chunkPlan!.chunkSize,
    });
  }
  await lease.done(async (tx) => {
    await startTracking(deps, tx, accepted, actor);
  });
}

/** An init answered with a rejection: decide what the post does next. */
async function handleRejection(deps: EngineDeps, lease: JobLease, ctx: InitRunContext, e: unknown): Promise<void> {
  const { post, actor } = ctx;
  const f = failureFields(e);
  const code = f.errorCode ?? 'internal';
  const detail = { code, http_status: f.httpStatus, log_id: f.logId };
  const message = `TikTok refused the publish request (${code}${f.logId ? `, log_id ${f.logId}` : ''}): ${f.message ?? ''}`.trim();
  if (!(e instanceof TikTokApiError)) {
    if (f.outcome === 'not_sent') return failPost(deps, lease, post, actor, { reason: 'invalid_params', message: f.message ?? 'The publish request was invalid and was not sent.', detail });
    return retryLater(deps, lease, post, actor, { reason: code, message, detail });
  }
  if (code === 'access_token_invalid') {
    const next = await ctx.onTokenRejected();
    if (next === 'parked') return lease.done();
    return retryLater(deps, lease, post, actor, { reason: code, message, detail, runAt: deps.clock.now() });
  }
  if (code === 'scope_not_authorized') return holdPost(deps, lease, post, actor, { reason: 'scope_missing', message: `${localReasonMessage('scope_missing')} (${message})`, detail });
  if (code === 'spam_risk_too_many_posts') return onCapRefusedByTikTok(deps, lease, post, ctx.account, actor, detail);
  if (QUOTA_HOLD.has(code)) return holdPost(deps, lease, post, actor, { reason: code, message, detail });
  if (e.errorClass === 'retryable') return retryLater(deps, lease, post, actor, { reason: code, message, detail });
  if (code === 'spam_risk_user_banned_from_posting') return failPost(deps, lease, post, actor, { reason: code, message, detail });
  if (e.errorClass === 'user_action' || e.errorClass === 'needs_reconnect') return holdPost(deps, lease, post, actor, { reason: code, message, detail });
  return failPost(deps, lease, post, actor, { reason: code, message, detail });
}

/** The init's answer was lost (or never recorded): find out whether a new init is safe. */
export async function reconcileUnknown(deps: EngineDeps, lease: JobLease, ctx: InitRunContext, attemptId: string, pull: boolean): Promise<void> {
  const { post, actor } = ctx;
  const now = deps.clock.now();
  if (pull) {
    const revoked = await lease.tx((tx) => tx.mediaTokens.revokeIfUnused(attemptId, now));
    if (revoked === 'already_used') {
      // TikTok fetched the media: its publish may succeed. Never init again; wait for its word.
      await lease.done(async (tx) => {
        await startTracking(deps, tx, post, actor, {
          reason: 'init_outcome_unknown',
          message: localReasonMessage('init_outcome_unknown'),
          payload: { awaitingAttemptId: attemptId, deadline: now + deps.settings.unknownOutcomeWaitMs },
        });
      });
      return;
    }
  }
  const why = pull
    ? 'Answer lost; its media token was revoked before TikTok fetched anything, so that publish can only fail.'
    : 'Answer lost; without its upload URL that publish never receives a byte and expires within the hour.';
  await lease.tx(async (tx) => {
    await tx.attempts.finish(attemptId, { outcome: 'orphaned', message: why });
    await tx.posts.update(post.id, { initStartedAt: null }, deps.clock.now());
  });
  const fresh = await deps.store.posts.get(post.id);
  if (!fresh || fresh.state !== 'publishing' || fresh.initStartedAt !== null) return lease.release();
  // The first orphan is replaced at once; when TikTok keeps losing answers, back off between tries.
  const orphans = (await deps.store.attempts.list({ postId: post.id, kind: 'init' })).filter((a) => a.outcome === 'orphaned').length;
  if (orphans >= 2) {
    return retryLater(deps, lease, fresh, actor, { reason: 'init_outcome_unknown', message: `TikTok lost the answer to ${orphans} publish requests; none of them can post, so another is safe.` });
  }
  return sendInit(deps, lease, { ...ctx, post: fresh });
}

