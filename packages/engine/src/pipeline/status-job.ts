// The status job (docs/architecture.md §2.2 step 6): key `status:<post id>`, polls status/fetch
// with a widening backoff (pipeline/status-schedule.ts) for the whole tracking window — webhooks
// usually get there first; polling is the fallback that never gives up early. It ends when TikTok
// gave a final answer (failed; published with its public id, or published and the window over),
// and turns a post TikTok never finished into needs_action instead of leaving it "processing".
//
// A post whose init answer was lost after TikTok began pulling has no publish_id: its job waits for
// a webhook to name the publish (pipeline/webhook-job.ts adopts it), and past the deadline asks a
// person to check the profile — it never publishes again on its own.
import { TikTokApiError, isTikTokError, type PublishStatusResult } from '@tokpost/tiktok';
import { localReasonMessage } from '../domain/reasons.js';
import { notePost, transitionPost } from '../domain/transition.js';
import type { Repos } from '../domain/store-port.js';
import type { Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { backoffDelay } from '../jobs/backoff.js';
import type { JobLease } from '../jobs/lease.js';
import type { JobHandler } from '../jobs/worker.js';
import { ensureFreshToken, refreshAccount } from '../accounts/tokens.js';
import { applyObservation } from './apply-observation.js';
import type { StatusObservation } from './observe-status.js';
import { loadPostContext } from './post-context.js';
import { recordedCall } from './recorded-call.js';
import { nextPollDelayMs } from './status-schedule.js';

interface StatusPayload {
  startedAt?: number;
  awaitingAttemptId?: string;
  deadline?: number;
}

const DONE_STATES: readonly Post['state'][] = ['cancelled', 'failed', 'missed', 'draft', 'scheduled'];
const WAIT_FOR_ACCOUNT_MS = 15 * 60_000;

export function toObservation(s: PublishStatusResult): StatusObservation {
  switch (s.status) {
    case 'SEND_TO_USER_INBOX':
      return { kind: 'inbox_delivered' };
    case 'PUBLISH_COMPLETE':
      return { kind: 'complete', postIds: s.publiclyAvailablePostIds };
    case 'FAILED':
      return { kind: 'failed', failReason: s.failReason ?? 'unknown' };
    default:
      // PROCESSING_UPLOAD, PROCESSING_DOWNLOAD, and any status TikTok adds later: still working.
      return { kind: 'processing' };
  }
}

export function createStatusHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const actor = 'tiktok:status';
    const ctx = await loadPostContext(deps.store, lease.job.postId);
    if (!ctx) return lease.done();
    const { post, app } = ctx;
    let account = ctx.account;
    const payload = lease.job.payload as StatusPayload;
    const now = deps.clock.now();
    const startedAt = payload.startedAt ?? post.initStartedAt ?? now;
    if (DONE_STATES.includes(post.state)) return lease.done();

    if (!post.publishId) {
      if (!payload.awaitingAttemptId) return lease.done();
      const deadline = payload.deadline ?? now;
      if (now >= deadline) {
        return lease.done(async (tx) => {
          const moved = await transitionPost(tx, post, { to: 'needs_action', actor: 'system', reason: 'outcome_unknown_unresolved', message: localReasonMessage('outcome_unknown_unresolved'), now });
          if (moved) deps.events.emit('post', { postId: post.id, accountId: post.accountId, from: post.state, to: moved.state, reason: moved.stateReason, at: now });
        });
      }
      return lease.retry(Math.min(deadline, now + 10 * 60_000), null, undefined, { attempts: 'keep' });
    }

    if (account.status !== 'active') return lease.retry(now + WAIT_FOR_ACCOUNT_MS, 'account not active', undefined, { attempts: 'keep' });
    const refreshCtx = { lease, actor, attempt: lease.job.attempts };
    const tok = await ensureFreshToken(deps, refreshCtx, account, app);
    if (!tok.ok) return lease.retry(tok.parked ? now + WAIT_FOR_ACCOUNT_MS : tok.retryAt, tok.message, undefined, { attempts: 'keep' });
    account = tok.account;

    const client = deps.clients.forApp(app);
    const r = await recordedCall(
      deps,
      { kind: 'status', endpoint: 'status_fetch', postId: post.id, accountId: account.id, request: { publish_id: post.publishId } },
      () => client.fetchStatus(account.accessToken, post.publishId!),
      (s) => ({ logId: s.logId ?? null, failReason: s.failReason ?? null, publishId: post.publishId, message: s.status }),
    );
    if (!r.ok) return statusFailed(deps, lease, post, r.error, tok.refreshed === true, refreshCtx, account, app);

    const obs = toObservation(r.value);
    await lease.tx(async (tx) => {
      const applied = await applyObservation(deps, tx, post, app, obs, actor, { ownJobKey: lease.job.key });
      if (applied.decision.change === 'retry') {
        await completeOwn(tx, lease);
        return;
      }
      await scheduleNext(deps, tx, lease, applied.post, startedAt, r.value);
    });
  };
}

