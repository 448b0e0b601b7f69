// Grants and tokens: one grant per (app, creator) consent; access tokens expire after the app's
// TTL; refresh tokens rotate on use (the used one stops working) and their lifetime counts from
// the first issuance. Revoking a grant kills every token and fails its in-flight publishes.
import { TOKEN_PREFIX, type TokenResponse } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import type { AuthCode, Grant } from '../state.js';

export function issueTokens(ctx: EmulatorContext, grant: Grant, opts: { newRefreshToken: boolean; previousRefresh?: string }): TokenResponse {
  const app = ctx.state.apps.get(grant.client_key)!;
  const now = ctx.time.now();
  const access = ctx.ids.token(TOKEN_PREFIX.access);
  ctx.state.accessTokens.set(access, { token: access, grant_id: grant.id, expires_at: now + app.access_token_ttl_s * 1000 });
  let refresh = opts.previousRefresh;
  if (opts.newRefreshToken || !refresh) {
    refresh = ctx.ids.token(TOKEN_PREFIX.refresh);
    ctx.state.refreshTokens.set(refresh, { token: refresh, grant_id: grant.id });
    if (opts.previousRefresh) {
      const old = ctx.state.refreshTokens.get(opts.previousRefresh);
      if (old) old.superseded_at = now;
    }
  }
  return {
    access_token: access,
    expires_in: app.access_token_ttl_s,
    open_id: grant.open_id,
    refresh_expires_in: Math.max(0, Math.floor((grant.refresh_expires_at - now) / 1000)),
    refresh_token: refresh,
    scope: grant.scopes.join(','),
    token_type: 'Bearer',
  };
}

/** Consent creates a fresh grant each time (a re-connect replaces the old tokens' grant). */
export function grantFromCode(ctx: EmulatorContext, code: AuthCode): Grant {
  const app = ctx.state.apps.get(code.client_key)!;
  const grant: Grant = {
    id: ctx.ids.hex(8),
    client_key: code.client_key,
    open_id: code.open_id,
    scopes: code.scopes,
    refresh_expires_at: ctx.time.now() + app.refresh_token_ttl_s * 1000,
    revoked: false,
  };
  ctx.state.grants.set(grant.id, grant);
  return grant;
}

export function createCode(
  ctx: EmulatorContext,
  input: { client_key: string; open_id: string; scopes: string[]; redirect_uri: string; code_challenge?: string },
): AuthCode {
  const code: AuthCode = {
    code: ctx.ids.code(),
    ...input,
    expires_at: ctx.time.now() + ctx.settings.auth_code_ttl_s * 1000,
    used: false,
  };
  ctx.state.codes.set(code.code, code);
  return code;
}

/** Every live grant between an app and a creator. */
export function grantsOf(ctx: EmulatorContext, clientKey: string, openId: string): Grant[] {
  return [...ctx.state.grants.values()].filter((g) => g.client_key === clientKey && g.open_id === openId && !g.revoked);
}
