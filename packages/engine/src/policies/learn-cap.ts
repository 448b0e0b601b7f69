// TikTok refused a post for the creator's daily cap (`spam_risk_too_many_posts`). When tokpost's
// ledger shows fewer direct posts than its cap, another tool is posting for this creator: tokpost
// records the lower cap it learned and pauses the account until its oldest counted post leaves the
// 24 h window — one refusal, not a retry storm (docs/architecture.md §2.5). With no post of ours in
// the window, the other tool's posts are all tokpost cannot see: the pause lasts a full window.
import type { Repos } from '../domain/store-port.js';
import type { Account, AccountPolicy } from '../domain/types.js';
import { localReasonMessage } from '../domain/reasons.js';
import { effectiveDailyCap, WINDOW_MS, type CapDefaults, type CapReason } from './caps.js';
import { readLedger } from './ledger.js';

export interface CapLesson {
  policy: AccountPolicy;
  reason: Extract<CapReason, 'daily_cap_reached' | 'daily_cap_reached_elsewhere'>;
  message: string;
}

export async function learnFromCapRefusal(tx: Repos, account: Pick<Account, 'id' | 'appId'>, defaults: CapDefaults, now: number): Promise<CapLesson> {
  const [ledger, before] = await Promise.all([readLedger(tx, account, now), tx.accountPolicies.get(account.id)]);
  const ours = ledger.directInitTimes;
  const cap = effectiveDailyCap(before, defaults);
  const elsewhere = ours.length < cap;
  const pausedUntil = ours.length > 0 ? ours[0]! + WINDOW_MS : now + WINDOW_MS;
  const reason = elsewhere ? 'daily_cap_reached_elsewhere' : 'daily_cap_reached';
  const learned = elsewhere && ours.length > 0 ? ours.length : before.learnedPostCap;
  const policy = await tx.accountPolicies.update(
    account.id,
    { learnedPostCap: learned, learnedCapAt: elsewhere && ours.length > 0 ? now : before.learnedCapAt, pausedUntil, pausedReason: reason },
    now,
  );
  const counted = `tokpost sent ${ours.length} direct post${ours.length === 1 ? '' : 's'} for this creator in the last 24 hours`;
  const message = elsewhere
    ? `${localReasonMessage(reason)} (${counted}; its cap is now ${learned ?? cap}.) Paused until ${new Date(pausedUntil).toISOString()}.`
    : `${localReasonMessage(reason)} (${counted}.) Paused until ${new Date(pausedUntil).toISOString()}.`;
  return { policy, reason, message };
}
