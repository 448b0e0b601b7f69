// Typed client errors. Every TikTok answer that is not a success becomes one of these through one
// factory (createTikTokError), which reads `error.code` (v2 envelope) or `error` /
// `error_description` (flat OAuth shape) and classifies it through the contract's catalog — never
// by searching message text. Messages name what went wrong but never echo request data: tokens,
// the client secret, authorization codes and upload URLs stay out of them (docs/architecture.md §4.8).
import { canonicalCode, lookupError } from '../contract/index.js';
import type { ErrorClass } from '../contract/index.js';

export type { ErrorClass };

export interface TikTokErrorInit {
  code: string;
  /** The code exactly as TikTok sent it (`invalid_param` vs `invalid_params`). */
  wireCode?: string;
  message: string;
  tiktokMessage?: string;
  logId?: string;
  httpStatus?: number;
  errorClass: ErrorClass;
  endpoint?: string;
  cause?: unknown;
}

export class TikTokError extends Error {
  override name = 'TikTokError';
  /** Canonical code (`invalid_param` is reported as `invalid_params`). */
  readonly code: string;
  readonly wireCode: string | undefined;
  /** TikTok's own message (free text: display it, never match on it). */
  readonly tiktokMessage: string;
  readonly logId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly errorClass: ErrorClass;
  readonly endpoint: string | undefined;

  constructor(init: TikTokErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.wireCode = init.wireCode;
    this.tiktokMessage = init.tiktokMessage ?? '';
    this.logId = init.logId;
    this.httpStatus = init.httpStatus;
    this.errorClass = init.errorClass;
    this.endpoint = init.endpoint;
  }

  get retryable(): boolean {
    return this.errorClass === 'retryable';
  }
  get needsReconnect(): boolean {
    return this.errorClass === 'needs_reconnect';
  }
  get needsUserAction(): boolean {
    return this.errorClass === 'user_action';
  }
  get isQuota(): boolean {
    return this.errorClass === 'quota';
  }
  get permanent(): boolean {
    return this.errorClass === 'permanent';
  }
  /** A mutation whose result was lost: reconcile before doing anything again, never retry blindly. */
  get outcomeUnknown(): boolean {
    return this.errorClass === 'outcome_unknown';
  }
}

/** A v2 data endpoint answered with `error.code` other than `ok` (whatever the HTTP status). */
export class TikTokApiError extends TikTokError {
  override name = 'TikTokApiError';
}

/** The OAuth endpoints (or the authorization callback) answered with `error`/`error_description`. */
export class TikTokOAuthError extends TikTokError {
  override name = 'TikTokOAuthError';
}

/** The answer could not be understood (not JSON, missing envelope, schema mismatch). */
export class TikTokResponseError extends TikTokError {
  override name = 'TikTokResponseError';
}

/** The request failed in transport (refused, reset, timed out). */
export class TikTokNetworkError extends TikTokError {
  override name = 'TikTokNetworkError';
  /** false only when the request provably never left (connection refused, DNS failure). */
  readonly requestSent: boolean | 'unknown';
  constructor(init: Omit<TikTokErrorInit, 'errorClass'> & { requestSent: boolean | 'unknown' }) {
    super({ ...init, errorClass: 'retryable' });
    this.requestSent = init.requestSent;
  }
}

/** What a mutation sent, kept so the caller can reconcile an "outcome unknown" init. */
export interface SentRequest {
  endpoint: string;
  method: string;
  path: string;
  /** The JSON body as sent (no headers: the Authorization header is never kept). */
  body: unknown;
  sentAt: number;
}

/**
 * A mutation (init, cancel) whose result was lost after the request may have reached TikTok: a
 * timeout, a reset, a 5xx. The client never retries it (TikTok's init has no idempotency key); the
 * caller decides with what it knows (docs/architecture.md §2.3). Its class is
 * `outcome_unknown`, not `retryable`, so no caller that retries by class can repeat it; TikTok's
 * own answer, when there was one, stays in `cause` and `wireCode`.
 */
export class TikTokOutcomeUnknownError extends TikTokError {
  override name = 'TikTokOutcomeUnknownError';
  declare readonly sentRequest: SentRequest;
  constructor(init: Omit<TikTokErrorInit, 'errorClass' | 'code'> & { sentRequest: SentRequest }) {
    super({ ...init, code: 'outcome_unknown', errorClass: 'outcome_unknown' });
    // Not enumerable: loggers that dump an error's own properties would otherwise print the body,
    // and a PULL_FROM_URL body carries the capability URL.
    Object.defineProperty(this, 'sentRequest', { value: init.sentRequest, enumerable: false });
  }
}

