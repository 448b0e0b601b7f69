// Login Kit v2 (docs/tiktok-api.md §2): the authorize URL, the callback TikTok redirects to, and the token
// endpoint's three uses — code exchange, refresh (with rotation), revoke. Token lifetimes are never
// assumed: absolute expiry times come from `expires_in` / `refresh_expires_in` of each answer.
// None of these calls is retried here: a code is single-use and a refresh may rotate the token.
import { timingSafeEqual } from 'node:crypto';
import { ENDPOINTS, clientTokenResponseSchema, lookupError, parseScopeList, tokenResponseSchema } from '../contract/index.js';
import type { Clock } from '../contract/index.js';
import { TikTokMissingScopesError, TikTokStateMismatchError, responseError } from './errors.js';
import type { Http } from './http.js';
import type { AuthorizeUrlOptions, CallbackResult, CodeExchangeResult, RefreshResult, TokenSet } from './types.js';
import { fromWireToken } from './wire-mapping.js';

export interface OAuthConfig {
  clientKey: string;
  redirectUri: string;
  authBaseUrl: string;
}

export function buildAuthorizeUrl(cfg: OAuthConfig, o: AuthorizeUrlOptions): string {
  if (o.scopes.length === 0) throw new TypeError('at least one scope is required');
  if (!o.state) throw new TypeError('state is required (CSRF protection)');
  const url = new URL(ENDPOINTS.authorize.path, cfg.authBaseUrl);
  // TikTok's canonical order: client_key, response_type, scope, redirect_uri, state.
  url.searchParams.set('client_key', cfg.clientKey);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', o.scopes.join(','));
  url.searchParams.set('redirect_uri', o.redirectUri ?? cfg.redirectUri);
  url.searchParams.set('state', o.state);
  if (o.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', o.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (o.disableAutoAuth !== undefined) url.searchParams.set('disable_auto_auth', String(o.disableAutoAuth));
  return url.toString();
}

export type CallbackInput = string | URL | URLSearchParams | Record<string, string | string[] | undefined>;

function toParams(input: CallbackInput): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input === 'string') {
    const q = input.includes('?') ? input.slice(input.indexOf('?') + 1) : input;
    return new URLSearchParams(q.split('#')[0]);
  }
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) if (v !== undefined) p.set(k, Array.isArray(v) ? (v[0] ?? '') : v);
  return p;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function missingScopes(requested: readonly string[] | undefined, granted: readonly string[]): string[] {
  return (requested ?? []).filter((s) => !granted.includes(s));
}

/**
 * Reads the redirect TikTok sends back: `code` + granted `scopes` (plural) + `state`, or `error` +
 * `error_description`. URLSearchParams decodes the code (real codes contain `*` and `!`). A state
 * other than the expected one throws: the callback did not come from this session's request.
 */
export function parseCallback(input: CallbackInput, expect: { state?: string; requestedScopes?: readonly string[] } = {}): CallbackResult {
  const p = toParams(input);
  const state = p.get('state') ?? undefined;
  if (expect.state !== undefined && (state === undefined || !sameString(state, expect.state))) throw new TikTokStateMismatchError();
  const error = p.get('error');
  if (error) return { ok: false, error, errorDescription: p.get('error_description') ?? lookupError('oauth', error)?.summary ?? '', state };
  const code = p.get('code');
  if (!code) return { ok: false, error: 'invalid_request', errorDescription: 'The callback carries neither a code nor an error.', state };
  const grantedScopes = parseScopeList(p.get('scopes'));
  return { ok: true, code, state, grantedScopes, missingScopes: p.has('scopes') ? missingScopes(expect.requestedScopes, grantedScopes) : [] };
}

export interface OAuthDeps extends OAuthConfig {
  clientSecret: string;
  http: Http;
  clock: Clock;
}

export interface ExchangeCodeOptions {
  code: string;
  /** PKCE verifier (required for desktop/mobile flows). */
  codeVerifier?: string;
  /** Must equal the one in the authorize URL; defaults to the client's. */
  redirectUri?: string;
  /** Scopes asked for in the authorize URL; missing ones are reported in `missingScopes`. */
  requestedScopes?: readonly string[];
  /** Throw TikTokMissingScopesError instead of reporting (the tokens are then not returned). */
  requireAllScopes?: boolean;
  signal?: AbortSignal;
}

export interface OAuthCalls {
  exchangeCode(o: ExchangeCodeOptions): Promise<CodeExchangeResult>;
  refreshToken(refreshToken: string, options?: { signal?: AbortSignal }): Promise<RefreshResult>;
  revokeToken(accessToken: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** App-level token (client_credentials); not used for posting. */
  clientToken(options?: { signal?: AbortSignal }): Promise<{ accessToken: string; expiresIn: number; expiresAt: number }>;
}

export function createOAuthCalls(deps: OAuthDeps): OAuthCalls {
  const creds = { client_key: deps.clientKey, client_secret: deps.clientSecret };

  async function tokenCall(form: Record<string, string>, signal?: AbortSignal): Promise<TokenSet> {
    const res = await deps.http.callForm('oauth_token', form, signal);
    const parsed = tokenResponseSchema.safeParse(res.body);
    // The body holds tokens: name the problem, never print the body.
    if (!parsed.success) throw responseError({ endpoint: 'oauth_token', httpStatus: res.httpStatus, body: undefined }, 'the token response lacks required fields');
    const logId = (res.body as { log_id?: unknown }).log_id;
    return fromWireToken(parsed.data, res.sentAt, typeof logId === 'string' ? logId : undefined);
  }

  return {
    async exchangeCode(o) {
      const form: Record<string, string> = { ...creds, code: o.code, grant_type: 'authorization_code', redirect_uri: o.redirectUri ?? deps.redirectUri };
      if (o.codeVerifier !== undefined) form['code_verifier'] = o.codeVerifier;
      const tokens = await tokenCall(form, o.signal);
      const missing = missingScopes(o.requestedScopes, tokens.scopes);
      if (o.requireAllScopes && missing.length > 0) throw new TikTokMissingScopesError(missing, 'oauth_token');
      return { ...tokens, missingScopes: missing };
    },
    async refreshToken(refreshToken, options) {
      const tokens = await tokenCall({ ...creds, grant_type: 'refresh_token', refresh_token: refreshToken }, options?.signal);
      return { ...tokens, refreshTokenRotated: tokens.refreshToken !== refreshToken };
    },
    async revokeToken(accessToken, options) {
      await deps.http.callForm('oauth_revoke', { ...creds, token: accessToken }, options?.signal);
    },
    async clientToken(options) {
      const res = await deps.http.callForm('oauth_token', { ...creds, grant_type: 'client_credentials' }, options?.signal);
      const parsed = clientTokenResponseSchema.safeParse(res.body);
      if (!parsed.success) throw responseError({ endpoint: 'oauth_token', httpStatus: res.httpStatus, body: undefined }, 'the token response lacks required fields');
      return { accessToken: parsed.data.access_token, expiresIn: parsed.data.expires_in, expiresAt: res.sentAt + parsed.data.expires_in * 1000 };
    },
  };
}
