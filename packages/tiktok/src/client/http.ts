// The JSON side of the wire: data endpoints (`{data, error}` envelope, Bearer token, rate limited)
// and the OAuth endpoints (form-encoded, flat body). Owns: rate-limit waits, timeouts, int64-safe
// parsing, turning answers into typed errors (errors.ts), retries of reads (retry-policy.ts), and
// the "outcome unknown" rule for mutations: once a mutation may have reached TikTok, a lost or 5xx
// answer is reported as such and never retried here.
//
// Transport timeouts use real time (they bound real I/O); everything about TikTok's time — token
// expiry, backoff sleeps, rate-limit windows — uses the injected Clock.
import { ENDPOINTS } from '../contract/index.js';
import type { Clock, DataEndpointId, OAuthEndpointId } from '../contract/index.js';
import { TikTokNetworkError, TikTokOutcomeUnknownError, createTikTokError, responseError } from './errors.js';
import type { SentRequest, TikTokError } from './errors.js';
import { parseLosslessJson } from './lossless-json.js';
import type { RateLimiter } from './rate-limiter.js';
import { decideRetry } from './retry-policy.js';
import type { RetryFailure, RetryOperation, RetryPolicyOptions } from './retry-policy.js';
import type { BaseUrls, FetchLike, RequestObservation } from './types.js';

export interface HttpDeps {
  fetch: FetchLike;
  clock: Clock;
  /** Uniform [0, 1) source for jitter. */
  random: () => number;
  rateLimiter: RateLimiter | undefined;
  baseUrls: BaseUrls;
  timeoutMs: number;
  retry?: Partial<Record<RetryOperation, Partial<RetryPolicyOptions>>>;
  onRequest?: (o: RequestObservation) => void;
}

