// When an account's next refresh runs: ahead of the access token's expiry as TikTok stated it,
// minus a random jitter so a fleet of accounts connected together does not refresh together.
import type { EngineSettings } from '../engine-deps.js';
import type { Account } from '../domain/types.js';

export function nextRefreshAt(account: Pick<Account, 'accessExpiresAt'>, s: Pick<EngineSettings, 'refreshAheadMs' | 'refreshJitterMs'>, random: () => number, now: number): number {
  const at = account.accessExpiresAt - s.refreshAheadMs - Math.floor(random() * s.refreshJitterMs);
  return Math.max(now, at);
}

/**
 * The nearest warning mark (settings.refreshExpiryWarningsMs) the refresh token is already within:
 * 30 days out is "within 30 days", 6 days out "within 7"; undefined before the first mark.
 */
export function refreshExpiryMark(leftMs: number, marks: readonly number[]): number | undefined {
  return [...marks].sort((x, y) => x - y).find((m) => leftMs <= m);
}
