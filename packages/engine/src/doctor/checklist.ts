// The doctor's report (docs/architecture.md §2.8): the monthly maintenance checklist as data. Each
// item is ok, warning or failing, says why in plain words and, when someone must act, how.
import type { CreatorInfoResult, UserInfoResult } from '@tokpost/tiktok';
import type { Ledger } from '../pipeline/gate.js';
import type { Account, AccountPolicy, App, Post } from '../domain/types.js';
import type { EngineSettings } from '../engine-deps.js';
import type { PostState } from '../domain/post-states.js';
import type { LocalReason } from '../domain/reasons.js';
import { diagnose } from '../diagnostics/diagnose.js';

export type CheckStatus = 'ok' | 'warning' | 'failing';

export const CHECK_IDS = [
  'connection',
  'refresh_token',
  'scopes',
  'account_listed',
  'can_post',
  'daily_cap',
  'audit',
  'pending_drafts',
  'last_post',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckItem {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  /** What to do about a warning or a failure. */
  fix?: string;
  /** The facts behind the verdict, for UIs and scripts (times are epoch ms). */
  data?: Record<string, unknown>;
}

export interface TestPostReport {
  status: CheckStatus;
  detail: string;
  fix?: string;
  postId: string | null;
  state: PostState | null;
  publishId: string | null;
  /** TikTok's own link, as video/query answered it; null when not confirmed. */
  shareUrl: string | null;
  confirmed: boolean;
  timedOut: boolean;
}

export interface DoctorReport {
  accountId: string;
  checkedAt: number;
  /** The worst status among the items (and the test post, when there was one). */
  status: CheckStatus;
  items: CheckItem[];
  testPost?: TestPostReport;
}

/** A live call's outcome: TikTok's answer, the error it gave, or why it was not made. */
export type LiveCall<T> = { ok: true; value: T } | { ok: false; error: unknown } | { ok: false; skipped: string };

/** Everything the items judge, gathered once (doctor/facts.ts). */
export interface DoctorFacts {
  now: number;
  settings: EngineSettings;
  account: Account;
  app: App;
  policy: AccountPolicy;
  ledger: Ledger;
  userInfo: LiveCall<UserInfoResult>;
  creatorInfo: LiveCall<CreatorInfoResult>;
  /** Drafts waiting in the creator's TikTok inbox (state inbox_pending). */
  inboxPending: Post[];
  lastPublished: Post | undefined;
  /** Posts that failed (or were held) after the last published one. */
  failedSince: Post[];
}

const RANK: Record<CheckStatus, number> = { ok: 0, warning: 1, failing: 2 };

export function worstOf(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'ok');
}

/** The diagnostics catalog's fix for a local reason (docs/architecture.md §2.6): one text per problem. */
export const fixOf = (code: LocalReason): string => diagnose({ source: 'local', code }).fix;

export const RECONNECT_FIX = fixOf('account_needs_reconnect');

/** A date as people read it in a report: ISO 8601 in UTC, minutes precision. */
export const isoMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
