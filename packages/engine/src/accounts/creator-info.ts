// creator_info for a composer (docs/tiktok-api.md §5.1, §12): TikTok asks apps to read it fresh
// when the post page is shown, and to stop and tell the user when the creator cannot post now.
// `creatorInfo(id)` asks TikTok every time (maxAgeMs 0); the composer rules of posts.create reuse an
// answer up to a minute old (creator_info is limited to 20 calls per minute per token, and a batch
// of 500 rows for one account must not spend them). Each call leaves an attempt row, and the answer
// is kept as the account's last creator_info for the scheduling checks.
//
// The access token is never refreshed here: refreshes run one per account inside its job group
// (docs/architecture.md §2.4). A token that expired is refreshed by a queued job and the caller is
// told to try again in a moment; a token TikTok rejects queues that refresh too (it decides whether
// the grant is gone and parks the account).
import { TikTokApiError, TikTokNetworkError, isTikTokError, type CreatorInfoResult } from '@tokpost/tiktok';
import type { Account } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { EngineError, notFound } from '../errors.js';
import { recordedCall } from '../pipeline/recorded-call.js';

export type CreatorInfo = Omit<CreatorInfoResult, 'logId'>;

export interface CreatorInfoReader {
  /** The creator's current posting options; `maxAgeMs` lets an answer that recent be reused (default 0: ask TikTok). */
  read(accountId: string, o?: { maxAgeMs?: number }): Promise<CreatorInfo>;
}

/** How long posts.create's composer rules reuse an answer. */
export const COMPOSER_CREATOR_INFO_MAX_AGE_MS = 60_000;

// TikTok answers these with HTTP 200 on purpose: the creator cannot post right now.
const CANNOT_POST_NOW: Record<string, string> = {
  spam_risk_too_many_posts: 'the creator has reached the number of posts TikTok allows in a day; try again later',
  spam_risk_user_banned_from_posting: 'TikTok has banned this creator from posting; the creator must resolve it with TikTok',
  reached_active_user_cap: 'the TikTok app has reached the number of creators it may post for today; try again tomorrow',
};

export function createCreatorInfoReader(deps: EngineDeps): CreatorInfoReader {
  const cache = new Map<string, { at: number; value: CreatorInfo }>();

  const queueRefresh = async (account: Account) => {
    const now = deps.clock.now();
    await deps.store.jobs.upsert({ kind: 'refresh', key: `refresh:${account.id}`, groupKey: `account:${account.id}`, accountId: account.id, runAt: now }, now);
    deps.events.emit('work');
  };

  return {
    async read(accountId, o = {}) {
      const account = await deps.store.accounts.get(accountId);
      if (!account) throw notFound('account', accountId);
      const now = deps.clock.now();
      const hit = cache.get(accountId);
      if (hit && now - hit.at <= (o.maxAgeMs ?? 0)) return hit.value;
      if (account.status !== 'active') {
        throw new EngineError('needs_reconnect', `the account is ${account.status}${account.statusMessage ? ` (${account.statusMessage})` : ''}: connect it again to read its creator info`);
      }
      if (!account.scopes.includes('video.publish')) {
        throw new EngineError('needs_reconnect', 'the creator did not grant video.publish, which creator info needs: connect the account again and keep every permission ticked');
      }
      if (account.accessExpiresAt <= now) {
        await queueRefresh(account);
        throw new EngineError('unavailable', "the account's access token has expired and is being refreshed; try again in a minute");
      }
      // About to expire: this call still works, and the refresh job renews it meanwhile.
      if (account.accessExpiresAt - now <= deps.settings.tokenSafetyMarginMs) await queueRefresh(account);
      const app = await deps.store.apps.get(account.appId);
      if (!app) throw notFound('app', account.appId);
      const client = deps.clients.forApp(app);
      const r = await recordedCall(deps, { kind: 'creator_info', endpoint: 'creator_info', accountId }, () => client.queryCreatorInfo(account.accessToken), (c) => ({ logId: c.logId ?? null }));
      if (!r.ok) throw await explain(r.error, account);
      const { logId: _logId, ...value } = r.value;
      cache.set(accountId, { at: now, value });
      await deps.store.accountPolicies.update(accountId, { creatorInfo: value, creatorInfoAt: now }, now);
      return value;
    },
  };

  async function explain(e: unknown, account: Account): Promise<EngineError> {
    const logId = isTikTokError(e) && e.logId ? ` (TikTok log id ${e.logId})` : '';
    if (e instanceof TikTokApiError) {
      const cannot = CANNOT_POST_NOW[e.code];
      if (cannot) return new EngineError('cannot_post_now', `TikTok says the creator cannot post right now (${e.code}): ${cannot}${logId}`, [], e.code);
      if (e.code === 'access_token_invalid') {
        await queueRefresh(account);
        return new EngineError('needs_reconnect', `TikTok rejected the account's access token (access_token_invalid): the creator may have revoked access. tokpost is refreshing the token; if the account then shows needs_reconnect, connect it again${logId}`);
      }
      if (e.code === 'scope_not_authorized') return new EngineError('needs_reconnect', `TikTok says video.publish is not granted (scope_not_authorized): connect the account again and keep every permission ticked${logId}`);
      if (e.code === 'rate_limit_exceeded') return new EngineError('rate_limited', `TikTok's limit of creator_info calls for this account is reached (rate_limit_exceeded); try again in a minute${logId}`);
      return new EngineError('unavailable', `TikTok refused creator_info (${e.code}): ${e.tiktokMessage || e.message}${logId}`);
    }
    if (e instanceof TikTokNetworkError) return new EngineError('unavailable', 'TikTok could not be reached for creator_info; try again shortly');
    if (isTikTokError(e)) return new EngineError('unavailable', `creator_info failed (${e.code}); try again shortly${logId}`);
    deps.log.warn({ err: e }, 'creator_info failed unexpectedly');
    return new EngineError('unavailable', 'creator_info failed unexpectedly; try again shortly');
  }
}
