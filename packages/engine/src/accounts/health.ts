// A cheap health summary of an account, from what the store already knows — no call to TikTok
// (the doctor, doctor/doctor.ts, is the thorough check that calls it). Shown with every account
// the API lists: is the grant alive, when does the refresh token run out (TikTok cannot renew it:
// the creator must connect again), which scopes tokpost asks for are missing, and how many direct
// posts went out in the last 24 h against the cap in force (docs/connect.md).
import { POSTING_CAPS } from '@tokpost/tiktok';
import { diagnose } from '../diagnostics/diagnose.js';
import { localReasonMessage } from '../domain/reasons.js';
import type { Repos } from '../domain/store-port.js';
import type { Account } from '../domain/types.js';
import type { EngineSettings } from '../engine-deps.js';
import { effectiveDailyCap } from '../policies/caps.js';
import { sentSince } from '../policies/ledger.js';
import { formatSpan } from '../time-spans.js';
import { refreshExpiryMark } from './refresh-schedule.js';
import { DEFAULT_CONNECT_SCOPES, RECONNECT_FIX, explainMissingScopes, type MissingScope } from './scope-features.js';

/**
 * `valid`: the access token works (or a refresh is on its way); `access_expired`: it ran out and no
 * refresh succeeded yet; `refresh_expired`: TikTok will not renew it any more; `revoked`: the account
 * is disconnected or TikTok withdrew the grant (status needs_reconnect).
 */
export type TokenState = 'valid' | 'access_expired' | 'refresh_expired' | 'revoked';

export interface HealthProblem {
  code: string;
  message: string;
  fix: string;
}

export interface AccountHealth {
  /** `ok`; `attention`: posting works but something needs doing soon; `needs_reconnect`: posting is held until the creator connects again. */
  status: 'ok' | 'attention' | 'needs_reconnect';
  needsReconnect: boolean;
  tokenState: TokenState;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** Milliseconds until the refresh token expires (negative once it has). */
  refreshExpiresInMs: number;
  /** Scopes of DEFAULT_CONNECT_SCOPES not granted, each with what it disables. */
  missingScopes: MissingScope[];
  postsLast24h: { direct: number; cap: number };
  problems: HealthProblem[];
}

export async function accountHealth(repos: Repos, settings: EngineSettings, account: Account, now: number): Promise<AccountHealth> {
  const [policy, direct] = await Promise.all([repos.accountPolicies.get(account.id), sentSince(repos, account.id, 'direct', now - POSTING_CAPS.windowMs)]);
  const cap = effectiveDailyCap(policy, settings);
  const problems: HealthProblem[] = [];
  const refreshLeft = account.refreshExpiresAt - now;

  let tokenState: TokenState = 'valid';
  if (account.status !== 'active') {
    tokenState = 'revoked';
    const code = account.status === 'disconnected' ? 'account_disconnected' : 'account_needs_reconnect';
    problems.push({ code: account.statusReason ?? code, message: account.statusMessage ?? localReasonMessage(code), fix: diagnose({ source: 'local', code }).fix });
  } else if (refreshLeft <= 0) {
    tokenState = 'refresh_expired';
    problems.push({ code: 'refresh_token_expired', message: localReasonMessage('refresh_token_expired'), fix: diagnose({ source: 'local', code: 'refresh_token_expired' }).fix });
  } else if (account.accessExpiresAt <= now) {
    tokenState = 'access_expired';
    problems.push({ code: 'access_token_expired', message: 'The access token has expired and no refresh has succeeded since.', fix: 'Refresh the account (POST /api/accounts/:id/refresh); if that fails, run the doctor.' });
  } else {
    const mark = refreshExpiryMark(refreshLeft, settings.refreshExpiryWarningsMs);
    if (mark !== undefined) {
      problems.push({
        code: 'refresh_token_expiring',
        message: `The refresh token expires within ${formatSpan(mark, 'up')} (${formatSpan(refreshLeft)} left); TikTok cannot renew it.`,
        fix: 'Have the creator connect the account again before then; this starts a new refresh token.',
      });
    }
  }

  const missingScopes = explainMissingScopes(DEFAULT_CONNECT_SCOPES.filter((s) => !account.scopes.includes(s)));
  for (const m of missingScopes) problems.push({ code: 'scope_missing', message: `${m.scope} is not granted: no ${m.disables}.`, fix: RECONNECT_FIX });
  if (direct.length >= cap) problems.push({ code: 'daily_cap_reached', message: `${direct.length} direct posts in the last 24 h reached the cap of ${cap}.`, fix: 'Further posts wait for the next free slot; nothing to do.' });

  const needsReconnect = tokenState === 'revoked' || tokenState === 'refresh_expired';
  return {
    status: needsReconnect ? 'needs_reconnect' : problems.length > 0 ? 'attention' : 'ok',
    needsReconnect,
    tokenState,
    accessExpiresAt: account.accessExpiresAt,
    refreshExpiresAt: account.refreshExpiresAt,
    refreshExpiresInMs: refreshLeft,
    missingScopes,
    postsLast24h: { direct: direct.length, cap },
    problems,
  };
}
