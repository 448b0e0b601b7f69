// The publish job: one per post, key `publish:<post id>`, in the account's job group so nothing
// else of that account runs meanwhile. The steps (docs/architecture.md §2.2):
//   1. a fresh access token;
//   2. creator_info — can the creator post now, is the privacy level still offered, is the video
//      within the creator's maximum, are the interaction toggles allowed;
//   3. the gate (caps ledgers, audit rules: the policy layer's seam);
//   4. the attempt row, then the init (pipeline/send-init.ts);
//   5. the upload (pipeline/upload-step.ts) or TikTok's pull from the media seam;
//   6. status tracking (pipeline/status-job.ts).
// A job that finds its post already past init (a crash, a takeover) resumes from the init attempt
// it finds instead of starting over.
import { TikTokApiError, isTikTokError, type CreatorInfoResult } from '@tokpost/tiktok';
import { hasErrors } from '@tokpost/media';
import { existsSync } from 'node:fs';
import { localReasonMessage } from '../domain/reasons.js';
import { transitionPost } from '../domain/transition.js';
import type { Account, AccountPolicy, Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobHandler } from '../jobs/worker.js';
import type { JobLease } from '../jobs/lease.js';
import { ensureFreshToken, refreshAccount } from '../accounts/tokens.js';
import { parkAccount } from '../accounts/park.js';
import { isUnderVerifiedPrefix } from '../media/verified-prefix.js';
import { checkAgainstCreator } from './creator-check.js';
import { loadPostContext, type PostContext } from './post-context.js';
import { deferPost, failPost, holdPost, retryLater, startTracking } from './publish-outcomes.js';
import type { GateDecision } from './gate.js';
import { dueAt, isMissed } from '../policies/catch-up.js';
import { onCapRefusedByTikTok } from '../policies/cap-refusal.js';
import { readLedger } from '../policies/ledger.js';
import { recordedCall } from './recorded-call.js';
import { reconcileUnknown, sendInit, type InitRunContext } from './send-init.js';
import { runUpload } from './upload-step.js';

const CANNOT_POST_NOW = new Set(['reached_active_user_cap']);
const CREATOR_INFO_REFRESH_MS = 3_600_000;

