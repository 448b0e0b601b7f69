// Step 3 of the pipeline (docs/architecture.md §2.2, §2.5): the seam where the policies — caps
// ledgers, audit rules, pending inbox shares — decide whether a post may go to TikTok now. A gate is
// a pure function of what the pipeline knows; the engine core ships the open gate, and the policy
// layer plugs its own in through createEngine({ gate }).
import type { CreatorInfoResult } from '@tokpost/tiktok';
import type { Account, AccountPolicy, App, Post } from '../domain/types.js';

/** What the store knows about recent publishing, for the gate's rules (policies/ledger.ts). */
export interface Ledger {
  /** Direct posts of this account whose init went out in the last 24 hours. */
  directInitsLast24h: number;
  /** Their init times, oldest first. */
  directInitTimes: number[];
  /** Inbox drafts of this account sent in the last 24 hours that the creator has not finished, oldest first. */
  pendingInboxTimes: number[];
  /** Accounts of the app with a publish in the last 24 hours, and their latest one (empty when no creator cap applies to the app). */
  activeCreators: Array<{ accountId: string; lastAt: number }>;
}

export interface GateInput {
  post: Post;
  account: Account;
  /** The account's caps, pause and cap policy. */
  policy: AccountPolicy;
  app: App;
  /** Fresh from TikTok, or undefined when the account may not read it (inbox-only grant). */
  creatorInfo: CreatorInfoResult | undefined;
  ledger: Ledger;
  now: number;
}

export type GateDecision =
  | { action: 'proceed' }
  /** Hold as needs_action until someone acts. */
  | { action: 'hold'; reason: string; message: string }
  /** Try again at `until` (e.g. the next free slot). */
  | { action: 'defer'; until: number; reason: string; message: string };

export type Gate = (input: GateInput) => GateDecision | Promise<GateDecision>;

export const openGate: Gate = () => ({ action: 'proceed' });
