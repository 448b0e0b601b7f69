// Connecting a TikTok account through the browser (docs/connect.md). `beginConnect` hands out
// TikTok's authorize URL with a fresh `state` and a PKCE challenge, and remembers what it asked
// for in oauth_states (state hashed, verifier sealed, expiring after settings.oauthStateTtlMs);
// `completeConnect` takes what TikTok's redirect carried, claims the state once, and exchanges the
// code with the verifier and the same redirect URI through accounts.connectWithCode. Connecting
// an open_id already known is a reconnect: the account keeps its id, posts and history.
//
// Every way a callback can end is a result, not an exception, so the callback page can say what
// happened and what to do: an unknown, expired or reused state, TikTok's own error (the creator
// cancelled), a failed exchange, or a connection with scopes missing (a partial grant).
import { createHash } from 'node:crypto';
import { TikTokError } from '@tokpost/tiktok';
import { diagnose } from '../diagnostics/diagnose.js';
import type { App } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { invalidInput, notFound } from '../errors.js';
import type { AccountsService, AccountView, ConnectResult } from '../services/accounts-service.js';
import { DEFAULT_CONNECT_SCOPES, KNOWN_SCOPES, RECONNECT_FIX, explainMissingScopes, type MissingScope } from './scope-features.js';

/** Expired states are kept this long, so a late callback hears "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 24 * 3_600_000;

export interface BeginConnectInput {
  /** Optional when exactly one app is registered. */
  appId?: string;
  /** Default: DEFAULT_CONNECT_SCOPES. */
  scopes?: readonly string[];
  /** Reconnect this account (same app; TikTok shows its consent page again). */
  accountId?: string;
}

export interface BeginConnectResult {
  authorizeUrl: string;
  expiresAt: number;
}

/** What TikTok's redirect to the callback carried. */
export interface CompleteConnectInput {
  state?: string;
  code?: string;
  /** The granted scopes TikTok lists in the redirect (the token answer is what counts). */
  scopes?: string;
  error?: string;
  errorDescription?: string;
}

export type ConnectFailureReason = 'state_missing' | 'state_unknown' | 'state_expired' | 'state_used' | 'denied' | 'tiktok_error' | 'code_missing' | 'exchange_failed';

export type CompleteConnectResult =
  | (ConnectResult & {
      ok: true;
      /** Each scope asked for and not granted, with what it disables; empty for a full grant. */
      missing: MissingScope[];
      /** Set when it is a partial grant: how to get the missing scopes. */
      fix: string | null;
      /** The connection was started to reconnect this account, but another TikTok account authorized. */
      expectedAccount: AccountView | null;
    })
  | {
      ok: false;
      reason: ConnectFailureReason;
      /** What happened, in plain words (never the code or the state). */
      message: string;
      fix: string;
      /** TikTok's error code, when TikTok answered one. */
      tiktokError: string | null;
    };

export interface ConnectFlow {
  beginConnect(input?: BeginConnectInput): Promise<BeginConnectResult>;
  completeConnect(input: CompleteConnectInput): Promise<CompleteConnectResult>;
}

const START_AGAIN = 'Start connecting again from tokpost (the Connect button or POST /api/accounts/connect) and finish on TikTok within a few minutes.';

export const hashState = (state: string): string => createHash('sha256').update(state).digest('hex');

function failure(reason: ConnectFailureReason, message: string, fix: string, tiktokError: string | null = null): CompleteConnectResult {
  return { ok: false, reason, message, fix, tiktokError };
}

