// Conformance: Login Kit v2 / OAuth (docs/tiktok-api.md §2) over real HTTP — the consent page and its
// redirects, the three token grants, PKCE in both encodings, refresh rotation and lifetimes,
// expiry on the emulator clock, and revocation (API and admin).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP, PATHS, connectCreator, get, post, postForm, rawRequest, startEmulator, tokenRequest, type Harness, type RawResponse, type Tokens } from './harness.js';

const DAY_S = 86_400;
const YEAR_S = 31_536_000;
const ALL_SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];
const LOG_ID = /^\d{14}[0-9A-F]{8,}$/;

let h: Harness;
afterEach(() => h.close());

/** Asserts TikTok's flat OAuth error shape (docs/tiktok-api.md §2.7) — no `data`/`error` envelope. */
function expectOAuthError(res: RawResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error, error_description: expect.any(String), log_id: expect.stringMatching(LOG_ID) });
  expect(res.json.error_description.length).toBeGreaterThan(0);
}

function authorizeQuery(extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_key: APP.client_key,
    response_type: 'code',
    scope: ALL_SCOPES.join(','),
    redirect_uri: APP.redirect_uri,
    state: 'csrf-state-42',
    ...extra,
  };
}

async function openConsent(query: Record<string, string>): Promise<RawResponse> {
  return rawRequest(h, 'GET', `/v2/auth/authorize/?${new URLSearchParams(query)}`);
}

const unescapeHtml = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

/** The hidden inputs of the consent form, as the browser would submit them. */
function hiddenFields(html: string): Array<[string, string]> {
  return [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)]);
}

/** Submits the consent form the page rendered, with the user's choices. */
async function submitConsent(html: string, choices: { decision: 'approve' | 'deny'; open_id?: string; grant?: string[] }): Promise<RawResponse> {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBe('/v2/auth/authorize/');
  const form = new URLSearchParams(hiddenFields(html));
  if (choices.open_id) form.set('open_id', choices.open_id);
  for (const g of choices.grant ?? []) form.append('grant', g);
  form.set('decision', choices.decision);
  return postForm(h, action!, form);
}

function callbackParams(res: RawResponse): URLSearchParams {
  expect(res.status).toBe(302);
  const location = res.headers.get('location');
  expect(location).toBeTruthy();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(APP.redirect_uri);
  return url.searchParams;
}

async function consentCode(openId: string, opts: { code_challenge?: string; redirect_uri?: string; scopes?: string[] } = {}): Promise<string> {
  const { code } = await h.emu.admin.consent({
    client_key: APP.client_key,
    open_id: openId,
    scopes: opts.scopes ?? ALL_SCOPES,
    redirect_uri: opts.redirect_uri ?? APP.redirect_uri,
    ...(opts.code_challenge ? { code_challenge: opts.code_challenge, code_challenge_method: 'S256' as const } : {}),
  });
  return code;
}

const exchange = (code: string, extra: Record<string, string> = {}, app = APP) =>
  tokenRequest(h, { grant_type: 'authorization_code', code, redirect_uri: APP.redirect_uri, ...extra }, app);
const refresh = (refreshToken: string, app = APP) => tokenRequest(h, { grant_type: 'refresh_token', refresh_token: refreshToken }, app);
const creatorInfo = (token: string) => post(h, PATHS.creatorInfo, token, {});

function expectTokenResponse(res: RawResponse, openId: string, scope: string) {
  expect(res.status).toBe(200);
  expect(Object.keys(res.json).sort()).toEqual(['access_token', 'expires_in', 'open_id', 'refresh_expires_in', 'refresh_token', 'scope', 'token_type']);
  expect(res.json.access_token).toMatch(/^act\./);
  expect(res.json.refresh_token).toMatch(/^rft\./);
  expect(res.json.open_id).toBe(openId);
  expect(res.json.scope).toBe(scope);
  expect(res.json.token_type).toBe('Bearer');
}

