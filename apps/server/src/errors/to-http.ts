// Every error a request can end in, as one answer `{ error: { code, message, issues? } }` with a
// code of the catalog. Bad input is never a 500: the engine's invalid_input, a zod failure, and
// Fastify's own refusals (malformed JSON, wrong content type, a body over the limit) each map to the
// 4xx that says what to fix. Only errors nobody expected become ERR_INTERNAL, and their message
// stays in the log, since it may carry details a caller must not see (docs/architecture.md §4.8).
import { EngineError } from '@tokpost/engine';
import { ZodError } from 'zod';
import { ERROR_CATALOG, errorBody, HttpError, type ErrorBody, type ErrorCode, type ErrorIssue } from './catalog.js';

export interface HttpAnswer {
  status: number;
  body: ErrorBody;
  /** Unexpected: the server logs it as an error. */
  internal: boolean;
}

const ENGINE_CODES: Record<EngineError['code'], ErrorCode> = {
  invalid_input: 'ERR_VALIDATION',
  not_found: 'ERR_NOT_FOUND',
  conflict: 'ERR_CONFLICT',
  locked: 'ERR_LOCKED',
  too_large: 'ERR_PAYLOAD_TOO_LARGE',
  needs_reconnect: 'ERR_ACCOUNT_NEEDS_RECONNECT',
  cannot_post_now: 'ERR_CREATOR_CANNOT_POST',
  rate_limited: 'ERR_RATE_LIMITED',
  unavailable: 'ERR_TIKTOK_UNAVAILABLE',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_VALIDATION',
  FST_ERR_BAD_URL: 'ERR_VALIDATION',
  FST_ERR_MAX_PARAM_LENGTH: 'ERR_URI_TOO_LONG',
  FST_ERR_NOT_FOUND: 'ERR_NOT_FOUND',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'ERR_VALIDATION',
  401: 'ERR_UNAUTHORIZED',
  404: 'ERR_NOT_FOUND',
  405: 'ERR_METHOD_NOT_ALLOWED',
  409: 'ERR_CONFLICT',
  410: 'ERR_GONE',
  413: 'ERR_PAYLOAD_TOO_LARGE',
  414: 'ERR_URI_TOO_LONG',
  415: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  416: 'ERR_RANGE_NOT_SATISFIABLE',
  423: 'ERR_LOCKED',
  429: 'ERR_RATE_LIMITED',
  503: 'ERR_UNAVAILABLE',
};

/** A zod issue's path as the field name callers sent (`verifiedUrlPrefixes.1`; `body` for the whole). */
export function issuesOfZod(e: ZodError): ErrorIssue[] {
  const fieldOf = (path: readonly PropertyKey[]) => (path.length > 0 ? path.map(String).join('.') : 'body');
  // A field nobody knows is named itself, rather than the object around it.
  return e.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), message: 'is not a known field' })) : [{ field: fieldOf(i.path), message: i.message }],
  );
}

const answer = (code: ErrorCode, message?: string, issues?: ErrorIssue[]): HttpAnswer => ({ status: ERROR_CATALOG[code].status, body: errorBody(code, message, issues), internal: false });

export function toHttpError(e: unknown): HttpAnswer {
  if (e instanceof HttpError) return answer(e.code, e.message, e.issues);
  if (e instanceof EngineError) return answer(ENGINE_CODES[e.code], e.message, e.issues.length > 0 ? e.issues : undefined);
  if (e instanceof ZodError) {
    const issues = issuesOfZod(e);
    return answer('ERR_VALIDATION', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  }
  const fastifyCode = typeof (e as { code?: unknown })?.code === 'string' ? FASTIFY_CODES[(e as { code: string }).code] : undefined;
  const status = (e as { statusCode?: unknown })?.statusCode;
  if (fastifyCode) return answer(fastifyCode);
  if (typeof status === 'number' && status >= 400 && status < 500) return answer(STATUS_CODES[status] ?? 'ERR_VALIDATION');
  return { status: 500, body: errorBody('ERR_INTERNAL'), internal: true };
}
