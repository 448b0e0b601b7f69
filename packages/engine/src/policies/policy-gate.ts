// The policy gate (pipeline/gate.ts): TikTok's limits known before TikTok says no
// (docs/architecture.md §2.5, docs/tiktok-api.md §10). In order:
//   1. a paused account (TikTok said the creator is at its cap) waits out its pause;
//   2. an unaudited app posts only SELF_ONLY, only to private accounts (creator_info offers no
//      PUBLIC_TO_EVERYONE), and for at most 5 creators a day;
//   3. an audited app with a known creator cap stays under it;
//   4. direct posts stay under the creator's daily cap, inbox drafts under the pending-draft cap.
// A cap reached moves the post to the next free slot or holds it, as the account's cap policy says.
// The gate runs twice per publish: before any TikTok call (creatorInfo undefined: the rules that
// need it wait), and after creator_info.
import type { Gate, GateDecision } from '../pipeline/gate.js';
import type { EngineSettings } from '../engine-deps.js';
import { activeCreatorCapOf, capPolicyOf, type CapReason, effectiveDailyCap, nextFreeSlot, WINDOW_MS } from './caps.js';
import { localReasonMessage as policyMessage } from '../domain/reasons.js';

const when = (t: number) => new Date(t).toISOString();

export function createPolicyGate(settings: Pick<EngineSettings, 'dailyPostCap' | 'capPolicy' | 'pendingInboxCap'>): Gate {
  return ({ post, policy, app, creatorInfo, ledger, now }) => {
    const capped = (reason: Exclude<CapReason, 'daily_cap_reached_elsewhere' | 'account_paused'>, slot: number, what: string): GateDecision => {
      const message = `${policyMessage(reason)} ${what}`;
      if (capPolicyOf(policy, settings) === 'hold') return { action: 'hold', reason, message: `${message} The next free slot is ${when(slot)}; retry the post then, or move it.` };
      return { action: 'defer', until: slot, reason, message: `${message} Moved to the next free slot, ${when(slot)}.` };
    };

    if (policy.pausedUntil !== null && policy.pausedUntil > now) {
      return { action: 'defer', until: policy.pausedUntil, reason: policy.pausedReason ?? 'account_paused', message: `${policyMessage('account_paused')} Until ${when(policy.pausedUntil)}.` };
    }

    if (!app.audited && post.mode === 'direct') {
      if (post.privacyLevel !== 'SELF_ONLY') return { action: 'hold', reason: 'unaudited_requires_self_only', message: policyMessage('unaudited_requires_self_only') };
      if (creatorInfo && creatorInfo.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')) {
        return { action: 'hold', reason: 'unaudited_requires_private_account', message: policyMessage('unaudited_requires_private_account') };
      }
    }

    const creatorCap = activeCreatorCapOf(app);
    if (creatorCap !== undefined && !ledger.activeCreators.some((c) => c.accountId === post.accountId) && ledger.activeCreators.length >= creatorCap) {
      const frees = Math.min(...ledger.activeCreators.map((c) => c.lastAt)) + WINDOW_MS;
      return capped('active_creator_cap_reached', frees, `${ledger.activeCreators.length} creators have posted through this app in the last 24 hours (cap ${creatorCap}).`);
    }

    if (post.mode === 'direct') {
      const cap = effectiveDailyCap(policy, settings);
      const slot = nextFreeSlot(ledger.directInitTimes, cap, now);
      if (slot > now) return capped('daily_cap_reached', slot, `${ledger.directInitTimes.length} direct posts went out for this creator in the last 24 hours (cap ${cap}${policy.learnedPostCap !== null && policy.learnedPostCap <= cap ? ', learned from TikTok' : ''}).`);
    } else {
      const slot = nextFreeSlot(ledger.pendingInboxTimes, settings.pendingInboxCap, now);
      if (slot > now) return capped('pending_inbox_cap_reached', slot, `${ledger.pendingInboxTimes.length} drafts are waiting in the creator's TikTok inbox (cap ${settings.pendingInboxCap}).`);
    }
    return { action: 'proceed' };
  };
}
