// Login Kit against the emulator, in-process and over HTTP: the consent page round trip, PKCE in
// both encodings, partial grants, refresh rotation with absolute expiry times, revoke, OAuth errors.
import { afterEach, describe, expect, it } from 'vitest';
import { TikTokApiError, TikTokMissingScopesError, TikTokOAuthError } from '../src/index.js';
import { APP, MODES, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';

describe.each(MODES)('OAuth (%s)', (mode) => {
  let h: Harness;
  afterEach(() => h?.close());

  /** Drives the consent page like a browser: GET the authorize URL, POST the form, follow the redirect. */
  async function consentInBrowser(authorizeUrl: string, form: Record<string, string | string[]>) {
    const page = await h.fetch(authorizeUrl, { method: 'GET' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('wants to access your TikTok account');
    const body = new URLSearchParams(new URL(authorizeUrl).searchParams);
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    const res = await h.fetch(new URL('/v2/auth/authorize/', h.baseUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  }

  it('connects through the consent page with PKCE (base64url and hex) and reports missing scopes', async () => {
    h = await startHarness(mode);
    const { open_id } = await h.emu.admin.createCreator({ username: 'ada', nickname: 'Ada' });
    for (const encoding of ['base64url', 'hex'] as const) {
      const state = h.client.createState();
      const pkce = h.client.createPkce(encoding);
      const requested = ['user.info.basic', 'video.publish', 'video.upload'];
      const url = h.client.authorizeUrl({ scopes: requested, state, codeChallenge: pkce.codeChallenge });
      // The creator unticks video.upload.
      const location = await consentInBrowser(url, { decision: 'approve', open_id, grant: ['user.info.basic', 'video.publish'] });
      const cb = h.client.parseCallback(location, { state, requestedScopes: requested });
      expect(cb).toMatchObject({ ok: true, grantedScopes: ['user.info.basic', 'video.publish'], missingScopes: ['video.upload'] });
      if (!cb.ok) throw new Error('unreachable');
      const before = h.clock.now();
      const tokens = await h.client.exchangeCode({ code: cb.code, codeVerifier: pkce.codeVerifier, requestedScopes: requested });
      expect(tokens).toMatchObject({ openId: open_id, scopes: ['user.info.basic', 'video.publish'], missingScopes: ['video.upload'], tokenType: 'Bearer', expiresIn: 86_400, refreshExpiresIn: 31_536_000 });
      expect(tokens.accessToken).toMatch(/^act\./);
      expect(tokens.accessExpiresAt).toBe(before + 86_400_000);
      expect(tokens.refreshExpiresAt).toBe(before + 31_536_000_000);
    }
  });

  it('rejects a wrong PKCE verifier, a reused code and a mismatched redirect_uri with typed OAuth errors', async () => {
    h = await startHarness(mode);
    const { open_id } = await h.emu.admin.createCreator({ username: 'bo' });
    const pkce = h.client.createPkce();
    const consent = (challenge?: string) =>
      h.emu.admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic'], redirect_uri: APP.redirect_uris[0]!, ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' as const } : {}) });

    const c1 = await consent(pkce.codeChallenge);
    await expect(h.client.exchangeCode({ code: c1.code, codeVerifier: h.client.createPkce().codeVerifier })).rejects.toMatchObject({ code: 'invalid_request', errorClass: 'permanent' });

    const c2 = await consent();
    await h.client.exchangeCode({ code: c2.code });
    const reused = await h.client.exchangeCode({ code: c2.code }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(TikTokOAuthError);
    expect(reused).toMatchObject({ code: 'invalid_grant', errorClass: 'needs_reconnect', needsReconnect: true });
    expect((reused as TikTokOAuthError).logId).toMatch(/^\d{14}/);

    const c3 = await consent();
    await expect(h.client.exchangeCode({ code: c3.code, redirectUri: 'https://elsewhere.example.com/cb/' })).rejects.toMatchObject({ code: 'invalid_request' });

    const wrongSecret = h.makeClient({ clientSecret: 'not-the-secret' });
    await expect(wrongSecret.exchangeCode({ code: (await consent()).code })).rejects.toMatchObject({ code: 'invalid_client', errorClass: 'permanent' });
  });

  it('throws on missing scopes when all are required', async () => {
    h = await startHarness(mode);
    const { open_id } = await h.emu.admin.createCreator({ username: 'cy' });
    const { code } = await h.emu.admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic'], redirect_uri: APP.redirect_uris[0]! });
    const err = await h.client.exchangeCode({ code, requestedScopes: ['user.info.basic', 'video.publish'], requireAllScopes: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokMissingScopesError);
    expect(err).toMatchObject({ missingScopes: ['video.publish'], errorClass: 'needs_reconnect' });
  });

  it('reports the denied consent and an unknown scope from the callback', async () => {
    h = await startHarness(mode);
    await h.emu.admin.createCreator({ username: 'di' });
    const state = h.client.createState();
    const denied = await consentInBrowser(h.client.authorizeUrl({ scopes: ['user.info.basic'], state }), { decision: 'deny' });
    expect(h.client.parseCallback(denied, { state })).toMatchObject({ ok: false, error: 'access_denied', state });
    const unknown = await h.fetch(h.client.authorizeUrl({ scopes: ['video.delete'], state }), { method: 'GET', redirect: 'manual' });
    expect(h.client.parseCallback(unknown.headers.get('location')!, { state })).toMatchObject({ ok: false, error: 'invalid_scope' });
  });

  it('refreshes with rotation: absolute expiry from expires_in, the old refresh token stops working', async () => {
    h = await startHarness(mode, { app: { access_token_ttl_s: 3_600, refresh_token_ttl_s: 86_400 * 30 } });
    const first = await h.connect();
    expect(first.expiresIn).toBe(3_600);
    h.clock.jump(3_600_000);
    // The access token is dead: TikTok says access_token_invalid, which needs a refresh/reconnect.
    await expect(h.client.queryCreatorInfo(first.accessToken)).rejects.toMatchObject({ code: 'access_token_invalid', httpStatus: 401 });
    const at = h.clock.now();
    const second = await h.client.refreshToken(first.refreshToken);
    expect(second.refreshTokenRotated).toBe(true);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessExpiresAt).toBe(at + 3_600_000);
    // The refresh window counts from the first issuance (30 days minus the hour that passed).
    expect(second.refreshExpiresIn).toBe(86_400 * 30 - 3_600);
    expect(second.refreshExpiresAt).toBe(at + (86_400 * 30 - 3_600) * 1000);
    await expect(h.client.queryCreatorInfo(second.accessToken)).resolves.toMatchObject({ nickname: 'Creator 1' });
    await expect(h.client.refreshToken(first.refreshToken)).rejects.toMatchObject({ code: 'invalid_grant', errorClass: 'needs_reconnect' });
    const third = await h.client.refreshToken(second.refreshToken);
    expect(third.refreshTokenRotated).toBe(true);
  });

  it('reports an unrotated refresh token as such', async () => {
    h = await startHarness(mode, { settings: { rotate_refresh_tokens: false } });
    const first = await h.connect();
    const second = await h.client.refreshToken(first.refreshToken);
    expect(second.refreshTokenRotated).toBe(false);
    expect(second.refreshToken).toBe(first.refreshToken);
  });

  it('revokes: afterwards the token is rejected and refresh fails with invalid_grant', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    await h.client.revokeToken(t.accessToken);
    const err = await h.client.getUserInfo(t.accessToken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokApiError);
    expect(err).toMatchObject({ code: 'access_token_invalid', errorClass: 'needs_reconnect' });
    await expect(h.client.refreshToken(t.refreshToken)).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('gets an app-level client token', async () => {
    h = await startHarness(mode);
    const t = await h.client.clientToken();
    expect(t.accessToken).toMatch(/^clt\./);
    expect(t.expiresAt).toBe(h.clock.now() + 7_200_000);
  });
});