/** A chunk PUT to the upload URL failed (bare HTTP statuses, no envelope). */
export class TikTokUploadError extends TikTokError {
  override name = 'TikTokUploadError';
  /** Bytes TikTok had confirmed when the upload stopped. */
  readonly bytesConfirmed: number;
  constructor(init: TikTokErrorInit & { bytesConfirmed: number }) {
    super(init);
    this.bytesConfirmed = init.bytesConfirmed;
  }
}

/**
 * The one-hour upload window has passed (`upload_window_expired`), or at the measured speed the rest
 * cannot arrive before it closes (`upload_window_insufficient`). A new init is needed either way.
 */
export class TikTokUploadWindowError extends TikTokUploadError {
  override name = 'TikTokUploadWindowError';
}

/** The `state` on the authorization callback is not the one this session issued (CSRF). */
export class TikTokStateMismatchError extends TikTokError {
  override name = 'TikTokStateMismatchError';
  constructor() {
    super({ code: 'state_mismatch', message: 'OAuth callback state does not match the state issued for this session', errorClass: 'permanent', endpoint: 'authorize' });
  }
}

/** The creator granted fewer scopes than requested and the caller asked for all of them. */
export class TikTokMissingScopesError extends TikTokError {
  override name = 'TikTokMissingScopesError';
  readonly missingScopes: string[];
  constructor(missingScopes: string[], endpoint: string) {
    super({
      code: 'scopes_missing',
      message: `The creator did not grant required scopes: ${missingScopes.join(', ')}`,
      errorClass: 'needs_reconnect',
      endpoint,
    });
    this.missingScopes = missingScopes;
  }
}

export function isTikTokError(e: unknown): e is TikTokError {
  return e instanceof TikTokError;
}

function classFromStatus(httpStatus: number | undefined): ErrorClass {
  if (httpStatus === undefined) return 'permanent';
  if (httpStatus === 401) return 'needs_reconnect';
  if (httpStatus === 429 || httpStatus >= 500) return 'retryable';
  return 'permanent';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export interface ErrorSource {
  endpoint: string;
  httpStatus: number;
  /** The parsed response body (anything JSON.parse could produce, or undefined). */
  body: unknown;
  cause?: unknown;
}

/**
 * The one factory: builds the typed error for a non-success answer. Returns undefined when the
 * body is a success (`error.code === "ok"`, or an OAuth body without `error`) — callers then
 * validate the payload themselves.
 */
export function createTikTokError(src: ErrorSource): TikTokError | undefined {
  const { endpoint, httpStatus, body } = src;
  const obj = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const err = obj?.['error'];

  // v2 envelope: {"data": {...}, "error": {"code", "message", "log_id"}}
  if (err !== null && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const wireCode = str(e['code']);
    if (wireCode === undefined) return responseError(src, 'the error object has no code');
    if (wireCode === 'ok') return undefined;
    const code = canonicalCode(wireCode);
    const entry = lookupError('v2', code);
    const tiktokMessage = str(e['message']) ?? '';
    return new TikTokApiError({
      code,
      wireCode,
      tiktokMessage,
      message: `TikTok ${endpoint}: ${code}${tiktokMessage ? ` — ${tiktokMessage}` : entry ? ` — ${entry.summary}` : ''}`,
      logId: str(e['log_id']) ?? str(e['logid']),
      httpStatus,
      errorClass: entry?.errorClass ?? classFromStatus(httpStatus),
      endpoint,
    });
  }

  // OAuth shape: {"error": "invalid_grant", "error_description": "...", "log_id": "..."}
  if (typeof err === 'string' && err.length > 0) {
    const entry = lookupError('oauth', err);
    const tiktokMessage = str(obj?.['error_description']) ?? '';
    return new TikTokOAuthError({
      code: err,
      wireCode: err,
      tiktokMessage,
      message: `TikTok ${endpoint}: ${err}${tiktokMessage ? ` — ${tiktokMessage}` : entry ? ` — ${entry.summary}` : ''}`,
      logId: str(obj?.['log_id']),
      httpStatus,
      errorClass: entry?.errorClass ?? (httpStatus >= 500 ? 'retryable' : 'permanent'),
      endpoint,
    });
  }

  if (httpStatus >= 400) {
    return new TikTokResponseError({
      code: httpStatus >= 500 ? 'internal_error' : `http_${httpStatus}`,
      message: `TikTok ${endpoint}: HTTP ${httpStatus} without a TikTok error body`,
      httpStatus,
      errorClass: classFromStatus(httpStatus),
      endpoint,
      cause: src.cause,
    });
  }
  return undefined;
}

export function responseError(src: ErrorSource, what: string): TikTokResponseError {
  return new TikTokResponseError({
    code: 'invalid_response',
    message: `TikTok ${src.endpoint}: unexpected response (HTTP ${src.httpStatus}): ${what}`,
    httpStatus: src.httpStatus,
    errorClass: src.httpStatus >= 500 ? 'retryable' : 'permanent',
    endpoint: src.endpoint,
    cause: src.cause,
  });
}