export function createConnectFlow(deps: EngineDeps, o: { accounts: AccountsService; redirectUri: string }): ConnectFlow {
  const { store, clock, ids } = deps;

  async function pickApp(appId: string | undefined): Promise<App> {
    if (appId !== undefined) {
      const app = await store.apps.get(appId);
      if (!app) throw notFound('app', appId);
      return app;
    }
    const apps = await store.apps.list();
    if (apps.length === 1) return apps[0]!;
    throw invalidInput([
      { field: 'appId', message: apps.length === 0 ? 'no TikTok app is registered yet: add one first (POST /api/apps)' : `required: ${apps.length} apps are registered, name the one to connect with` },
    ]);
  }

  function checkScopes(scopes: readonly string[] | undefined): string[] {
    if (scopes === undefined) return [...DEFAULT_CONNECT_SCOPES];
    const unique = [...new Set(scopes)];
    const unknown = unique.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unique.length === 0) throw invalidInput([{ field: 'scopes', message: `at least one scope is needed, e.g. ${DEFAULT_CONNECT_SCOPES.join(', ')}` }]);
    if (unknown.length > 0) throw invalidInput([{ field: 'scopes', message: `unknown scope ${unknown.join(', ')}: use ${KNOWN_SCOPES.join(', ')}` }]);
    return unique;
  }

  return {
    async beginConnect(input = {}) {
      let appId = input.appId;
      let accountId: string | null = null;
      if (input.accountId !== undefined) {
        const account = await store.accounts.get(input.accountId);
        if (!account) throw notFound('account', input.accountId);
        if (appId !== undefined && appId !== account.appId) throw invalidInput([{ field: 'appId', message: `the account belongs to app ${account.appId}: leave appId out to reconnect it` }]);
        appId = account.appId;
        accountId = account.id;
      }
      const app = await pickApp(appId);
      const scopes = checkScopes(input.scopes);
      const client = deps.clients.forApp(app);
      const state = client.createState();
      const pkce = client.createPkce();
      const now = clock.now();
      const expiresAt = now + deps.settings.oauthStateTtlMs;
      await store.oauthStates.removeExpired(now - KEEP_EXPIRED_MS);
      await store.oauthStates.insert({
        id: ids.next('oas'),
        stateHash: hashState(state),
        appId: app.id,
        codeVerifier: pkce.codeVerifier,
        redirectUri: o.redirectUri,
        scopes,
        accountId,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      // A reconnect always shows the consent page, so the creator can tick what was left out before.
      const authorizeUrl = client.authorizeUrl({ scopes, state, redirectUri: o.redirectUri, codeChallenge: pkce.codeChallenge, ...(accountId ? { disableAutoAuth: 1 as const } : {}) });
      return { authorizeUrl, expiresAt };
    },

    async completeConnect(input) {
      if (!input.state) return failure('state_missing', 'The link TikTok sent back carries no state, so tokpost cannot tell which connection it belongs to.', START_AGAIN);
      const pending = await store.oauthStates.getByHash(hashState(input.state));
      if (!pending) return failure('state_unknown', 'This connection link is not one tokpost handed out (or it is more than a day old).', START_AGAIN);
      const now = clock.now();
      if (!(await store.oauthStates.claim(pending.id, now))) {
        const again = await store.oauthStates.getByHash(pending.stateHash);
        if (again?.usedAt !== null && again?.usedAt !== undefined) {
          return failure('state_used', 'This connection link was used already: each one works once (a page reloaded or opened twice).', 'Check the accounts list: the first use may have connected the account. Otherwise start connecting again.');
        }
        return failure('state_expired', `This connection link expired: it is valid for ${Math.round(deps.settings.oauthStateTtlMs / 60_000)} minutes.`, START_AGAIN);
      }
      if (input.error) {
        const d = diagnose({ source: 'oauth', code: input.error, message: input.errorDescription ?? null });
        if (input.error === 'access_denied') return failure('denied', `The connection was cancelled on TikTok: ${d.summary}`, d.fix, input.error);
        const said = input.errorDescription ? ` TikTok said: “${input.errorDescription}”.` : '';
        return failure('tiktok_error', `TikTok refused the connection (${input.error}).${said} ${d.summary}`, d.fix, input.error);
      }
      if (!input.code) return failure('code_missing', 'TikTok’s redirect carries neither a code nor an error.', START_AGAIN);
      let result: ConnectResult;
      try {
        result = await o.accounts.connectWithCode({ appId: pending.appId, code: input.code, codeVerifier: pending.codeVerifier, redirectUri: pending.redirectUri, requestedScopes: pending.scopes });
      } catch (e) {
        if (!(e instanceof TikTokError)) throw e;
        const d = diagnose({ source: e.name === 'TikTokOAuthError' ? 'oauth' : 'tiktok_error', code: e.code, logId: e.logId ?? null, httpStatus: e.httpStatus ?? null });
        const logId = e.logId ? `, log_id ${e.logId}` : '';
        deps.log.warn({ code: e.code, logId: e.logId, httpStatus: e.httpStatus }, 'the OAuth code exchange failed');
        // A spent or expired code only needs a new attempt; anything else (the app's credentials,
        // the redirect URI) needs the catalog's fix first.
        const fix = e.code === 'invalid_grant' ? START_AGAIN : `${d.fix} Then start connecting again.`;
        return failure('exchange_failed', `TikTok did not accept the authorization (${e.code}${logId}): ${d.summary}`, fix, e.code);
      }
      const missing = explainMissingScopes(result.missingScopes);
      let expectedAccount: AccountView | null = null;
      if (pending.accountId !== null && pending.accountId !== result.account.id) {
        expectedAccount = await o.accounts.get(pending.accountId).catch(() => null);
      }
      return { ...result, ok: true, missing, fix: missing.length > 0 ? RECONNECT_FIX : null, expectedAccount };
    },
  };
}
