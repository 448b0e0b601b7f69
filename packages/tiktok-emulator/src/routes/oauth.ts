// POST /v2/oauth/token/ and /v2/oauth/revoke/ (docs/tiktok-api.md §2.4–2.7): form-encoded requests, flat
// JSON answers, flat `{error, error_description, log_id}` errors.
import { createHash, timingSafeEqual } from 'node:crypto';
import { GRANT_TYPES, TOKEN_PREFIX, oauthHttpStatus, revokeRequestSchema, tokenRequestSchema, type OAuthErrorCode } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { BodyTooLargeError, jsonResponse, readBody, type EmuRequest } from '../http/types.js';
import { grantFromCode, issueTokens } from '../engine/grants.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import type { ApiResult } from './api-support.js';

function oauthError(ctx: EmulatorContext, error: OAuthErrorCode, description: string, clientKey?: string): ApiResult {
  return {
    result: jsonResponse(oauthHttpStatus(error), { error, error_description: description, log_id: ctx.ids.logId(ctx.time.now()) }),
    errorCode: error,
    clientKey,
  };
}

async function readForm(ctx: EmulatorContext, req: EmuRequest): Promise<URLSearchParams | ApiResult> {
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!ct.startsWith('application/x-www-form-urlencoded')) {
    return oauthError(ctx, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  }
  try {
    return new URLSearchParams(await readBody(req));
  } catch (e) {
    return oauthError(ctx, 'invalid_request', e instanceof BodyTooLargeError ? 'The request body is too large.' : 'The request body could not be read.');
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function pkceMatches(ctx: EmulatorContext, challenge: string, verifier: string): boolean {
  const digest = createHash('sha256').update(verifier).digest();
  const hex = digest.toString('hex');
  const b64 = digest.toString('base64url');
  const mode = ctx.settings.pkce_encoding;
  return ((mode === 'either' || mode === 'hex') && challenge.toLowerCase() === hex) || ((mode === 'either' || mode === 'base64url') && challenge === b64);
}

export async function handleToken(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const form = await readForm(ctx, req);
  if (!(form instanceof URLSearchParams)) return form;
  const raw = Object.fromEntries(form.entries());
  const grantType = raw.grant_type;
  if (grantType && !(GRANT_TYPES as readonly string[]).includes(grantType)) {
    return oauthError(ctx, 'unsupported_grant_type', `grant_type "${grantType}" is not supported.`);
  }
  const parsed = tokenRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'grant_type';
    return oauthError(ctx, 'invalid_request', `The request parameters are malformed: ${field} is missing or invalid.`);
  }
  const body = parsed.data;
  const app = ctx.state.apps.get(body.client_key);
  if (!app || !safeEqual(app.client_secret, body.client_secret)) {
    return oauthError(ctx, 'invalid_client', 'Client key or client secret is invalid.', body.client_key);
  }
  const now = ctx.time.now();

  if (body.grant_type === 'client_credentials') {
    const token = ctx.ids.token(TOKEN_PREFIX.client);
    return { result: jsonResponse(200, { access_token: token, expires_in: 7200, token_type: 'Bearer' }), clientKey: app.client_key };
  }

  if (body.grant_type === 'authorization_code') {
    const code = ctx.state.codes.get(body.code);
    if (!code || code.client_key !== app.client_key) return oauthError(ctx, 'invalid_grant', 'Authorization code is invalid.', app.client_key);
    if (code.used) return oauthError(ctx, 'invalid_grant', 'Authorization code has already been used.', app.client_key);
    if (code.expires_at <= now) return oauthError(ctx, 'invalid_grant', 'Authorization code is expired.', app.client_key);
    if (code.redirect_uri !== body.redirect_uri) {
      return oauthError(ctx, 'invalid_request', 'Redirect_uri is not matched with the uri when requesting code.', app.client_key);
    }
    if (code.code_challenge) {
      if (!body.code_verifier || !pkceMatches(ctx, code.code_challenge, body.code_verifier)) {
        return oauthError(ctx, 'invalid_request', 'Code verifier or code challenge is invalid.', app.client_key);
      }
    }
    code.used = true;
    const grant = grantFromCode(ctx, code);
    return { result: jsonResponse(200, issueTokens(ctx, grant, { newRefreshToken: true })), clientKey: app.client_key, openId: grant.open_id };
  }

  const stored = ctx.state.refreshTokens.get(body.refresh_token);
  const grant = stored ? ctx.state.grants.get(stored.grant_id) : undefined;
  if (!stored || !grant || grant.client_key !== app.client_key) return oauthError(ctx, 'invalid_grant', 'Refresh token is invalid.', app.client_key);
  if (grant.revoked) return oauthError(ctx, 'invalid_grant', 'Refresh token has been revoked.', app.client_key);
  if (stored.superseded_at !== undefined) return oauthError(ctx, 'invalid_grant', 'Refresh token has already been used; use the latest one.', app.client_key);
  if (grant.refresh_expires_at <= now) return oauthError(ctx, 'invalid_grant', 'Refresh token is expired.', app.client_key);
  const tokens = issueTokens(ctx, grant, { newRefreshToken: ctx.settings.rotate_refresh_tokens, previousRefresh: body.refresh_token });
  return { result: jsonResponse(200, tokens), clientKey: app.client_key, openId: grant.open_id };
}

export async function handleRevoke(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow): Promise<ApiResult> {
  const form = await readForm(ctx, req);
  if (!(form instanceof URLSearchParams)) return form;
  const parsed = revokeRequestSchema.safeParse(Object.fromEntries(form.entries()));
  if (!parsed.success) return oauthError(ctx, 'invalid_request', 'client_key, client_secret and token are required.');
  const app = ctx.state.apps.get(parsed.data.client_key);
  if (!app || !safeEqual(app.client_secret, parsed.data.client_secret)) {
    return oauthError(ctx, 'invalid_client', 'Client key or client secret is invalid.', parsed.data.client_key);
  }
  const token = ctx.state.accessTokens.get(parsed.data.token);
  const grant = token ? ctx.state.grants.get(token.grant_id) : undefined;
  if (!grant || grant.client_key !== app.client_key) return oauthError(ctx, 'invalid_request', 'The token is invalid.', app.client_key);
  // Revoking is idempotent: an already revoked grant answers success again.
  if (!grant.revoked) flow.revokeGrant(grant, 5);
  return { result: jsonResponse(200, {}), clientKey: app.client_key, openId: grant.open_id };
}
