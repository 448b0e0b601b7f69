// Shared pieces of the v2 data endpoints: the envelope, per-endpoint HTTP statuses from the
// contract's catalog, bearer-token authentication, and the sliding-window rate limit.
import {
  RATE_LIMIT_WINDOW_MS,
  canonicalCode,
  errorEnvelope,
  httpStatusFor,
  okEnvelope,
  type DataEndpointId,
} from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { BodyTooLargeError, jsonResponse, readBody, type EmuRequest, type EmuResult } from '../http/types.js';
import { rateLimitFor } from '../settings.js';
import type { AccessToken, AppConfig, Creator, Grant } from '../state.js';

export interface ApiResult {
  result: EmuResult;
  errorCode?: string;
  clientKey?: string;
  openId?: string;
}

export function apiOk(ctx: EmulatorContext, data: unknown, who?: Caller): ApiResult {
  return { result: jsonResponse(200, okEnvelope(data, ctx.ids.logId(ctx.time.now()))), clientKey: who?.app.client_key, openId: who?.creator.open_id };
}

/** An error envelope with the HTTP status TikTok uses for this code on this endpoint. */
export function apiError(ctx: EmulatorContext, endpoint: DataEndpointId, code: string, message: string, who?: Caller): ApiResult {
  const wire = canonicalCode(code) === 'invalid_params' ? ctx.settings.invalid_param_code : code;
  const status = httpStatusFor(code, endpoint);
  return {
    result: jsonResponse(status, errorEnvelope(wire, message, ctx.ids.logId(ctx.time.now()))),
    errorCode: wire,
    clientKey: who?.app.client_key,
    openId: who?.creator.open_id,
  };
}

export interface Caller {
  token: AccessToken;
  grant: Grant;
  app: AppConfig;
  creator: Creator;
}

/**
 * Checks `Authorization: Bearer <token>`, the token's validity, then the per-token rate limit.
 * Scope checks stay in each route because some depend on the body (photo post_mode).
 */
export function authenticate(ctx: EmulatorContext, req: EmuRequest, endpoint: DataEndpointId): Caller | ApiResult {
  const header = req.headers['authorization'];
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) {
    return apiError(ctx, endpoint, 'access_token_invalid', 'The access token is missing or the Authorization header is malformed; send "Authorization: Bearer <access_token>".');
  }
  const token = ctx.state.accessTokens.get(m[1]!);
  const grant = token ? ctx.state.grants.get(token.grant_id) : undefined;
  const app = grant ? ctx.state.apps.get(grant.client_key) : undefined;
  const creator = grant ? ctx.state.creators.get(grant.open_id) : undefined;
  if (!token || !grant || !app || !creator) {
    return apiError(ctx, endpoint, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  }
  if (grant.revoked) return apiError(ctx, endpoint, 'access_token_invalid', 'The access token has been revoked.');
  if (token.expires_at <= ctx.time.now()) return apiError(ctx, endpoint, 'access_token_invalid', 'The access token has expired; refresh it and retry.');
  const caller: Caller = { token, grant, app, creator };
  if (!takeRateSlot(ctx, token.token, endpoint)) {
    return apiError(ctx, endpoint, 'rate_limit_exceeded', `Too many requests: ${rateLimitFor(ctx.settings, endpoint)} per minute per token on this endpoint.`, caller);
  }
  return caller;
}

export function isApiResult(x: Caller | ApiResult): x is ApiResult {
  return 'result' in x;
}

export function requireScope(ctx: EmulatorContext, endpoint: DataEndpointId, caller: Caller, anyOf: readonly string[]): ApiResult | undefined {
  if (anyOf.some((s) => caller.grant.scopes.includes(s))) return undefined;
  return apiError(ctx, endpoint, 'scope_not_authorized', `The user did not authorize the scope required for this endpoint (${anyOf.join(' or ')}).`, caller);
}

function takeRateSlot(ctx: EmulatorContext, token: string, endpoint: DataEndpointId): boolean {
  const now = ctx.time.now();
  const key = `${token}|${endpoint}`;
  const hits = (ctx.state.rateHits.get(key) ?? []).filter((t) => t > now - RATE_LIMIT_WINDOW_MS);
  if (hits.length >= rateLimitFor(ctx.settings, endpoint)) {
    ctx.state.rateHits.set(key, hits);
    return false;
  }
  hits.push(now);
  ctx.state.rateHits.set(key, hits);
  return true;
}

/** Reads a JSON body; answers TikTok-style invalid_params for a wrong content type or bad JSON. */
export async function readJsonBody(
  ctx: EmulatorContext,
  req: EmuRequest,
  endpoint: DataEndpointId,
  who: Caller,
  opts: { allowEmpty?: boolean } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiResult }> {
  let text: string;
  try {
    text = await readBody(req);
  } catch (e) {
    const msg = e instanceof BodyTooLargeError ? 'The request body is too large.' : 'The request body could not be read.';
    return { ok: false, error: apiError(ctx, endpoint, 'invalid_params', msg, who) };
  }
  if (text.trim() === '' && opts.allowEmpty) return { ok: true, value: {} };
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!ct.startsWith('application/json')) {
    return { ok: false, error: apiError(ctx, endpoint, 'invalid_params', 'Content-Type must be application/json; charset=UTF-8.', who) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: apiError(ctx, endpoint, 'invalid_params', 'The request body is not valid JSON.', who) };
  }
}

/** Turns the first zod issue into a TikTok-style message naming the field. */
export function describeIssue(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  if (!first) return 'Invalid request parameters.';
  const path = first.path.map(String).join('.');
  return path ? `Invalid parameter ${path}: ${first.message}` : `Invalid parameters: ${first.message}`;
}