async function completeOwn(tx: Repos, lease: JobLease) {
  await tx.jobs.complete(lease.job);
}

/** After an observation: poll again, or stop because TikTok's answer is final or the window is over. */
async function scheduleNext(deps: EngineDeps, tx: Repos, lease: JobLease, post: Post, startedAt: number, last: PublishStatusResult): Promise<void> {
  const now = deps.clock.now();
  const elapsed = now - startedAt;
  const polls = lease.job.attempts + 1;
  const again = (state: 'tracking' | 'inbox') => tx.jobs.retryAt(lease.job, now + nextPollDelayMs(polls, elapsed, state), null, now, 'increment');
  switch (post.state) {
    case 'failed':
    case 'cancelled':
      return void (await completeOwn(tx, lease));
    case 'published': {
      const expectPublicId = post.privacyLevel === 'PUBLIC_TO_EVERYONE' || post.mode === 'inbox';
      if (post.tiktokPostIds.length > 0 || elapsed >= deps.settings.statusHorizonMs) {
        if (post.tiktokPostIds.length === 0 && expectPublicId) {
          await notePost(tx, post, { actor: 'tiktok:status', reason: 'post_id_unknown', message: 'TikTok never reported a public post id within the tracking window (it often does not for posts that are not public).', now });
        }
        return void (await completeOwn(tx, lease));
      }
      // Published but not (yet) public: keep watching for moderation's verdict.
      return void (await again('tracking'));
    }
    case 'inbox_pending':
      if (elapsed >= deps.settings.inboxHorizonMs) {
        await notePost(tx, post, { actor: 'tiktok:status', reason: 'inbox_not_finished', message: 'The creator has not finished the draft in the TikTok app; tokpost stops polling (a webhook still updates the post).', now });
        return void (await completeOwn(tx, lease));
      }
      return void (await again('inbox'));
    default:
      if (elapsed >= deps.settings.statusHorizonMs) {
        const moved = await transitionPost(tx, post, {
          to: 'needs_action',
          actor: 'tiktok:status',
          reason: 'processing_timeout',
          message: `${localReasonMessage('processing_timeout')} Last status: ${last.status}.`,
          now,
        });
        if (moved) deps.events.emit('post', { postId: post.id, accountId: post.accountId, from: post.state, to: moved.state, reason: moved.stateReason, at: now });
        return void (await completeOwn(tx, lease));
      }
      return void (await again('tracking'));
  }
}

async function statusFailed(
  deps: EngineDeps,
  lease: JobLease,
  post: Post,
  e: unknown,
  refreshed: boolean,
  refreshCtx: { lease: JobLease; actor: string; attempt: number },
  account: Parameters<typeof refreshAccount>[2],
  app: Parameters<typeof refreshAccount>[3],
): Promise<void> {
  const now = deps.clock.now();
  const code = isTikTokError(e) ? e.code : 'internal';
  if (e instanceof TikTokApiError && code === 'access_token_invalid') {
    if (!refreshed) {
      const r = await refreshAccount(deps, refreshCtx, account, app);
      return lease.retry(r.ok ? now : now + WAIT_FOR_ACCOUNT_MS, code, undefined, { attempts: 'keep' });
    }
    return lease.retry(now + WAIT_FOR_ACCOUNT_MS, code, undefined, { attempts: 'keep' });
  }
  if (e instanceof TikTokApiError && (code === 'invalid_publish_id' || code === 'token_not_authorized_for_specified_publish_id')) {
    return lease.done(async (tx) => {
      if (post.state === 'published') return;
      const moved = await transitionPost(tx, post, {
        to: 'needs_action',
        actor: 'tiktok:status',
        reason: code,
        message: `TikTok no longer answers for this publish (${code}${e.logId ? `, log_id ${e.logId}` : ''}); check the creator's profile.`,
        now,
      });
      if (moved) deps.events.emit('post', { postId: post.id, accountId: post.accountId, from: post.state, to: moved.state, reason: moved.stateReason, at: now });
    });
  }
  const delay = backoffDelay(lease.job.attempts, { baseMs: 10_000, maxMs: 10 * 60_000 }, deps.random);
  return lease.retry(now + delay, `status: ${code}`);
}
