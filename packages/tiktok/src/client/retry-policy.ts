// The one retry policy (docs/architecture.md §4.5): a pure function from "what failed, how often, with which
// random draw" to "retry after N ms" or "stop". Reads (user info, creator info, status fetch) retry
// freely; mutations (init, cancel, OAuth grants, revoke) are never retried by the client, because
// TikTok's init has no idempotency key; chunk PUTs retry because a chunk is addressed by its byte
// range and TikTok reports how far it got.
import type { ErrorClass } from '../contract/index.js';

export type RetryOperation = 'read' | 'mutation' | 'upload_chunk';

export type RetryFailure =
  | { kind: 'network'; requestSent: boolean | 'unknown' }
  | { kind: 'timeout' }
  | { kind: 'http'; httpStatus: number; errorClass: ErrorClass; code?: string };

export interface RetryPolicyOptions {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Floor for the delay after a 429 (TikTok's windows are one minute long). */
  rateLimitedMinDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<Record<RetryOperation, RetryPolicyOptions>> = {
  read: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, rateLimitedMinDelayMs: 5_000 },
  mutation: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, rateLimitedMinDelayMs: 0 },
  upload_chunk: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, rateLimitedMinDelayMs: 5_000 },
};

export interface RetryInput {
  operation: RetryOperation;
  /** Attempts already made (1 after the first failure). */
  attempt: number;
  failure: RetryFailure;
  /** A uniform draw in [0, 1) from the injected random source. */
  random: number;
  options?: Partial<RetryPolicyOptions>;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

function isTransient(f: RetryFailure): boolean {
  if (f.kind === 'network' || f.kind === 'timeout') return true;
  // Checked before the status: an outcome-unknown failure usually carries a 5xx, and retrying it
  // could repeat a mutation that took effect.
  if (f.errorClass === 'outcome_unknown') return false;
  return f.errorClass === 'retryable' || f.httpStatus === 429 || f.httpStatus >= 500;
}

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay is fixed, half is
 * random, so concurrent workers spread out but none retries immediately.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const opts = { ...DEFAULT_RETRY_POLICY[input.operation], ...input.options };
  if (input.operation === 'mutation') return { retry: false, reason: 'mutations are never retried by the client' };
  if (!isTransient(input.failure)) return { retry: false, reason: 'the failure is not transient' };
  if (input.attempt >= opts.maxAttempts) return { retry: false, reason: `gave up after ${input.attempt} attempts` };

  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, input.attempt - 1));
  const r = Math.min(Math.max(input.random, 0), 1);
  let delayMs = Math.round(exp / 2 + (exp / 2) * r);
  if (input.failure.kind === 'http' && input.failure.httpStatus === 429) delayMs = Math.max(delayMs, opts.rateLimitedMinDelayMs);
  return { retry: true, delayMs };
}
