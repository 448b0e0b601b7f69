// When an account's next refresh runs: ahead of the access token's expiry as TikTok stated it,
// minus a random jitter so a fleet of accounts connected together does not refresh together.
import type { EngineSettings } from '../engine-deps.js';
import type { Account } from '../domain/types.js';

export function nextRefreshAt(account: Pick<Account, 'accessExpiresAt'>, s: Pick<EngineSettings, 'refreshAheadMs' | 'refreshJitterMs'>, random: () => number, now: number): number {
  const at = account.accessExpiresAt - s.refreshAheadMs - Math.floor(random() * s.refreshJitterMs);
  return Math.max(now, at);
}