describe('consent page (GET/POST /v2/auth/authorize/)', () => {
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    h = await startEmulator();
    alice = (await h.emu.admin.createCreator({ username: 'alice.films', nickname: 'Alice Films' })).open_id;
    bob = (await h.emu.admin.createCreator({ username: 'bob.cooks', nickname: 'Bob <Cooks>' })).open_id;
  });

  it('renders an HTML page listing every creator and every requested scope', async () => {
    const res = await openConsent(authorizeQuery());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('Alice Films (@alice.films)');
    expect(res.text).toContain('Bob &#60;Cooks&#62; (@bob.cooks)');
    expect(res.text).toContain(`value="${alice}"`);
    expect(res.text).toContain(`value="${bob}"`);
    for (const s of ALL_SCOPES) expect(res.text).toContain(`<input type="checkbox" name="grant" value="${s}" checked>`);
    expect(res.text).toContain('name="decision" value="approve"');
    expect(res.text).toContain('name="decision" value="deny"');
    expect(Object.fromEntries(hiddenFields(res.text))).toEqual(authorizeQuery());
  });

  it('approving redirects with code, the granted scopes and state; the code yields tokens for the chosen creator', async () => {
    const page = await openConsent(authorizeQuery());
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: bob, grant: ALL_SCOPES }));
    expect(cb.get('code')).toBeTruthy();
    expect(cb.get('scopes')).toBe(ALL_SCOPES.join(','));
    expect(cb.get('state')).toBe('csrf-state-42');
    expect(cb.has('error')).toBe(false);
    const tokens = await exchange(cb.get('code')!);
    expectTokenResponse(tokens, bob, ALL_SCOPES.join(','));
    const info = await creatorInfo(tokens.json.access_token);
    expect(info.status).toBe(200);
    expect(info.json.data.creator_username).toBe('bob.cooks');
  });

  it('a partial grant (some boxes unticked) returns only the ticked scopes, and the token is limited to them', async () => {
    const page = await openConsent(authorizeQuery());
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: ['user.info.basic', 'video.upload'] }));
    expect(cb.get('scopes')).toBe('user.info.basic,video.upload');
    const tokens = await exchange(cb.get('code')!);
    expectTokenResponse(tokens, alice, 'user.info.basic,video.upload');
    const denied = await creatorInfo(tokens.json.access_token);
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('scope_not_authorized');
    const user = await get(h, `${PATHS.userInfo}?fields=open_id`, tokens.json.access_token);
    expect(user.status).toBe(200);
    expect(user.json.data.user).toEqual({ open_id: alice });
  });

  it('a scope that was not requested cannot be smuggled into the grant', async () => {
    const page = await openConsent(authorizeQuery({ scope: 'user.info.basic' }));
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: ['user.info.basic', 'video.publish'] }));
    expect(cb.get('scopes')).toBe('user.info.basic');
  });

  it('denying redirects with error=access_denied and the state, without a code', async () => {
    const page = await openConsent(authorizeQuery());
    const cb = callbackParams(await submitConsent(page.text, { decision: 'deny', open_id: alice, grant: ALL_SCOPES }));
    expect(cb.get('error')).toBe('access_denied');
    expect(cb.get('error_description')).toBeTruthy();
    expect(cb.get('state')).toBe('csrf-state-42');
    expect(cb.has('code')).toBe(false);
  });

  it('unticking every scope is a denial', async () => {
    const page = await openConsent(authorizeQuery());
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: [] }));
    expect(cb.get('error')).toBe('access_denied');
    expect(cb.has('code')).toBe(false);
  });

  it('an unknown client_key gets an HTML error page and no redirect', async () => {
    const res = await openConsent(authorizeQuery({ client_key: 'no_such_app' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('client_key');
  });

  it('an unregistered redirect_uri gets an HTML error page and is never redirected to (GET or form POST)', async () => {
    const evil = 'https://evil.example.net/steal';
    const res = await openConsent(authorizeQuery({ redirect_uri: evil }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('redirect_uri');
    const posted = await postForm(h, '/v2/auth/authorize/', { ...authorizeQuery({ redirect_uri: evil }), decision: 'approve', open_id: alice, grant: 'video.publish' });
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
  });

  it('an unknown scope redirects with error=invalid_scope and the state', async () => {
    const res = await openConsent(authorizeQuery({ scope: 'user.info.basic,video.delete_everything' }));
    const cb = callbackParams(res);
    expect(cb.get('error')).toBe('invalid_scope');
    expect(cb.get('error_description')).toContain('video.delete_everything');
    expect(cb.get('state')).toBe('csrf-state-42');
    expect(cb.has('code')).toBe(false);
  });

  it('an empty scope list redirects with error=invalid_scope', async () => {
    const cb = callbackParams(await openConsent(authorizeQuery({ scope: ' , ' })));
    expect(cb.get('error')).toBe('invalid_scope');
    expect(cb.get('state')).toBe('csrf-state-42');
  });

  it('granted scopes come back once each, in the order requested', async () => {
    const page = await openConsent(authorizeQuery({ scope: 'video.upload,user.info.basic,video.upload' }));
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: ['user.info.basic', 'video.upload', 'user.info.basic'] }));
    expect(cb.get('scopes')).toBe('video.upload,user.info.basic');
    expect((await exchange(cb.get('code')!)).json.scope).toBe('video.upload,user.info.basic');
  });

  it('response_type other than code redirects with error=unsupported_response_type', async () => {
    const cb = callbackParams(await openConsent(authorizeQuery({ response_type: 'token' })));
    expect(cb.get('error')).toBe('unsupported_response_type');
    expect(cb.get('state')).toBe('csrf-state-42');
  });

  it('a desktop redirect URI registered with a wildcard port matches any port, and nothing else', async () => {
    const desktop = { client_key: 'desktop_app', client_secret: 'desktop_secret', redirect_uri: 'http://127.0.0.1:53682/callback/' };
    await h.emu.admin.createApp({ ...desktop, redirect_uris: ['http://127.0.0.1:*/callback/'] });
    const query = { ...authorizeQuery(), client_key: desktop.client_key, redirect_uri: desktop.redirect_uri };
    const page = await openConsent(query);
    expect(page.status).toBe(200);
    const res = await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: ['video.publish'] });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(desktop.redirect_uri);
    const code = location.searchParams.get('code')!;
    expect((await tokenRequest(h, { grant_type: 'authorization_code', code, redirect_uri: desktop.redirect_uri }, desktop)).status).toBe(200);
    for (const other of ['http://127.0.0.1:53682/elsewhere/', 'http://127.0.0.1/callback/', 'http://localhost:53682/callback/', 'https://127.0.0.1:53682/callback/']) {
      const bad = await openConsent({ ...query, redirect_uri: other });
      expect({ other, status: bad.status, location: bad.headers.get('location') }).toEqual({ other, status: 400, location: null });
    }
  });

  it('carries a PKCE challenge from the page through to the token exchange', async () => {
    const verifier = 'page-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const page = await openConsent(authorizeQuery({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const cb = callbackParams(await submitConsent(page.text, { decision: 'approve', open_id: alice, grant: ALL_SCOPES }));
    expectOAuthError(await exchange(cb.get('code')!, { code_verifier: 'not-the-verifier' }), 400, 'invalid_request');
    expectTokenResponse(await exchange(cb.get('code')!, { code_verifier: verifier }), alice, ALL_SCOPES.join(','));
  });
});

