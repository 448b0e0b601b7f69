// The ledger a gate decides on (pipeline/gate.ts Ledger), read from the store for one account at
// one moment: its direct posts and pending inbox drafts in the last 24 h, and the app's posting
// creators in the same window (docs/architecture.md §2.5).
import { POSTING_CAPS } from '@tokpost/tiktok/contract';
import type { CountedInit, Repos } from '../domain/store-port.js';
import type { Account, App, PostMode } from '../domain/types.js';
import { activeCreatorCapOf } from './caps.js';
import type { Ledger } from '../pipeline/gate.js';

/** A draft stops being pending once the creator finished it (or TikTok failed it). */
const FINISHED_DRAFT = new Set(['published', 'failed', 'cancelled']);
export const isPendingDraft = (init: CountedInit) => !FINISHED_DRAFT.has(init.postState);

/**
 * What TikTok most likely counted: every init it answered with a publish_id, and for a post with none
 * such, its first init whose answer was lost (it may have taken effect). Counting every lost answer
 * would let a run of 5xx answers hold a creator's posts for a day; counting none would miss the
 * posts TikTok did create. When the guess is one short, TikTok's own refusal corrects it
 * (policies/cap-refusal.ts).
 */
export function likelyCounted(inits: CountedInit[]): CountedInit[] {
  const sure = new Set(inits.filter((i) => i.certain).map((i) => i.postId));
  const guessed = new Set<string>();
  return inits.filter((i) => {
    if (i.certain) return true;
    if (sure.has(i.postId) || guessed.has(i.postId)) return false;
    guessed.add(i.postId);
    return true;
  });
}

/** An account's inits in `mode` since `since` that TikTok most likely counted, oldest first. */
export async function sentSince(repos: Repos, accountId: string, mode: PostMode, since: number): Promise<CountedInit[]> {
  return likelyCounted(await repos.ledger.inits({ accountId, mode, since }));
}

/**
 * With `app`, the app's active creators are read only when a creator cap applies to it
 * (caps.ts activeCreatorCapOf): reading them means every account's inits of the app in the window,
 * too much to do for every publish of a large audited app that has no such cap.
 */
export async function readLedger(repos: Repos, account: Pick<Account, 'id' | 'appId'>, now: number, app?: Pick<App, 'audited' | 'activeCreatorCap'>): Promise<Ledger> {
  const since = now - POSTING_CAPS.windowMs;
  const creatorsMatter = app === undefined || activeCreatorCapOf(app) !== undefined;
  const [direct, inbox, activeCreators] = await Promise.all([
    sentSince(repos, account.id, 'direct', since),
    sentSince(repos, account.id, 'inbox', since),
    creatorsMatter ? repos.ledger.activeAccounts(account.appId, since) : [],
  ]);
  return {
    directInitsLast24h: direct.length,
    directInitTimes: direct.map((d) => d.at),
    pendingInboxTimes: inbox.filter(isPendingDraft).map((d) => d.at),
    activeCreators,
  };
}
