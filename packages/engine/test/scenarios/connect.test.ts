// Connecting through TikTok's consent page (docs/connect.md): beginConnect's authorize URL is
// opened the way a browser would (the emulator's HTML page, its form submitted with the creator's
// choices), and the redirect's query is handed to completeConnect. Full and partial grants, a
// cancelled consent, unknown, expired and reused states, and a reconnect that keeps the account's
// posts and history.
import { afterEach, describe, expect, it } from 'vitest';
import { hashState, type CompleteConnectInput } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { APP_KEY, createWorld, REDIRECT_URI, type World } from '../support/world.js';

const HOUR = 3_600_000;

interface Choice {
  openId: string;
  /** Scopes left ticked (default: all the page offers). */
  grant?: string[];
  decision?: 'approve' | 'deny';
}

/** Opens the authorize URL, submits the consent form, answers where TikTok redirects to. */
async function consent(w: World, authorizeUrl: string, choice: Choice): Promise<URL> {
  const page = await w.emu.fetch(authorizeUrl, { method: 'GET' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(decode(m[1]!), decode(m[2]!));
  const offered = [...html.matchAll(/<input type="checkbox" name="grant" value="([^"]*)"/g)].map((m) => decode(m[1]!));
  for (const s of choice.grant ?? offered) form.append('grant', s);
  form.set('open_id', choice.openId);
  form.set('decision', choice.decision ?? 'approve');
  const res = await w.emu.fetch(new URL('/v2/auth/authorize/', authorizeUrl).toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

function callbackInput(url: URL): CompleteConnectInput {
  const q = url.searchParams;
  const pick = (k: string) => q.get(k) ?? undefined;
  return { state: pick('state'), code: pick('code'), scopes: pick('scopes'), error: pick('error'), errorDescription: pick('error_description') };
}

describe.each(DIALECTS)('connecting through the consent page (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('connects with every scope: state and PKCE in the URL, the account healthy; the same state never works twice', async () => {
    w = await createWorld({ dialect });
    const { open_id } = await w.emu.admin.createCreator({ username: 'flow.creator', nickname: 'Flow Creator' });
    const begun = await w.engine.accounts.beginConnect();
    expect(begun.expiresAt).toBe(w.clock.now() + 10 * 60_000);
    const url = new URL(begun.authorizeUrl);
    expect(Object.fromEntries([...url.searchParams.keys()].map((k) => [k, k === 'state' || k === 'code_challenge' ? 'present' : url.searchParams.get(k)]))).toEqual({
      client_key: APP_KEY,
      response_type: 'code',
      scope: 'user.info.basic,user.info.profile,video.publish,video.upload',
      redirect_uri: REDIRECT_URI,
      state: 'present',
      code_challenge: 'present',
      code_challenge_method: 'S256',
    });
    // The state is stored as its SHA-256 only.
    const state = url.searchParams.get('state')!;
    expect(await w.store.oauthStates.getByHash(state)).toBeUndefined();
    const row = await w.store.oauthStates.getByHash(hashState(state));
    expect(row).toMatchObject({ appId: w.app.id, redirectUri: REDIRECT_URI, accountId: null, usedAt: null, scopes: ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'] });
    expect(JSON.stringify(row)).not.toContain(state);

    const back = await consent(w, begun.authorizeUrl, { openId: open_id });
    expect(back.origin + back.pathname).toBe(REDIRECT_URI);
    const done = await w.engine.accounts.completeConnect(callbackInput(back));
    expect(done).toMatchObject({ ok: true, reconnected: false, missingScopes: [], missing: [], fix: null, expectedAccount: null, account: { openId: open_id, username: 'flow.creator', nickname: 'Flow Creator', status: 'active' } });
    if (!done.ok) throw new Error('not connected');
    expect(done.account.scopes).toEqual(['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload']);
    const health = await w.engine.accounts.health(done.account.id);
    expect(health).toMatchObject({ status: 'ok', needsReconnect: false, tokenState: 'valid', missingScopes: [], postsLast24h: { direct: 0, cap: 15 }, problems: [] });

    // The browser's back button, or a copied link: the state was used.
    const replay = await w.engine.accounts.completeConnect(callbackInput(back));
    expect(replay).toMatchObject({ ok: false, reason: 'state_used', tiktokError: null });
    expect(await w.engine.accounts.list()).toHaveLength(1);

    expect(await w.engine.accounts.completeConnect({ state: 'not-a-state-we-issued', code: 'x' })).toMatchObject({ ok: false, reason: 'state_unknown' });
    expect(await w.engine.accounts.completeConnect({ code: 'x' })).toMatchObject({ ok: false, reason: 'state_missing' });
  });

  it('refuses a state after ten minutes, and one the creator cancelled, each saying what to do', async () => {
    w = await createWorld({ dialect });
    const { open_id } = await w.emu.admin.createCreator({ username: 'slow.creator' });
    const late = await w.engine.accounts.beginConnect({ appId: w.app.id });
    const back = await consent(w, late.authorizeUrl, { openId: open_id });
    await w.clock.advance(10 * 60_000);
    const expired = await w.engine.accounts.completeConnect(callbackInput(back));
    expect(expired).toMatchObject({ ok: false, reason: 'state_expired', message: 'This connection link expired: it is valid for 10 minutes.' });
    if (expired.ok) throw new Error('connected');
    expect(expired.fix).toContain('Start connecting again');

    const denied = await w.engine.accounts.beginConnect();
    const refusal = await consent(w, denied.authorizeUrl, { openId: open_id, decision: 'deny' });
    expect(refusal.searchParams.get('error')).toBe('access_denied');
    const answer = await w.engine.accounts.completeConnect(callbackInput(refusal));
    expect(answer).toMatchObject({ ok: false, reason: 'denied', tiktokError: 'access_denied' });
    if (answer.ok) throw new Error('connected');
    expect(answer.fix).toBe('Start the connection again and have the creator accept, with every requested permission ticked.');
    // Answered once: the state is spent even though nothing was connected.
    expect(await w.engine.accounts.completeConnect(callbackInput(refusal))).toMatchObject({ ok: false, reason: 'state_used' });
    expect(await w.engine.accounts.list()).toEqual([]);

    // A code TikTok never issued: the exchange fails with TikTok's code, and the state is spent.
    const forged = await w.engine.accounts.beginConnect();
    const state = new URL(forged.authorizeUrl).searchParams.get('state')!;
    const failed = await w.engine.accounts.completeConnect({ state, code: 'code-tiktok-never-issued' });
    expect(failed).toMatchObject({ ok: false, reason: 'exchange_failed', tiktokError: 'invalid_grant' });
    if (failed.ok) throw new Error('connected');
    expect(failed.message).not.toContain('code-tiktok-never-issued');
    expect(await w.engine.accounts.completeConnect({ state, code: 'code-tiktok-never-issued' })).toMatchObject({ ok: false, reason: 'state_used' });
  });

  it('explains a partial grant: which scopes are missing, what each disables, and how to fix it', async () => {
    w = await createWorld({ dialect });
    const { open_id } = await w.emu.admin.createCreator({ username: 'picky.creator' });
    const begun = await w.engine.accounts.beginConnect();
    const back = await consent(w, begun.authorizeUrl, { openId: open_id, grant: ['user.info.basic', 'video.publish'] });
    expect(back.searchParams.get('scopes')).toBe('user.info.basic,video.publish');
    const done = await w.engine.accounts.completeConnect(callbackInput(back));
    expect(done).toMatchObject({
      ok: true,
      missingScopes: ['user.info.profile', 'video.upload'],
      missing: [
        { scope: 'user.info.profile', disables: "the account's @username, so its profile link and the check that a published post is on that profile" },
        { scope: 'video.upload', disables: 'drafts (mode "inbox"): videos sent to the creator’s TikTok inbox to finish in the app' },
      ],
      fix: 'Connect the account again and leave every requested permission ticked on TikTok’s consent page.',
    });
    if (!done.ok) throw new Error('not connected');
    const health = await w.engine.accounts.health(done.account.id);
    expect(health.status).toBe('attention');
    expect(health.missingScopes.map((m) => m.scope)).toEqual(['user.info.profile', 'video.upload']);
    expect(health.problems.map((p) => p.code)).toEqual(['scope_missing', 'scope_missing']);
  });

  it('reconnects an account: same id, its published post and history kept, its held post released', async () => {
    w = await createWorld({ dialect });
    const { open_id } = await w.emu.admin.createCreator({ username: 'loyal.creator' });
    const first = await w.engine.accounts.completeConnect(callbackInput(await consent(w, (await w.engine.accounts.beginConnect()).authorizeUrl, { openId: open_id })));
    if (!first.ok) throw new Error('not connected');
    const accountId = first.account.id;
    const video = await w.video();
    const start = w.clock.now();
    const early = await w.schedule({ accountId, mediaIds: [video.id], scheduledAt: start + HOUR, title: 'early' });
    const late = await w.schedule({ accountId, mediaIds: [video.id], scheduledAt: start + 5 * HOUR, title: 'late' });
    await w.waitForPost(early.id, ['published'], 2 * HOUR);
    const historyBefore = await w.engine.posts.timeline(early.id);
    expect((await w.engine.accounts.health(accountId)).postsLast24h).toEqual({ direct: 1, cap: 15 });
    await w.engine.accounts.setPolicy(accountId, { dailyPostCap: 1 });
    expect((await w.engine.accounts.health(accountId)).problems).toEqual([
      { code: 'daily_cap_reached', message: '1 direct posts in the last 24 h reached the cap of 1.', fix: 'Further posts wait for the next free slot; nothing to do.' },
    ]);
    await w.engine.accounts.setPolicy(accountId, { dailyPostCap: null });

    await w.engine.accounts.disconnect(accountId);
    expect((await w.engine.accounts.health(accountId)).needsReconnect).toBe(true);
    await w.runUntil(async () => (await w.engine.posts.get(late.id)).state === 'needs_action', { what: 'the late post held', maxMs: HOUR });

    const again = await w.engine.accounts.beginConnect({ accountId });
    expect(new URL(again.authorizeUrl).searchParams.get('disable_auto_auth')).toBe('1');
    const done = await w.engine.accounts.completeConnect(callbackInput(await consent(w, again.authorizeUrl, { openId: open_id })));
    expect(done).toMatchObject({ ok: true, reconnected: true, account: { id: accountId, status: 'active' }, resumedPostIds: [late.id], expectedAccount: null });
    expect(await w.engine.accounts.list()).toHaveLength(1);
    expect((await w.engine.accounts.health(accountId)).status).toBe('ok');
    expect((await w.engine.posts.timeline(early.id)).slice(0, historyBefore.length)).toEqual(historyBefore);
    expect((await w.engine.posts.get(early.id)).state).toBe('published');
    await w.waitForPost(late.id, ['published'], 6 * HOUR);
    expect((await w.truth()).map((t) => t.title).sort()).toEqual(['early', 'late']);
  });

  it('reads the token state into the health summary without calling TikTok', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const stored = (await w.store.accounts.get(account.id))!;
    const now = w.clock.now();
    const requestsBefore = (await w.emu.admin.requests()).length;
    const withTokens = async (accessExpiresAt: number, refreshExpiresAt: number) => {
      await w.store.accounts.updateTokens(account.id, { accessToken: stored.accessToken, refreshToken: stored.refreshToken, scopes: stored.scopes, lastRefreshAt: now, accessExpiresAt, refreshExpiresAt }, now);
      return w.engine.accounts.health(account.id);
    };
    const DAY = 24 * HOUR;
    expect(await withTokens(now + HOUR, now + 5 * DAY)).toMatchObject({
      status: 'attention',
      tokenState: 'valid',
      refreshExpiresInMs: 5 * DAY,
      problems: [{ code: 'refresh_token_expiring', message: 'The refresh token expires within 7 days (5 days left); TikTok cannot renew it.' }],
    });
    expect(await withTokens(now - 1, now + 100 * DAY)).toMatchObject({ status: 'attention', tokenState: 'access_expired', needsReconnect: false, problems: [{ code: 'access_token_expired' }] });
    expect(await withTokens(now - 1, now)).toMatchObject({
      status: 'needs_reconnect',
      tokenState: 'refresh_expired',
      needsReconnect: true,
      problems: [{ code: 'refresh_token_expired', message: "The account's refresh token has expired; TikTok needs the creator to connect again." }],
    });
    expect(await withTokens(now + HOUR, now + 100 * DAY)).toMatchObject({ status: 'ok', problems: [] });
    expect((await w.emu.admin.requests()).length).toBe(requestsBefore);
    await expect(w.engine.accounts.health('acct_missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('needs appId when several apps exist, and checks scopes and the account to reconnect', async () => {
    w = await createWorld({ dialect });
    await w.engine.apps.create({ clientKey: 'aw_second_app', clientSecret: 'second-app-secret-1234' });
    await expect(w.engine.accounts.beginConnect()).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'appId' }] });
    await expect(w.engine.accounts.beginConnect({ appId: w.app.id, scopes: ['video.publish', 'video.teleport'] })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'scopes', message: expect.stringContaining('video.teleport') }] });
    await expect(w.engine.accounts.beginConnect({ appId: w.app.id, scopes: [] })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'scopes' }] });
    await expect(w.engine.accounts.beginConnect({ accountId: 'acct_missing' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(w.engine.accounts.beginConnect({ appId: 'app_missing' })).rejects.toMatchObject({ code: 'not_found' });
    const only = await w.engine.accounts.beginConnect({ appId: w.app.id, scopes: ['video.publish'] });
    expect(new URL(only.authorizeUrl).searchParams.get('scope')).toBe('video.publish');
  });
});
