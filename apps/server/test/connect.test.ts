// Connecting an account the way a person does, over real sockets: POST /api/accounts/connect, the
// browser opens the authorize URL on the (listening) emulator, submits its consent form, follows
// TikTok's redirect to our callback and reads the result page. Then the account is listed with its
// health. A partial grant, a cancelled consent, an expired and a reused state, a reconnect that
// keeps the account's posts; and none of the credentials involved ever reaches the log.
import { hashState } from '@tokpost/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { APP_KEY, APP_SECRET, startHarness, type Harness, type HarnessOptions } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (h) expect(h.emu.errors()).toEqual([]);
  await h?.close();
  h = undefined;
});

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

interface Visit {
  /** Where TikTok sent the browser back to. */
  callbackUrl: string;
  status: number;
  html: string;
}

async function api(harness: Harness, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${harness.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A browser on the consent page: pick the creator, untick what `grant` leaves out, press a button, follow the redirect. */
async function consent(authorizeUrl: string, choice: { openId: string; grant?: string[]; decision?: 'approve' | 'deny' }): Promise<Visit> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBeDefined();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(decode(m[1]!), decode(m[2]!));
  const offered = [...html.matchAll(/<input type="checkbox" name="grant" value="([^"]*)"/g)].map((m) => decode(m[1]!));
  for (const s of choice.grant ?? offered) form.append('grant', s);
  form.set('open_id', choice.openId);
  form.set('decision', choice.decision ?? 'approve');
  const submitted = await fetch(new URL(decode(action!), authorizeUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual' });
  expect(submitted.status).toBe(302);
  const callbackUrl = submitted.headers.get('location')!;
  return { callbackUrl, ...(await open(callbackUrl)) };
}

async function open(url: string): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  return { status: res.status, html: await res.text() };
}

const outcome = (html: string) => /data-outcome="([^"]+)"/.exec(html)?.[1];

async function setUp(settings?: HarnessOptions['settings']): Promise<{ harness: Harness; appId: string }> {
  const harness = await startHarness({ socket: true, settings });
  h = harness;
  const created = await api(harness, 'POST', '/api/apps', { clientKey: APP_KEY, clientSecret: APP_SECRET, audited: true });
  expect(created.status).toBe(201);
  return { harness, appId: (created.body as { app: { id: string } }).app.id };
}

/** Every credential of the flow: none may be in any log line. */
function expectNoSecretsLogged(harness: Harness, visits: Visit[], extra: string[] = []) {
  const log = harness.logLines.join('');
  const secrets = [APP_SECRET, harness.key, ...extra];
  for (const v of visits) {
    const q = new URL(v.callbackUrl).searchParams;
    for (const k of ['code', 'state']) if (q.get(k)) secrets.push(q.get(k)!);
  }
  for (const s of secrets) expect(log).not.toContain(s);
}