export interface DataCall {
  endpoint: DataEndpointId;
  accessToken: string;
  operation: 'read' | 'mutation';
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface DataResult {
  data: unknown;
  logId: string | undefined;
  httpStatus: number;
  sentAt: number;
}

export interface FormResult {
  body: unknown;
  httpStatus: number;
  sentAt: number;
}

export interface Http {
  callData(call: DataCall): Promise<DataResult>;
  callForm(endpoint: OAuthEndpointId, form: Record<string, string>, signal?: AbortSignal): Promise<FormResult>;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Finds a Node/undici error code anywhere in the cause chain. */
export function transportErrorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth += 1) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A timeout signal's abort, possibly wrapped (node:http reports AbortError with the reason as cause). */
export function isTimeoutError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth += 1) {
    if ((cur as { name?: unknown }).name === 'TimeoutError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Converts a thrown fetch failure into a network error; rethrows the caller's own abort. */
export function toNetworkError(e: unknown, endpoint: string, callerSignal: AbortSignal | undefined): TikTokNetworkError {
  if (callerSignal?.aborted) throw callerSignal.reason;
  if (isTimeoutError(e)) {
    return new TikTokNetworkError({ code: 'timeout', message: `TikTok ${endpoint}: no answer before the timeout`, endpoint, requestSent: 'unknown', cause: e });
  }
  const code = transportErrorCode(e);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return new TikTokNetworkError({
    code: 'network_error',
    message: `TikTok ${endpoint}: network failure${code ? ` (${code})` : ''}${notSent ? ', request not sent' : ''}`,
    endpoint,
    requestSent: notSent ? false : 'unknown',
    cause: e,
  });
}

function parseBody(text: string): { ok: true; body: unknown } | { ok: false; error: unknown } {
  if (text.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: parseLosslessJson(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function failureOf(e: TikTokError): RetryFailure {
  if (e instanceof TikTokNetworkError) return e.code === 'timeout' ? { kind: 'timeout' } : { kind: 'network', requestSent: e.requestSent };
  return { kind: 'http', httpStatus: e.httpStatus ?? 0, errorClass: e.errorClass, code: e.code };
}

export function createHttp(deps: HttpDeps): Http {
  const { clock } = deps;

  const observe = (o: RequestObservation) => {
    try {
      deps.onRequest?.(o);
    } catch {
      // An observer must not break the call it observes.
    }
  };

  const send = async (url: string, init: RequestInit, signal: AbortSignal | undefined) => {
    const timeout = AbortSignal.timeout(deps.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const res = await deps.fetch(url, { ...init, signal: combined });
    const text = await res.text();
    return { res, text };
  };

  async function callData(call: DataCall): Promise<DataResult> {
    const spec = ENDPOINTS[call.endpoint];
    const url = new URL(spec.path, deps.baseUrls[spec.host]);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}` };
    let bodyText: string | undefined;
    if (spec.method === 'POST') {
      headers['content-type'] = 'application/json; charset=UTF-8';
      bodyText = JSON.stringify(call.body ?? {});
    }

    for (let attempt = 1; ; attempt += 1) {
      if (deps.rateLimiter) await deps.rateLimiter.acquire(call.accessToken, call.endpoint, call.signal);
      const sentAt = clock.now();
      const started = performance.now();
      const sentRequest = (): SentRequest => ({ endpoint: call.endpoint, method: spec.method, path: spec.path, body: call.body, sentAt });
      let error: TikTokError;
      let httpStatus: number | undefined;
      try {
        const { res, text } = await send(url.toString(), { method: spec.method, headers, body: bodyText }, call.signal);
        httpStatus = res.status;
        const parsed = parseBody(text);
        const src = { endpoint: call.endpoint, httpStatus: res.status, body: parsed.ok ? parsed.body : undefined, cause: parsed.ok ? undefined : parsed.error };
        const apiError = parsed.ok ? createTikTokError(src) : responseError(src, 'the body is not JSON');
        const envelope = parsed.ok && parsed.body !== null && typeof parsed.body === 'object' ? (parsed.body as Record<string, unknown>) : undefined;
        const errObj = envelope?.['error'] as Record<string, unknown> | undefined;
        const logId = typeof errObj?.['log_id'] === 'string' ? errObj['log_id'] : typeof errObj?.['logid'] === 'string' ? errObj['logid'] : undefined;
        if (!apiError && errObj?.['code'] === 'ok' && res.status < 300) {
          observe({ endpoint: call.endpoint, attempt, httpStatus: res.status, code: 'ok', logId, durationMs: performance.now() - started, outcome: 'ok' });
          return { data: envelope?.['data'] ?? {}, logId, httpStatus: res.status, sentAt };
        }
        error = apiError ?? responseError(src, errObj ? `HTTP ${res.status} with code ok` : 'no {data, error} envelope');
        observe({ endpoint: call.endpoint, attempt, httpStatus: res.status, code: error.code, logId: error.logId, durationMs: performance.now() - started, outcome: 'error' });
      } catch (e) {
        error = toNetworkError(e, call.endpoint, call.signal);
        observe({ endpoint: call.endpoint, attempt, httpStatus: undefined, code: error.code, logId: undefined, durationMs: performance.now() - started, outcome: 'network_error' });
      }

      if (call.operation === 'mutation') {
        // A rejection TikTok answered clearly (4xx, or a non-ok code) is a known outcome; a lost
        // answer, a 5xx or an unreadable success is not.
        const unknown =
          (error instanceof TikTokNetworkError && error.requestSent !== false) ||
          (httpStatus !== undefined && httpStatus >= 500) ||
          (httpStatus !== undefined && httpStatus < 300 && error.code === 'invalid_response');
        if (unknown) {
          throw new TikTokOutcomeUnknownError({
            message: `TikTok ${call.endpoint}: the request may have been processed but its answer was lost (${error.code}); do not repeat it blindly`,
            logId: error.logId,
            httpStatus,
            endpoint: call.endpoint,
            wireCode: error.wireCode,
            sentRequest: sentRequest(),
            cause: error,
          });
        }
        throw error;
      }

      const decision = decideRetry({ operation: 'read', attempt, failure: failureOf(error), random: deps.random(), options: deps.retry?.read });
      if (!decision.retry) throw error;
      await clock.sleep(decision.delayMs, call.signal);
    }
  }

  async function callForm(endpoint: OAuthEndpointId, form: Record<string, string>, signal?: AbortSignal): Promise<FormResult> {
    const spec = ENDPOINTS[endpoint];
    const url = new URL(spec.path, deps.baseUrls[spec.host]).toString();
    const sentAt = clock.now();
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      ({ res, text } = await send(
        url,
        {
          method: spec.method,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
          body: new URLSearchParams(form).toString(),
        },
        signal,
      ));
    } catch (e) {
      const error = toNetworkError(e, endpoint, signal);
      observe({ endpoint, attempt: 1, httpStatus: undefined, code: error.code, logId: undefined, durationMs: performance.now() - started, outcome: 'network_error' });
      throw error;
    }
    const parsed = parseBody(text);
    const src = { endpoint, httpStatus: res.status, body: parsed.ok ? parsed.body : undefined, cause: parsed.ok ? undefined : parsed.error };
    const error = parsed.ok ? createTikTokError(src) : responseError(src, 'the body is not JSON');
    observe({
      endpoint,
      attempt: 1,
      httpStatus: res.status,
      code: error?.code ?? 'ok',
      logId: error?.logId,
      durationMs: performance.now() - started,
      outcome: error ? 'error' : 'ok',
    });
    if (error) throw error;
    return { body: parsed.ok ? parsed.body : undefined, httpStatus: res.status, sentAt };
  }

  return { callData, callForm };
}