export function createPublishHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const actor = `worker:${lease.job.leaseOwner}`;
    const ctx = await loadPostContext(deps.store, lease.job.postId);
    if (!ctx) return lease.done();
    let { post } = ctx;
    if (post.state !== 'scheduled' && post.state !== 'publishing') return lease.done();
    if (post.initStartedAt !== null) return resumeAfterInit(deps, lease, ctx, actor);
    if (isMissed(post, dueAt(post, lease.job.runAt), deps.clock.now(), deps.settings.catchUpGraceMs)) return markMissed(deps, lease, post, actor);

    if (post.state === 'scheduled') {
      const moved = await lease.tx((tx) => transitionPost(tx, post, { to: 'publishing', actor, message: 'Publishing started.', guard: { version: post.version }, now: deps.clock.now() }));
      if (!moved) return lease.release();
      deps.events.emit('post', { postId: post.id, accountId: post.accountId, from: post.state, to: moved.state, reason: null, at: deps.clock.now() });
      post = moved;
    }
    const hold = (reason: string, message: string, detail?: Record<string, unknown>) => holdPost(deps, lease, post, actor, { reason, message, detail });

    let account: Account = ctx.account;
    if (account.status !== 'active') return hold('account_needs_reconnect', `${localReasonMessage('account_needs_reconnect')} (${account.statusMessage ?? account.status})`);

    const media = ctx.media;
    if (media.length !== post.mediaIds.length || media.some((m) => !existsSync(m.path))) return hold('media_missing', localReasonMessage('media_missing'));
    if (deps.settings.preflight === 'block') {
      const bad = media.findIndex((m) => hasErrors(m.findings));
      if (bad >= 0) {
        const f = media[bad]!.findings.filter((x) => x.severity === 'error').map((x) => x.code);
        return hold('media_rejected_by_preflight', `${localReasonMessage('media_rejected_by_preflight')} ${media.length > 1 ? `Image ${bad + 1}: ` : ''}${f.join(', ')}.`, { findings: f, media_index: bad });
      }
    }
    if (post.kind === 'photo' || post.source === 'PULL_FROM_URL') {
      const base = deps.settings.mediaBaseUrl;
      if (!base || !isUnderVerifiedPrefix(base, ctx.app.verifiedUrlPrefixes)) {
        return hold('photos_need_url_pull', `${localReasonMessage('photos_need_url_pull')} ${base ? `${base} is not under the app's verified prefixes (${ctx.app.verifiedUrlPrefixes.join(', ') || 'none'}).` : 'No media URL is configured.'}`);
      }
    }

    // The rules that need no TikTok call decide first (policies/policy-gate.ts).
    const policy = await deps.store.accountPolicies.get(account.id);
    const ledger = await readLedger(deps.store, account, deps.clock.now(), ctx.app);
    const decide = async (creatorInfo: CreatorInfoResult | undefined): Promise<GateDecision> =>
      deps.gate({ post, account, policy, app: ctx.app, creatorInfo, ledger, now: deps.clock.now() });
    const act = (d: Exclude<GateDecision, { action: 'proceed' }>) => {
      deps.events.emit('policy', { accountId: account.id, postId: post.id, code: d.reason, message: d.message, at: deps.clock.now() });
      return d.action === 'hold' ? hold(d.reason, d.message) : deferPost(deps, lease, post, actor, { reason: d.reason, message: d.message, until: d.until });
    };
    const before = await decide(undefined);
    if (before.action !== 'proceed') return act(before);

    const refreshCtx = { lease, actor, attempt: lease.job.attempts };
    const tok = await ensureFreshToken(deps, refreshCtx, account, ctx.app);
    if (!tok.ok) {
      if (tok.parked) return lease.done();
      return retryLater(deps, lease, post, actor, { reason: tok.reason, message: tok.message, runAt: tok.retryAt });
    }
    account = tok.account;
    let refreshed = tok.refreshed === true;

    /** TikTok rejected the access token: refresh once; a token rejected right after a refresh means the grant is gone. */
    const onTokenRejected = async (): Promise<'retry' | 'parked'> => {
      if (!refreshed) {
        const r = await refreshAccount(deps, refreshCtx, account, ctx.app);
        if (r.ok) {
          account = r.account;
          refreshed = true;
          return 'retry';
        }
        if (r.parked) return 'parked';
        return 'retry';
      }
      await lease.tx((tx) =>
        parkAccount(deps, tx, account, { reason: 'token_rejected_after_refresh', message: localReasonMessage('token_rejected_after_refresh'), actor, now: deps.clock.now(), exceptJobKey: lease.job.key }),
      );
      return 'parked';
    };

    const needed = post.mode === 'direct' ? 'video.publish' : 'video.upload';
    if (!account.scopes.includes(needed)) return hold('scope_missing', `${localReasonMessage('scope_missing')} This post needs ${needed}.`);

    let creatorInfo: CreatorInfoResult | undefined;
    if (account.scopes.includes('video.publish')) {
      const client = deps.clients.forApp(ctx.app);
      const r = await recordedCall(deps, { kind: 'creator_info', endpoint: 'creator_info', postId: post.id, accountId: account.id }, () => client.queryCreatorInfo(account.accessToken), (c) => ({ logId: c.logId ?? null }));
      if (!r.ok) {
        const e = r.error;
        const code = isTikTokError(e) ? e.code : 'internal';
        const detail = { code, log_id: isTikTokError(e) ? (e.logId ?? null) : null };
        const text = isTikTokError(e) ? e.message : String(e);
        if (e instanceof TikTokApiError) {
          if (code === 'spam_risk_too_many_posts') return onCapRefusedByTikTok(deps, lease, post, account, actor, detail);
          if (CANNOT_POST_NOW.has(code)) return hold(code, `TikTok says the creator cannot post right now (${code}): ${e.tiktokMessage || text}`, detail);
          if (code === 'spam_risk_user_banned_from_posting') return failPost(deps, lease, post, actor, { reason: code, message: text, detail });
          if (code === 'scope_not_authorized') return hold('scope_missing', `${localReasonMessage('scope_missing')} (${text})`, detail);
          if (code === 'access_token_invalid') {
            const next = await onTokenRejected();
            if (next === 'parked') return lease.done();
            return retryLater(deps, lease, post, actor, { reason: code, message: 'TikTok rejected the access token; refreshed it.', runAt: deps.clock.now(), detail });
          }
        }
        return retryLater(deps, lease, post, actor, { reason: code, message: `Reading creator_info failed for now: ${text}`, detail });
      }
      creatorInfo = r.value;
      await rememberCreatorInfo(deps, policy, creatorInfo);
      const problem = checkAgainstCreator(post, creatorInfo, media);
      if (problem) return hold(problem.reason, problem.message, { privacy_level_options: creatorInfo.privacyLevelOptions, max_video_post_duration_sec: creatorInfo.maxVideoPostDurationSec });
    }

    const now = deps.clock.now();
    if (creatorInfo) {
      const after = await decide(creatorInfo);
      if (after.action !== 'proceed') return act(after);
    }

    if (post.kind === 'photo' || post.source === 'PULL_FROM_URL') {
      // Only TikTok's webhook can name the publish of a pull whose answer was lost, and it is matched
      // by account: while one is unsettled, this account's next pull waits, so the match stays certain.
      const unsettled = (await deps.store.posts.list({ accountId: account.id, states: ['processing'], stateReason: 'init_outcome_unknown' })).filter((p) => p.publishId === null && p.id !== post.id);
      if (unsettled.length > 0) {
        return retryLater(deps, lease, post, actor, {
          reason: 'waiting_for_unsettled_publish',
          message: 'Waiting for TikTok to settle an earlier publish of this account whose answer was lost.',
          runAt: now + 60_000,
        });
      }
    }
    const run: InitRunContext = { ...ctx, post, account, media, actor, onTokenRejected };
    return sendInit(deps, lease, run);
  };
}

