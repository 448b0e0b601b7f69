// Every call to TikTok leaves an attempt row (docs/architecture.md §2): what was asked, HTTP status,
// TikTok's `error.code`, `log_id`, duration, outcome. This wraps a client call that is safe to
// record after the fact (reads, refreshes); the init records its row *before* it is sent
// (pipeline/send-init.ts).
import { TikTokError, TikTokNetworkError, TikTokOutcomeUnknownError, TikTokUploadError } from '@tokpost/tiktok';
import type { EngineDeps } from '../engine-deps.js';
import type { Attempt, AttemptKind } from '../domain/types.js';

export interface CallMeta {
  kind: AttemptKind;
  endpoint: string;
  postId?: string | null;
  accountId?: string | null;
  request?: Record<string, unknown>;
}

export type CallResult<T> = { ok: true; value: T; attemptId: string } | { ok: false; error: unknown; attemptId: string };

/** The attempt fields that describe a failure, without secrets (client errors carry none). */
export function failureFields(e: unknown): Pick<Attempt, 'httpStatus' | 'errorCode' | 'logId' | 'message' | 'outcome'> {
  if (e instanceof TikTokError) {
    const lost = e instanceof TikTokOutcomeUnknownError || (e instanceof TikTokNetworkError && e.requestSent !== false);
    const notSent = (e instanceof TikTokNetworkError && e.requestSent === false) || (e.httpStatus === undefined && !(e instanceof TikTokNetworkError) && !(e instanceof TikTokUploadError) && !lost);
    return {
      httpStatus: e.httpStatus ?? null,
      errorCode: e.code,
      logId: e.logId ?? null,
      message: e.message,
      outcome: lost ? 'unknown' : notSent ? 'not_sent' : 'error',
    };
  }
  return { httpStatus: null, errorCode: 'internal', logId: null, message: e instanceof Error ? e.message : String(e), outcome: 'error' };
}

export async function recordedCall<T>(deps: EngineDeps, meta: CallMeta, fn: () => Promise<T>, describe?: (value: T) => Partial<Attempt>): Promise<CallResult<T>> {
  const id = deps.ids.next('att');
  const startedAt = deps.clock.now();
  const t0 = performance.now();
  let result: CallResult<T>;
  let fields: Partial<Attempt>;
  try {
    const value = await fn();
    result = { ok: true, value, attemptId: id };
    fields = { outcome: 'ok', httpStatus: 200, ...describe?.(value) };
  } catch (error) {
    result = { ok: false, error, attemptId: id };
    fields = failureFields(error);
  }
  const attempt: Attempt = {
    id,
    postId: meta.postId ?? null,
    accountId: meta.accountId ?? null,
    kind: meta.kind,
    endpoint: meta.endpoint,
    startedAt,
    finishedAt: deps.clock.now(),
    durationMs: Math.round(performance.now() - t0),
    request: meta.request ?? {},
    httpStatus: null,
    errorCode: null,
    failReason: null,
    logId: null,
    outcome: 'ok',
    message: null,
    publishId: null,
    source: null,
    ...fields,
  };
  try {
    await deps.store.attempts.insert(attempt);
  } catch (e) {
    deps.log.warn({ err: e, kind: meta.kind }, 'could not record an attempt row');
  }
  return result;
}
