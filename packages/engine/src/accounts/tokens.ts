// The token lifecycle (docs/architecture.md §2.4, docs/tiktok-api.md §2.5):
// - refresh ahead of expiry from the stored absolute times, one refresh per account at a time (the
//   caller holds the account's job group), the rotated refresh token saved in the same statement
//   as the new access token;
// - transient failures (network, 5xx, rate limits, TikTok's server_error) retry with backoff and
//   keep the account active — an access token that is still valid keeps being used meanwhile;
// - invalid_grant, an expired refresh token, or rejected app credentials park the account.
import { TikTokNetworkError, TikTokOAuthError, type RefreshResult } from '@tokpost/tiktok';
import { localReasonMessage } from '../domain/reasons.js';
import type { Repos } from '../domain/store-port.js';
import type { Account, App } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { backoffDelay } from '../jobs/backoff.js';
import type { JobLease } from '../jobs/lease.js';
import { recordedCall } from '../pipeline/recorded-call.js';
import { parkAccount } from './park.js';
import { nextRefreshAt } from './refresh-schedule.js';

export type TokenResult =
  /** `refreshed`: the token was obtained just now (an access_token_invalid now means the grant is gone). */
  | { ok: true; account: Account; refreshed?: boolean }
  | { ok: false; parked: true; reason: string; message: string }
  | { ok: false; parked: false; retryAt: number; reason: string; message: string };

export interface RefreshContext {
  lease: JobLease;
  actor: string;
  /** Retries of this refresh so far (for the backoff). */
  attempt: number;
  /** The refresh job reschedules itself; other callers (re)schedule it. */
  fromRefreshJob?: boolean;
}

const TRANSIENT_OAUTH = new Set(['server_error', 'temporarily_unavailable']);

/** A fresh access token: the stored one if it outlives the safety margin, else a refresh. */
export async function ensureFreshToken(deps: EngineDeps, ctx: RefreshContext, account: Account, app: App, o: { force?: boolean } = {}): Promise<TokenResult> {
  const now = deps.clock.now();
  if (!o.force && account.accessExpiresAt - now > deps.settings.tokenSafetyMarginMs) return { ok: true, account };
  const r = await refreshAccount(deps, ctx, account, app);
  // A transient failure with a token that still works: carry on with it, the refresh job retries.
  if (!r.ok && !r.parked && !o.force && account.accessExpiresAt > now) return { ok: true, account };
  return r;
}

export async function refreshAccount(deps: EngineDeps, ctx: RefreshContext, account: Account, app: App): Promise<TokenResult> {
  const now = deps.clock.now();
  const park = async (reason: string, message: string): Promise<TokenResult> => {
    const replaced = await ctx.lease.tx(async (tx) => {
      // A reconnect (or another refresh) may have stored a new grant while this call was out:
      // TikTok then refused the grant it replaced, and parking would hold the account's posts
      // for a reconnect that already happened. The account goes on with the tokens it has now.
      const current = await tx.accounts.get(account.id);
      if (current && current.status === 'active' && current.refreshToken !== account.refreshToken) return current;
      await parkAccount(deps, tx, account, { reason, message, actor: ctx.actor, now: deps.clock.now(), exceptJobKey: ctx.lease.job.key });
      return undefined;
    });
    if (replaced) return { ok: true, account: replaced };
    return { ok: false, parked: true, reason, message };
  };
  if (account.refreshExpiresAt <= now) return park('refresh_token_expired', localReasonMessage('refresh_token_expired'));

  const client = deps.clients.forApp(app);
  const res = await recordedCall<RefreshResult>(
    deps,
    { kind: 'token_refresh', endpoint: 'oauth_token', accountId: account.id, request: { grant_type: 'refresh_token' } },
    () => client.refreshToken(account.refreshToken),
    (r) => ({ logId: r.logId ?? null, message: r.refreshTokenRotated ? 'refresh token rotated' : null }),
  );
  if (res.ok) {
    const t = res.value;
    const tokens = {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      accessExpiresAt: t.accessExpiresAt,
      refreshExpiresAt: t.refreshExpiresAt,
      scopes: t.scopes.length > 0 ? t.scopes : account.scopes,
      lastRefreshAt: deps.clock.now(),
    };
    const updated: Account = { ...account, ...tokens };
    await ctx.lease.tx(async (tx: Repos) => {
      await tx.accounts.updateTokens(account.id, tokens, deps.clock.now());
      if (!ctx.fromRefreshJob) {
        await tx.jobs.upsert(
          { kind: 'refresh', key: `refresh:${account.id}`, groupKey: `account:${account.id}`, accountId: account.id, runAt: nextRefreshAt(updated, deps.settings, deps.random, deps.clock.now()) },
          deps.clock.now(),
        );
      }
    });
    return { ok: true, account: updated, refreshed: true };
  }

  const e = res.error;
  if (e instanceof TikTokOAuthError && !TRANSIENT_OAUTH.has(e.code)) {
    if (e.code === 'invalid_grant') {
      const lost = (await deps.store.attempts.list({ accountId: account.id, kind: 'token_refresh' })).some((a) => a.outcome === 'unknown' && a.id !== res.attemptId);
      const why = lost ? ' An earlier refresh lost its answer, so TikTok has probably rotated the refresh token.' : '';
      return park('refresh_token_rejected', `${localReasonMessage('refresh_token_rejected')}${why}`);
    }
    if (e.code === 'invalid_client') return park('app_credentials_rejected', localReasonMessage('app_credentials_rejected'));
    return park(e.code, `TikTok refused to refresh the token (${e.code}${e.tiktokMessage ? `: ${e.tiktokMessage}` : ''}).`);
  }
  const delay = backoffDelay(ctx.attempt, { baseMs: deps.settings.retryBaseMs, maxMs: deps.settings.retryMaxMs }, deps.random);
  const code = e instanceof TikTokNetworkError ? 'network_error' : e instanceof Error && 'code' in e ? String((e as { code: unknown }).code) : 'internal';
  return { ok: false, parked: false, retryAt: deps.clock.now() + delay, reason: code, message: `Refreshing the access token failed for now (${code}); retrying.` };
}