/** The publish run started past the catch-up window: the post is missed, and someone decides. */
async function markMissed(deps: EngineDeps, lease: JobLease, post: Post, actor: string): Promise<void> {
  const now = deps.clock.now();
  const due = dueAt(post, lease.job.runAt);
  const lateMin = Math.round((now - due) / 60_000);
  let moved: Post | undefined;
  await lease.done(async (tx) => {
    moved = await transitionPost(tx, post, {
      to: 'missed',
      actor,
      reason: 'missed_schedule',
      message: `${localReasonMessage('missed_schedule')} It was due ${lateMin} minutes ago (catch-up window: ${Math.round(deps.settings.catchUpGraceMs / 60_000)} minutes).`,
      detail: { due_at: due, late_ms: now - due },
      now,
    });
  });
  if (moved) deps.events.emit('post', { postId: post.id, accountId: post.accountId, from: post.state, to: moved.state, reason: moved.stateReason, at: now });
}

/** Keeps the latest creator_info on the account's policy (for scheduling checks and the doctor), writing only when it changed or aged. */
async function rememberCreatorInfo(deps: EngineDeps, policy: AccountPolicy, info: CreatorInfoResult): Promise<void> {
  const { logId: _logId, ...snapshot } = info;
  const now = deps.clock.now();
  if (JSON.stringify(policy.creatorInfo) === JSON.stringify(snapshot) && now - (policy.creatorInfoAt ?? 0) < CREATOR_INFO_REFRESH_MS) return;
  await deps.store.accountPolicies.update(policy.accountId, { creatorInfo: snapshot, creatorInfoAt: now }, now);
}

/** The post is past "init started": continue from what the last init attempt says. */
async function resumeAfterInit(deps: EngineDeps, lease: JobLease, ctx: PostContext, actor: string): Promise<void> {
  const { post } = ctx;
  const attempt = await deps.store.attempts.latestInit(post.id);
  const run: InitRunContext = { ...ctx, actor, onTokenRejected: async () => 'retry' };
  const pull = post.kind === 'photo' || post.source === 'PULL_FROM_URL';
  if (attempt?.outcome === 'pending' || attempt?.outcome === 'unknown') {
    if (attempt.outcome === 'pending') {
      await lease.tx((tx) => tx.attempts.finish(attempt.id, { outcome: 'unknown', message: "The worker stopped before TikTok's answer was recorded." }));
    }
    return reconcileUnknown(deps, lease, run, attempt.id, pull);
  }
  if (attempt?.outcome === 'ok') {
    if (pull) {
      await lease.done(async (tx) => {
        await startTracking(deps, tx, post, actor);
      });
      return;
    }
    const session = await deps.store.attempts.getUploadSession(attempt.id);
    if (session) return runUpload(deps, lease, run, session);
    return failPost(deps, lease, post, actor, { reason: 'upload_failed', message: `${localReasonMessage('upload_failed')} (the upload URL was not kept).` });
  }
  // The last init was rejected or orphaned: nothing at TikTok holds this post; start over.
  await lease.retry(deps.clock.now(), null, async (tx) => {
    await tx.posts.update(post.id, { initStartedAt: null }, deps.clock.now());
  }, { attempts: 'keep' });
}
