// Cap arithmetic over a rolling 24 h window (docs/architecture.md §2.5, docs/tiktok-api.md §10):
// the cap in force for an account, and when the next slot frees. Pure functions.
import { POSTING_CAPS } from '@tokpost/tiktok/contract';
import type { AccountPolicy, App, CapPolicy } from '../domain/types.js';

export const WINDOW_MS = POSTING_CAPS.windowMs;

/** The reasons a cap (or a pause after TikTok's cap refusal) gives for moving or holding a due post. */
export const CAP_REASONS = ['daily_cap_reached', 'daily_cap_reached_elsewhere', 'pending_inbox_cap_reached', 'active_creator_cap_reached', 'account_paused'] as const;
export type CapReason = (typeof CAP_REASONS)[number];
export const isCapReason = (reason: string | null): reason is CapReason => (CAP_REASONS as readonly (string | null)[]).includes(reason);

export interface CapDefaults {
  dailyPostCap: number;
  capPolicy: CapPolicy;
}

/** The account's own cap (or the default), lowered by what TikTok taught us. */
export function effectiveDailyCap(policy: AccountPolicy, defaults: CapDefaults): number {
  const own = policy.dailyPostCap ?? defaults.dailyPostCap;
  return Math.max(1, policy.learnedPostCap !== null ? Math.min(own, policy.learnedPostCap) : own);
}

export function capPolicyOf(policy: AccountPolicy, defaults: CapDefaults): CapPolicy {
  return policy.capPolicy ?? defaults.capPolicy;
}

/** Distinct posting creators the app may have in 24 h; undefined when not enforced locally. */
export function activeCreatorCapOf(app: Pick<App, 'audited' | 'activeCreatorCap'>): number | undefined {
  if (!app.audited) return POSTING_CAPS.unauditedActiveCreators;
  return app.activeCreatorCap ?? undefined;
}

/**
 * The earliest time ≥ `at` when fewer than `cap` of `times` (sorted) fall in the 24 h window ending
 * then: `at` itself when there is room already.
 */
export function nextFreeSlot(times: readonly number[], cap: number, at: number): number {
  const inWindow = times.filter((t) => t > at - WINDOW_MS && t <= at);
  if (inWindow.length < cap) return at;
  // The window must drop (inWindow.length - cap + 1) of its oldest entries.
  return inWindow[inWindow.length - cap]! + WINDOW_MS;
}