describe('POST /v2/oauth/token/ — authorization_code', () => {
  let openId: string;
  beforeEach(async () => {
    h = await startEmulator();
    openId = (await h.emu.admin.createCreator({ username: 'token.tester' })).open_id;
  });

  it('returns the seven documented fields with TikTok lifetimes (24 h access, 365 d refresh)', async () => {
    const res = await exchange(await consentCode(openId));
    expectTokenResponse(res, openId, ALL_SCOPES.join(','));
    expect(res.json.expires_in).toBe(DAY_S);
    expect(res.json.refresh_expires_in).toBe(YEAR_S);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('a redirect_uri different from the authorize request is invalid_request', async () => {
    await h.emu.admin.createApp({ ...APP, redirect_uris: [APP.redirect_uri, 'https://app.example.com/other/'] });
    const code = await consentCode(openId);
    const res = await exchange(code, { redirect_uri: 'https://app.example.com/other/' });
    expectOAuthError(res, 400, 'invalid_request');
    expect(res.json.error_description).toMatch(/redirect_uri/i);
  });

  it('a code works once: reuse is invalid_grant', async () => {
    const code = await consentCode(openId);
    expect((await exchange(code)).status).toBe(200);
    expectOAuthError(await exchange(code), 400, 'invalid_grant');
  });

  it('an unknown code, or another app’s code, is invalid_grant', async () => {
    expectOAuthError(await exchange('not-a-real-code*0!1234.va'), 400, 'invalid_grant');
    const other = { client_key: 'other_app', client_secret: 'other_secret', redirect_uri: APP.redirect_uri };
    await h.emu.admin.createApp({ ...other, redirect_uris: [APP.redirect_uri] });
    const code = await consentCode(openId);
    expectOAuthError(await exchange(code, {}, other), 400, 'invalid_grant');
  });

  it('a code expires after auth_code_ttl_s of emulator time', async () => {
    const live = await consentCode(openId);
    const dead = await consentCode(openId);
    await h.clock.advance(599_000);
    expect((await exchange(live)).status).toBe(200);
    await h.clock.advance(1_000);
    expectOAuthError(await exchange(dead), 400, 'invalid_grant');
  });

  it('honours a shorter auth_code_ttl_s setting', async () => {
    await h.emu.admin.settings({ auth_code_ttl_s: 30 });
    const code = await consentCode(openId);
    await h.clock.advance(30_000);
    expectOAuthError(await exchange(code), 400, 'invalid_grant');
  });

  describe('PKCE (S256)', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-tokpost';
    const digest = createHash('sha256').update(verifier).digest();

    it('accepts a lowercase-hex challenge (TikTok desktop docs)', async () => {
      const code = await consentCode(openId, { code_challenge: digest.toString('hex') });
      expectTokenResponse(await exchange(code, { code_verifier: verifier }), openId, ALL_SCOPES.join(','));
    });

    it('accepts a base64url challenge (RFC 7636)', async () => {
      const code = await consentCode(openId, { code_challenge: digest.toString('base64url') });
      expectTokenResponse(await exchange(code, { code_verifier: verifier }), openId, ALL_SCOPES.join(','));
    });

    it('a wrong or missing verifier is invalid_request', async () => {
      const code = await consentCode(openId, { code_challenge: digest.toString('hex') });
      const wrong = await exchange(code, { code_verifier: `${verifier}x` });
      expectOAuthError(wrong, 400, 'invalid_request');
      expect(wrong.json.error_description).toMatch(/code verifier|code challenge/i);
      expectOAuthError(await exchange(code), 400, 'invalid_request');
    });

    it("pkce_encoding 'hex' rejects a base64url challenge and still takes hex", async () => {
      await h.emu.admin.settings({ pkce_encoding: 'hex' });
      const b64 = await consentCode(openId, { code_challenge: digest.toString('base64url') });
      expectOAuthError(await exchange(b64, { code_verifier: verifier }), 400, 'invalid_request');
      const hex = await consentCode(openId, { code_challenge: digest.toString('hex') });
      expect((await exchange(hex, { code_verifier: verifier })).status).toBe(200);
    });

    it("pkce_encoding 'base64url' rejects a hex challenge", async () => {
      await h.emu.admin.settings({ pkce_encoding: 'base64url' });
      const hex = await consentCode(openId, { code_challenge: digest.toString('hex') });
      expectOAuthError(await exchange(hex, { code_verifier: verifier }), 400, 'invalid_request');
    });
  });

  it('a wrong client_secret or unknown client_key is invalid_client (401)', async () => {
    const code = await consentCode(openId);
    expectOAuthError(await exchange(code, {}, { ...APP, client_secret: 'wrong-secret' }), 401, 'invalid_client');
    expectOAuthError(await exchange(code, {}, { ...APP, client_key: 'nobody' }), 401, 'invalid_client');
    // The failed attempts did not burn the code.
    expect((await exchange(code)).status).toBe(200);
  });

  it('an unsupported grant_type is unsupported_grant_type; a missing one is invalid_request', async () => {
    expectOAuthError(await tokenRequest(h, { grant_type: 'password', username: 'u', password: 'p' }), 400, 'unsupported_grant_type');
    expectOAuthError(await tokenRequest(h, {}), 400, 'invalid_request');
  });

  it('a missing code or redirect_uri is invalid_request', async () => {
    expectOAuthError(await tokenRequest(h, { grant_type: 'authorization_code', redirect_uri: APP.redirect_uri }), 400, 'invalid_request');
    const code = await consentCode(openId);
    expectOAuthError(await tokenRequest(h, { grant_type: 'authorization_code', code }), 400, 'invalid_request');
  });

  it('a body that is not form-urlencoded is invalid_request', async () => {
    const code = await consentCode(openId);
    const body = JSON.stringify({ ...APP, grant_type: 'authorization_code', code, redirect_uri: APP.redirect_uri });
    const res = await rawRequest(h, 'POST', '/v2/oauth/token/', { headers: { 'content-type': 'application/json' }, body });
    expectOAuthError(res, 400, 'invalid_request');
    expect(res.json.error_description).toMatch(/x-www-form-urlencoded/);
    expect((await exchange(code)).status).toBe(200);
  });
});

describe('POST /v2/oauth/token/ — refresh_token', () => {
  beforeEach(async () => {
    h = await startEmulator();
  });

  it('rotates: a new refresh token, the used one turns invalid_grant, the new one works', async () => {
    const first = await connectCreator(h);
    const r1 = await refresh(first.refresh_token);
    expectTokenResponse(r1, first.open_id, ALL_SCOPES.join(','));
    expect(r1.json.refresh_token).not.toBe(first.refresh_token);
    expect(r1.json.access_token).not.toBe(first.access_token);
    expectOAuthError(await refresh(first.refresh_token), 400, 'invalid_grant');
    const r2 = await refresh(r1.json.refresh_token);
    expect(r2.status).toBe(200);
    expect(r2.json.refresh_token).not.toBe(r1.json.refresh_token);
    expect((await creatorInfo(r2.json.access_token)).json.error.code).toBe('ok');
  });

  it('refresh_expires_in counts down from the first issuance, not from each refresh', async () => {
    const first = await connectCreator(h);
    expect(first.refresh_expires_in).toBe(YEAR_S);
    await h.clock.advance(1_000_000);
    const r1 = await refresh(first.refresh_token);
    expect(r1.json.refresh_expires_in).toBe(YEAR_S - 1_000);
    expect(r1.json.expires_in).toBe(DAY_S);
    await h.clock.advance(30 * DAY_S * 1000);
    const r2 = await refresh(r1.json.refresh_token);
    expect(r2.json.refresh_expires_in).toBe(YEAR_S - 1_000 - 30 * DAY_S);
  });

  it('with rotation off the same refresh token comes back and keeps working', async () => {
    await h.emu.admin.settings({ rotate_refresh_tokens: false });
    const first = await connectCreator(h);
    const r1 = await refresh(first.refresh_token);
    expect(r1.status).toBe(200);
    expect(r1.json.refresh_token).toBe(first.refresh_token);
    const r2 = await refresh(first.refresh_token);
    expect(r2.status).toBe(200);
    expect(r2.json.refresh_token).toBe(first.refresh_token);
  });

  it('an unknown refresh token, or one used with another app’s credentials, is invalid_grant', async () => {
    const t = await connectCreator(h);
    expectOAuthError(await refresh('rft.not-a-token'), 400, 'invalid_grant');
    const other = { client_key: 'other_app', client_secret: 'other_secret', redirect_uri: APP.redirect_uri };
    await h.emu.admin.createApp({ ...other, redirect_uris: [APP.redirect_uri] });
    expectOAuthError(await refresh(t.refresh_token, other), 400, 'invalid_grant');
    expectOAuthError(await refresh(t.refresh_token, { ...APP, client_secret: 'nope' }), 401, 'invalid_client');
    expect((await refresh(t.refresh_token)).status).toBe(200);
  });

  it('a missing refresh_token parameter is invalid_request', async () => {
    expectOAuthError(await tokenRequest(h, { grant_type: 'refresh_token' }), 400, 'invalid_request');
  });
});

describe('token lifetimes on the emulator clock', () => {
  it('an access token works until expires_in, then every data endpoint says access_token_invalid (401)', async () => {
    h = await startEmulator();
    const t = await connectCreator(h);
    await h.clock.advance((DAY_S - 1) * 1000);
    expect((await get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token)).status).toBe(200);
    await h.clock.advance(1_000);
    const user = await get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token);
    expect(user.status).toBe(401);
    expect(user.json.error.code).toBe('access_token_invalid');
    const ci = await creatorInfo(t.access_token);
    expect(ci.status).toBe(401);
    expect(ci.json.error.code).toBe('access_token_invalid');
    // The refresh token outlives it and brings a working access token back.
    const r = await refresh(t.refresh_token);
    expect(r.status).toBe(200);
    expect((await creatorInfo(r.json.access_token)).status).toBe(200);
  });

  it("an app's access_token_ttl_s: 60 gives expires_in 60 and a token dead after a minute", async () => {
    h = await startEmulator({ app: { access_token_ttl_s: 60 } });
    const t = await connectCreator(h);
    expect(t.expires_in).toBe(60);
    expect((await creatorInfo(t.access_token)).status).toBe(200);
    await h.clock.advance(60_000);
    const res = await creatorInfo(t.access_token);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('access_token_invalid');
    expect((await refresh(t.refresh_token)).json.expires_in).toBe(60);
  });

  it("an app's refresh_token_ttl_s bounds the refresh token: afterwards refresh is invalid_grant", async () => {
    h = await startEmulator({ app: { refresh_token_ttl_s: 3_600 } });
    const t = await connectCreator(h);
    expect(t.refresh_expires_in).toBe(3_600);
    await h.clock.advance(1_800_000);
    const r1 = await refresh(t.refresh_token);
    expect(r1.status).toBe(200);
    expect(r1.json.refresh_expires_in).toBe(1_800);
    await h.clock.advance(1_800_000);
    expectOAuthError(await refresh(r1.json.refresh_token), 400, 'invalid_grant');
  });
});

