// What the doctor looks at, gathered once per run: the stored account, its policy and ledger, its
// posts, and two live calls — user info (does TikTok still know the account and accept its token?)
// and creator_info (can the creator post now?). Both leave attempt rows like every TikTok call.
//
// The doctor never refreshes a token itself: refreshes run one per account in the account's job
// group (docs/architecture.md §2.4). With a token about to expire it queues that refresh instead
// and skips the live calls, which would only report the stale token.
import type { UserField } from '@tokpost/tiktok';
import type { Account, App, CreatorInfoSnapshot } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { readLedger } from '../policies/ledger.js';
import { recordedCall } from '../pipeline/recorded-call.js';
import type { DoctorFacts, LiveCall } from './checklist.js';

async function live<T>(call: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<LiveCall<T>> {
  const r = await call;
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

export async function gatherFacts(deps: EngineDeps, account: Account, app: App): Promise<DoctorFacts> {
  const { store, settings } = deps;
  const now = deps.clock.now();
  const [policy, ledger, inboxPending, published, troubled] = await Promise.all([
    store.accountPolicies.get(account.id),
    readLedger(store, account, now),
    store.posts.list({ accountId: account.id, states: ['inbox_pending'] }),
    store.posts.list({ accountId: account.id, states: ['published'] }),
    store.posts.list({ accountId: account.id, states: ['failed', 'needs_action'] }),
  ]);
  const lastPublished = published.reduce<(typeof published)[number] | undefined>((last, p) => ((p.publishedAt ?? 0) > (last?.publishedAt ?? -1) ? p : last), undefined);
  const failedSince = troubled.filter((p) => p.updatedAt > (lastPublished?.publishedAt ?? 0));

  let skipped: string | undefined;
  if (account.status !== 'active') skipped = 'the account is not connected';
  else if (account.accessExpiresAt - now <= settings.tokenSafetyMarginMs) {
    skipped = 'the access token is being refreshed; run the doctor again in a minute';
    await store.jobs.upsert({ kind: 'refresh', key: `refresh:${account.id}`, groupKey: `account:${account.id}`, accountId: account.id, runAt: now }, now);
    deps.events.emit('work');
  }

  const client = deps.clients.forApp(app);
  const fields: UserField[] = ['open_id', 'display_name', ...(account.scopes.includes('user.info.profile') ? (['username'] as const) : [])];
  const userInfo: DoctorFacts['userInfo'] = skipped
    ? { ok: false, skipped }
    : await live(
        recordedCall(deps, { kind: 'user_info', endpoint: 'user_info', accountId: account.id, request: { fields } }, () => client.getUserInfo(account.accessToken, fields), (u) => ({ logId: u.logId ?? null })),
      );
  const creatorSkip = skipped ?? (account.scopes.includes('video.publish') ? undefined : 'video.publish is not granted');
  const creatorInfo: DoctorFacts['creatorInfo'] = creatorSkip
    ? { ok: false, skipped: creatorSkip }
    : await live(
        recordedCall(deps, { kind: 'creator_info', endpoint: 'creator_info', accountId: account.id }, () => client.queryCreatorInfo(account.accessToken), (c) => ({ logId: c.logId ?? null })),
      );
  if (creatorInfo.ok) {
    // Scheduling checks read the latest creator_info (policies/scheduling-checks.ts): keep it.
    const { logId: _logId, ...snapshot } = creatorInfo.value;
    await store.accountPolicies.update(account.id, { creatorInfo: snapshot satisfies CreatorInfoSnapshot, creatorInfoAt: now }, now);
  }
  return { now, settings, account, app, policy, ledger, userInfo, creatorInfo, inboxPending, lastPublished, failedSince };
}
