// The token lifecycle: refreshing ahead of the expiry TikTok states (never a constant), storing the
// rotated refresh token, riding out transient failures without a reconnect, and holding — not
// failing — posts when the grant is gone, until a reconnect releases them in schedule order.
import { afterEach, describe, expect, it } from 'vitest';
import { refreshAccount } from '../../src/accounts/tokens.js';
import type { Account, Post } from '../../src/index.js';
import { createLease } from '../../src/jobs/lease.js';
import { DIALECTS } from '../support/databases.js';
import { APP_KEY, createWorld, REDIRECT_URI, type World } from '../support/world.js';

const HOUR = 3_600_000;

describe.each(DIALECTS)('tokens (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('keeps an account alive across days by refreshing before each expiry, storing every rotated refresh token', async () => {
    // Two-hour access tokens: the engine must follow expires_in, not the documented 24 h.
    w = await createWorld({ dialect, app: { access_token_ttl_s: 7_200 } });
    const { account } = await w.connect();
    const connectedAt = w.clock.now();
    const video = await w.video();
    const at = connectedAt + 3 * 24 * HOUR;
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: at });

    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 4 * 24 * HOUR);
    expect(done.state).toBe('published');
    const started = (await w.engine.posts.timeline(post.id)).find((e) => e.toState === 'publishing')!;
    expect(started.at).toBe(at);

    const refreshes = await w.store.attempts.list({ accountId: account.id, kind: 'token_refresh' });
    // 72 h of 2 h tokens refreshed 30–45 min early: one refresh every 75–90 min.
    expect(refreshes.length).toBeGreaterThanOrEqual(48);
    expect(refreshes.length).toBeLessThanOrEqual(58);
    expect(refreshes.every((r) => r.outcome === 'ok' && r.message === 'refresh token rotated')).toBe(true);
    // No call ever met an expired token.
    const all = await w.store.attempts.list({ accountId: account.id });
    expect(all.filter((a) => a.errorCode === 'access_token_invalid')).toEqual([]);

    const stored = (await w.store.accounts.get(account.id))!;
    expect(stored.status).toBe('active');
    expect(stored.lastRefreshAt).toBe(refreshes.at(-1)!.startedAt);
    expect(stored.accessExpiresAt).toBe(refreshes.at(-1)!.startedAt + 7_200_000);
    // The stored refresh token is the latest one TikTok issued: it still refreshes.
    const client = w.engine.deps.clients.forApp((await w.store.apps.get(w.app.id))!);
    await expect(client.refreshToken(stored.refreshToken)).resolves.toMatchObject({ refreshTokenRotated: true });
  });

  it('retries a refresh that fails transiently, keeping the account active, then publishes', async () => {
    w = await createWorld({ dialect, app: { access_token_ttl_s: 3_600 } });
    const { account } = await w.connect();
    const video = await w.video();
    await w.emu.admin.addFault({ endpoint: 'oauth_token', kind: 'error', status: 503, count: 2 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: w.clock.now() + 2 * HOUR });
    const statuses: string[] = [];
    w.engine.events.on('account', (e) => statuses.push(e.status));

    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 4 * HOUR);
    expect(done.state).toBe('published');
    const refreshes = await w.store.attempts.list({ accountId: account.id, kind: 'token_refresh' });
    expect(refreshes.slice(0, 3).map((r) => [r.outcome, r.httpStatus, r.errorCode])).toEqual([
      ['error', 503, 'server_error'],
      ['error', 503, 'server_error'],
      ['ok', 200, null],
    ]);
    expect(statuses).toEqual([]);
    expect((await w.store.accounts.get(account.id))!.status).toBe('active');
  });

  it.each([
    { via: 'the authorization.removed webhook', webhooks: true },
    { via: 'the rejected token at publish time', webhooks: false },
  ])('holds the posts of a revoked account (learnt from $via) and resumes them in schedule order on reconnect', async ({ webhooks }) => {
    w = await createWorld({ dialect, webhooks });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const start = w.clock.now();
    const posts: Post[] = [];
    for (const h of [1, 2, 3]) posts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: start + h * HOUR, title: `post ${h}` }));

    await w.clock.advance(HOUR / 2);
    await w.emu.admin.revoke(openId, { client_key: APP_KEY, reason: 1 });
    await w.runUntil(async () => (await w.engine.accounts.get(account.id)).status === 'needs_reconnect', { what: 'the account being parked', maxMs: 2 * HOUR });
    await w.runUntil(async () => (await w.engine.posts.list({ accountId: account.id })).every((p) => p.state === 'needs_action'), { what: 'every post held', maxMs: 4 * HOUR });
    const held = await w.engine.posts.list({ accountId: account.id });
    expect(held.map((p) => [p.title, p.state, p.stateReason])).toEqual([
      ['post 1', 'needs_action', 'account_needs_reconnect'],
      ['post 2', 'needs_action', 'account_needs_reconnect'],
      ['post 3', 'needs_action', 'account_needs_reconnect'],
    ]);
    const parked = await w.engine.accounts.get(account.id);
    expect(parked.statusReason).toBe(webhooks ? 'authorization_removed' : 'refresh_token_rejected');
    expect(await w.truth()).toEqual([]);

    // Five hours later the creator connects again: same open_id, same account, same posts.
    await w.clock.advance(5 * HOUR);
    const { code } = await w.emu.admin.consent({ client_key: APP_KEY, open_id: openId, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: REDIRECT_URI });
    const order: string[] = [];
    w.engine.events.on('post', (e) => {
      if (e.to === 'publishing') order.push(posts.find((p) => p.id === e.postId)!.title);
    });
    const again = await w.engine.accounts.connectWithCode({ appId: w.app.id, code });
    expect(again).toMatchObject({ reconnected: true, account: { id: account.id, status: 'active' } });
    expect(again.resumedPostIds.sort()).toEqual(posts.map((p) => p.id).sort());

    await w.runUntil(async () => (await w.engine.posts.list({ accountId: account.id })).every((p) => p.state === 'published'), { what: 'every post published', maxMs: 2 * HOUR });
    // Released in schedule order, each published once.
    expect(order).toEqual(['post 1', 'post 2', 'post 3']);
    expect((await w.truth()).map((t) => t.title).sort()).toEqual(['post 1', 'post 2', 'post 3']);
  });
  it('ignores an authorization.removed webhook that arrives after the creator reconnected (it is about the old grant)', async () => {
    // The first delivery fails and TikTok retries it a minute later: by then the creator has
    // connected again, with a new grant.
    w = await createWorld({ dialect, webhooks: true, emulatorSettings: { webhook_retry_base_ms: 60_000 } });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: w.clock.now() + HOUR, title: 'after the reconnect' });
    const removed = async () => (await w.emu.admin.webhooks()).filter((d) => d['event'] === 'authorization.removed');
    await w.emu.admin.addFault({ endpoint: 'webhook', kind: 'error', count: 1 });
    await w.emu.admin.revoke(openId, { client_key: APP_KEY, reason: 1 });
    await w.settle();
    expect((await removed()).map((d) => d['delivered'])).toEqual([false]);

    await w.clock.advance(10_000);
    const { code } = await w.emu.admin.consent({ client_key: APP_KEY, open_id: openId, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: REDIRECT_URI });
    await w.engine.accounts.connectWithCode({ appId: w.app.id, code });
    await w.runUntil(async () => (await removed())[0]!['delivered'] === true, { what: 'the late authorization.removed delivery', maxMs: 5 * 60_000 });
    await w.settle();
    expect((await w.engine.accounts.get(account.id)).status).toBe('active');
    expect((await w.waitForPost(post.id, ['published', 'needs_action', 'failed'], 2 * HOUR)).state).toBe('published');
    expect((await w.truth()).map((t) => t.title)).toEqual(['after the reconnect']);
  });

  describe('a refresh TikTok refuses because it was sent with an old grant', () => {
    // The refresh read the account, then the creator revoked and reconnected while its call was out:
    // TikTok refuses the refresh token the reconnect replaced. The refresh runs for real, under the
    // refresh job's lease, with the account as it read it before the reconnect.
    const refreshWith = async (stale: Account) => {
      // The account's refresh job, leased as a worker would: claimed as of a later moment, so it
      // is not due for the world's worker in the meantime.
      const [job] = await w.store.jobs.claim({ now: w.clock.now() + 30 * 24 * HOUR, owner: 'test-worker', limit: 1, leaseMs: 60_000, kinds: ['refresh'] });
      expect(job?.key).toBe(`refresh:${stale.id}`);
      const lease = createLease({ store: w.store, clock: w.clock, leaseMs: 60_000 }, job!, new AbortController().signal);
      const app = (await w.store.apps.get(w.app.id))!;
      const r = await refreshAccount(w.engine.deps, { lease, actor: 'test-worker', attempt: 0, fromRefreshJob: true }, stale, app);
      if (!(r.ok === false && r.parked)) await lease.release();
      return r;
    };

    it('leaves an account the creator has reconnected meanwhile active, with its new grant, and its posts go out', async () => {
      w = await createWorld({ dialect });
      const { account, openId } = await w.connect();
      const video = await w.video();
      const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: w.clock.now() + HOUR, title: 'after the race' });
      const stale = (await w.store.accounts.get(account.id))!;
      await w.emu.admin.revoke(openId, { client_key: APP_KEY, reason: 1 });
      const { code } = await w.emu.admin.consent({ client_key: APP_KEY, open_id: openId, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: REDIRECT_URI });
      await w.engine.accounts.connectWithCode({ appId: w.app.id, code });
      const reconnected = (await w.store.accounts.get(account.id))!;
      expect(reconnected.refreshToken).not.toBe(stale.refreshToken);

      const r = await refreshWith(stale);
      expect(r.ok).toBe(true);
      expect(r.ok && r.account.refreshToken).toBe(reconnected.refreshToken);
      // TikTok did refuse the old grant: the attempt says so.
      const refreshes = await w.store.attempts.list({ accountId: account.id, kind: 'token_refresh' });
      expect(refreshes.map((a) => [a.outcome, a.errorCode])).toEqual([['error', 'invalid_grant']]);
      const now = (await w.engine.accounts.get(account.id))!;
      expect([now.status, now.statusReason ?? null]).toEqual(['active', null]);
      expect((await w.waitForPost(post.id, ['published', 'needs_action', 'failed'], 2 * HOUR)).state).toBe('published');
      expect((await w.truth()).map((t) => t.title)).toEqual(['after the race']);
    });

    it('parks the account when no reconnect replaced the refused grant', async () => {
      w = await createWorld({ dialect });
      const { account, openId } = await w.connect();
      const stale = (await w.store.accounts.get(account.id))!;
      await w.emu.admin.revoke(openId, { client_key: APP_KEY, reason: 1 });
      const r = await refreshWith(stale);
      expect(r).toMatchObject({ ok: false, parked: true, reason: 'refresh_token_rejected' });
      expect((await w.engine.accounts.get(account.id))!.status).toBe('needs_reconnect');
    });
  });
});
