// The diagnosis a post's read model carries (docs/architecture.md §2.1, §2.6): every post that is
// failed, held (needs_action) or missed says why, from its state reason and the TikTok code of its
// last attempt. The reason decides the entry — it may be a local code that wraps TikTok's
// (`scope_missing` for `scope_not_authorized`) — while the attempt supplies what TikTok support
// needs: its code, log_id and HTTP status, kept as received.
import type { PostState } from '../domain/post-states.js';
import type { Attempt, AttemptKind, Post } from '../domain/types.js';
import { diagnose } from './diagnose.js';
import type { DiagnosticSource, Diagnosis } from './entry.js';
import { STATE_FALLBACK_CODES } from './local-reason-entries.js';

export type DiagnosedState = keyof typeof STATE_FALLBACK_CODES;

export const DIAGNOSED_STATES = Object.keys(STATE_FALLBACK_CODES) as DiagnosedState[];

export type PostDiagnosis = Diagnosis & {
  /** TikTok's code on the post's last attempt (`error.code`, OAuth `error` or `fail_reason`), when it had one. */
  tiktokCode: string | null;
};

/** Attempts that speak OAuth's flat error shape (docs/tiktok-api.md §2.7). */
const OAUTH_KINDS: readonly AttemptKind[] = ['code_exchange', 'token_refresh'];

export function isDiagnosedState(state: PostState): state is DiagnosedState {
  return Object.hasOwn(STATE_FALLBACK_CODES, state);
}

/**
 * The post's diagnosis, or undefined when its state needs none. `attempts` are the post's
 * attempts in the order they started (as PostsService.attempts returns them).
 */
export function diagnosePost(post: Pick<Post, 'state' | 'stateReason' | 'stateMessage'>, attempts: readonly Attempt[]): PostDiagnosis | undefined {
  if (!isDiagnosedState(post.state)) return undefined;
  // Only the last attempt can have caused the current state: the pipeline stops at a failed call.
  const last = attempts.at(-1);
  const failed = last && (last.errorCode !== null || last.failReason !== null) ? last : undefined;
  const tiktokCode = failed ? (failed.failReason ?? failed.errorCode) : null;
  const code = post.stateReason ?? tiktokCode ?? STATE_FALLBACK_CODES[post.state];

  let source: DiagnosticSource | undefined;
  if (failed && code === failed.failReason) source = 'fail_reason';
  else if (failed && code === failed.errorCode) source = OAUTH_KINDS.includes(failed.kind) ? 'oauth' : 'tiktok_error';

  const diagnosis = diagnose({ source, code, logId: failed?.logId, httpStatus: failed?.httpStatus, message: post.stateMessage });
  return { ...diagnosis, tiktokCode };
}