describe('connecting through the consent page over HTTP', () => {
  it('connects an account: the page names it, the account is listed with its health, the link works once', async () => {
    const { harness } = await setUp();
    const { open_id } = await harness.emu.admin.createCreator({ username: 'socket.creator', nickname: 'Socket <Creator>' });

    const begun = await api(harness, 'POST', '/api/accounts/connect', {});
    expect(begun.status).toBe(200);
    const { authorizeUrl, expiresAt } = begun.body as { authorizeUrl: string; expiresAt: number };
    expect(authorizeUrl.startsWith(`${harness.emu.baseUrl}/v2/auth/authorize/?`)).toBe(true);
    expect(new URL(authorizeUrl).searchParams.get('redirect_uri')).toBe(`${harness.baseUrl}/api/oauth/tiktok/callback`);
    expect(typeof expiresAt).toBe('number');

    const visit = await consent(authorizeUrl, { openId: open_id });
    expect(visit.callbackUrl.startsWith(`${harness.baseUrl}/api/oauth/tiktok/callback?`)).toBe(true);
    expect(visit.status).toBe(200);
    expect(outcome(visit.html)).toBe('connected');
    // The nickname is escaped, and the page leads back home.
    expect(visit.html).toContain('Socket &#60;Creator&#62; (@socket.creator) is connected.');
    expect(visit.html).not.toContain('<Creator>');
    expect(visit.html).toContain('<a href="/">Back to tokpost</a>');

    const listed = await api(harness, 'GET', '/api/accounts');
    const accounts = (listed.body as { accounts: Array<Record<string, unknown> & { id: string; health: Record<string, unknown> }> }).accounts;
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ openId: open_id, username: 'socket.creator', status: 'active', health: { status: 'ok', needsReconnect: false, tokenState: 'valid', missingScopes: [], postsLast24h: { direct: 0, cap: 15 }, problems: [] } });
    expect(accounts[0]).not.toHaveProperty('accessToken');
    const one = await api(harness, 'GET', `/api/accounts/${accounts[0]!.id}`);
    expect(one.body).toMatchObject({ account: { id: accounts[0]!.id, health: { status: 'ok' } } });

    // Reloading the page (or a copied link) finds the state used: nothing connects twice.
    const again = await open(visit.callbackUrl);
    expect(again.status).toBe(400);
    expect(outcome(again.html)).toBe('state_used');
    expect(again.html).toContain('This link was used already');
    expect(((await api(harness, 'GET', '/api/accounts')).body as { accounts: unknown[] }).accounts).toHaveLength(1);

    // The callback's query is logged with its values blanked.
    const incoming = harness.logLines.map((l) => JSON.parse(l) as { req?: { url?: string } }).filter((l) => l.req?.url?.startsWith('/api/oauth/tiktok/callback'));
    expect(incoming.length).toBeGreaterThanOrEqual(2);
    expect(incoming[0]!.req!.url).toBe('/api/oauth/tiktok/callback?code=[redacted]&scopes=[redacted]&state=[redacted]');
    const verifier = (await harness.engine.store.oauthStates.getByHash(hashState(new URL(visit.callbackUrl).searchParams.get('state')!)))!.codeVerifier;
    expectNoSecretsLogged(harness, [visit], [verifier]);
  });

  it('explains a partial grant on the page and in the account health', async () => {
    const { harness } = await setUp();
    const { open_id } = await harness.emu.admin.createCreator({ username: 'partial.creator' });
    const { authorizeUrl } = (await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string };
    const visit = await consent(authorizeUrl, { openId: open_id, grant: ['user.info.basic', 'user.info.profile', 'video.publish'] });
    expect(visit.status).toBe(200);
    expect(outcome(visit.html)).toBe('partial');
    expect(visit.html).toContain('<h1>Connected, with permissions missing</h1>');
    expect(visit.html).toContain('<li><code>video.upload</code>: without it, no drafts (mode &#34;inbox&#34;): videos sent to the creator’s TikTok inbox to finish in the app.</li>');
    expect(visit.html).toContain('Connect the account again and leave every requested permission ticked on TikTok’s consent page.');
    const { accounts } = (await api(harness, 'GET', '/api/accounts')).body as { accounts: Array<{ health: { status: string; missingScopes: Array<{ scope: string }> } }> };
    expect(accounts[0]!.health.status).toBe('attention');
    expect(accounts[0]!.health.missingScopes.map((m) => m.scope)).toEqual(['video.upload']);
    expectNoSecretsLogged(harness, [visit]);
  });

  it('says what to do when the creator cancels, and when the link has expired', async () => {
    const { harness } = await setUp({ oauthStateTtlMs: 1 });
    const { open_id } = await harness.emu.admin.createCreator({ username: 'hesitant.creator' });
    const { authorizeUrl } = (await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string };
    // One millisecond of validity: gone by the time the creator comes back.
    const late = await consent(authorizeUrl, { openId: open_id });
    expect(late.status).toBe(400);
    expect(outcome(late.html)).toBe('state_expired');
    expect(late.html).toContain('Start connecting again from tokpost');
    expect(((await api(harness, 'GET', '/api/accounts')).body as { accounts: unknown[] }).accounts).toEqual([]);
    expectNoSecretsLogged(harness, [late]);
  });

  it('shows a cancelled consent and TikTok’s own error, escaping what the URL carried', async () => {
    const { harness } = await setUp();
    const { open_id } = await harness.emu.admin.createCreator({ username: 'no.thanks' });
    const { authorizeUrl } = (await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string };
    const denied = await consent(authorizeUrl, { openId: open_id, decision: 'deny' });
    expect(new URL(denied.callbackUrl).searchParams.get('error')).toBe('access_denied');
    expect(denied.status).toBe(400);
    expect(outcome(denied.html)).toBe('denied');
    expect(denied.html).toContain('Start the connection again and have the creator accept, with every requested permission ticked.');

    const { authorizeUrl: second } = (await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string };
    const state = new URL(second).searchParams.get('state')!;
    const forged = new URL(`${harness.baseUrl}/api/oauth/tiktok/callback`);
    forged.search = new URLSearchParams({ error: 'invalid_scope', error_description: '<script>alert(1)</script>', state }).toString();
    const page = await open(forged.toString());
    expect(page.status).toBe(400);
    expect(outcome(page.html)).toBe('tiktok_error');
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');

    const { authorizeUrl: third } = (await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string };
    const bogus = await open(`${harness.baseUrl}/api/oauth/tiktok/callback?code=made-up-code-5150&state=${encodeURIComponent(new URL(third).searchParams.get('state')!)}`);
    expect([bogus.status, outcome(bogus.html)]).toEqual([502, 'exchange_failed']);
    expect(bogus.html).toContain('invalid_grant');
    expect(bogus.html).not.toContain('made-up-code-5150');
    expect(harness.logLines.join('')).not.toContain('made-up-code-5150');

    const unknown = await open(`${harness.baseUrl}/api/oauth/tiktok/callback?code=abc&state=never-issued`);
    expect([unknown.status, outcome(unknown.html)]).toEqual([400, 'state_unknown']);
    expect(((await api(harness, 'GET', '/api/accounts')).body as { accounts: unknown[] }).accounts).toEqual([]);
    expectNoSecretsLogged(harness, [denied]);
  });

  it('reconnects a disconnected account: same id, its post kept and released', async () => {
    const { harness } = await setUp();
    const { open_id } = await harness.emu.admin.createCreator({ username: 'returning.creator', nickname: 'Returning' });
    const first = await consent(((await api(harness, 'POST', '/api/accounts/connect', {})).body as { authorizeUrl: string }).authorizeUrl, { openId: open_id });
    expect(outcome(first.html)).toBe('connected');
    const [account] = ((await api(harness, 'GET', '/api/accounts')).body as { accounts: Array<{ id: string }> }).accounts;
    const media = await harness.engine.media.register({ path: await goodMp4() });
    const { post } = await harness.engine.posts.create({ accountId: account!.id, mediaIds: [media.id], title: 'kept', privacyLevel: 'SELF_ONLY', scheduledAt: harness.engine.clock.now() + 24 * 3_600_000 });

    expect((await api(harness, 'DELETE', `/api/accounts/${account!.id}`)).status).toBe(200);
    expect((await harness.engine.posts.get(post.id)).state).toBe('needs_action');
    const parked = (await api(harness, 'GET', `/api/accounts/${account!.id}`)).body as { account: { health: { needsReconnect: boolean; status: string } } };
    expect(parked.account.health).toMatchObject({ needsReconnect: true, status: 'needs_reconnect' });

    const begun = await api(harness, 'POST', '/api/accounts/connect', { accountId: account!.id });
    expect(begun.status).toBe(200);
    const back = await consent((begun.body as { authorizeUrl: string }).authorizeUrl, { openId: open_id });
    expect(back.status).toBe(200);
    expect(back.html).toContain('Returning (@returning.creator) is connected again; its posts and history are kept.');
    expect(back.html).toContain('1 held post will go out again.');
    const after = ((await api(harness, 'GET', '/api/accounts')).body as { accounts: Array<{ id: string; status: string; health: { status: string } }> }).accounts;
    expect(after.map((a) => [a.id, a.status, a.health.status])).toEqual([[account!.id, 'active', 'ok']]);
    const kept = await harness.engine.posts.get(post.id);
    expect([kept.state, kept.title]).toEqual(['scheduled', 'kept']);
    expectNoSecretsLogged(harness, [first, back]);
  });

  it('refuses a bad connect request with the field named', async () => {
    const harness = await startHarness({ socket: true });
    h = harness;
    const none = await api(harness, 'POST', '/api/accounts/connect', {});
    expect(none).toMatchObject({ status: 400, body: { error: { code: 'ERR_VALIDATION', issues: [{ field: 'appId' }] } } });
    await api(harness, 'POST', '/api/apps', { clientKey: APP_KEY, clientSecret: APP_SECRET });
    expect(await api(harness, 'POST', '/api/accounts/connect', { scopes: ['video.teleport'] })).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'scopes' }] } } });
    expect(await api(harness, 'POST', '/api/accounts/connect', { redirectUri: 'https://evil.example' })).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'redirectUri', message: 'is not a known field' }] } } });
    expect(await api(harness, 'POST', '/api/accounts/connect', { accountId: 'acct_missing' })).toMatchObject({ status: 404, body: { error: { code: 'ERR_NOT_FOUND' } } });
    const unauthenticated = await fetch(`${harness.baseUrl}/api/accounts/connect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauthenticated.status).toBe(401);
  });
});