describe('revocation', () => {
  let t: Tokens;
  beforeEach(async () => {
    h = await startEmulator();
    t = await connectCreator(h);
  });

  const revoke = (token: string, app = APP) => postForm(h, '/v2/oauth/revoke/', { client_key: app.client_key, client_secret: app.client_secret, token });

  it('POST /v2/oauth/revoke/ kills the access token (401) and the refresh token (invalid_grant)', async () => {
    const res = await revoke(t.access_token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    const ci = await creatorInfo(t.access_token);
    expect(ci.status).toBe(401);
    expect(ci.json.error.code).toBe('access_token_invalid');
    const user = await get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token);
    expect(user.status).toBe(401);
    expectOAuthError(await refresh(t.refresh_token), 400, 'invalid_grant');
    // Revoking again is harmless.
    expect((await revoke(t.access_token)).status).toBe(200);
  });

  it('revoke errors use the flat OAuth shape', async () => {
    expectOAuthError(await revoke(t.access_token, { ...APP, client_secret: 'wrong' }), 401, 'invalid_client');
    expectOAuthError(await revoke('act.unknown'), 400, 'invalid_request');
    expectOAuthError(await postForm(h, '/v2/oauth/revoke/', { client_key: APP.client_key, client_secret: APP.client_secret }), 400, 'invalid_request');
    expectOAuthError(
      await rawRequest(h, 'POST', '/v2/oauth/revoke/', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...APP, token: t.access_token }) }),
      400,
      'invalid_request',
    );
    // None of that revoked anything.
    expect((await creatorInfo(t.access_token)).status).toBe(200);
  });

  it('POST /_emulator/creators/{open_id}/revoke revokes the app’s grants for that creator', async () => {
    const other = await connectCreator(h);
    const res = await rawRequest(h, 'POST', `/_emulator/creators/${encodeURIComponent(t.open_id)}/revoke`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_key: APP.client_key, reason: 1 }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 1 });
    const ci = await creatorInfo(t.access_token);
    expect(ci.status).toBe(401);
    expect(ci.json.error.code).toBe('access_token_invalid');
    expectOAuthError(await refresh(t.refresh_token), 400, 'invalid_grant');
    // Other creators are untouched.
    expect((await creatorInfo(other.access_token)).status).toBe(200);
    // A new consent after revocation works again.
    const again = await exchange(await consentCode(t.open_id));
    expect((await creatorInfo(again.json.access_token)).status).toBe(200);
  });
});

describe('client_credentials', () => {
  beforeEach(async () => {
    h = await startEmulator();
  });

  it('returns a clt. client token for 2 hours, which no user endpoint accepts', async () => {
    const res = await tokenRequest(h, { grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.stringMatching(/^clt\./), expires_in: 7_200, token_type: 'Bearer' });
    const ci = await creatorInfo(res.json.access_token);
    expect(ci.status).toBe(401);
    expect(ci.json.error.code).toBe('access_token_invalid');
  });

  it('needs the right client secret', async () => {
    expectOAuthError(await tokenRequest(h, { grant_type: 'client_credentials' }, { ...APP, client_secret: 'nope' }), 401, 'invalid_client');
  });
});
