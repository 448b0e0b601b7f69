// The doctor (docs/architecture.md §2.8): the maintenance checklist for a healthy, a revoked, an
// unaudited and a capped account, the refresh token's expiry warnings, and the test post followed to
// TikTok's Display API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DoctorReport } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { ALL_SCOPES, APP_KEY, createWorld, type World } from '../support/world.js';

const DAY = 24 * 3_600_000;
const WITH_LIST = [...ALL_SCOPES, 'video.list'];

const statuses = (r: DoctorReport) => Object.fromEntries(r.items.map((i) => [i.id, i.status]));
const item = (r: DoctorReport, id: string) => r.items.find((i) => i.id === id)!;

describe.each(DIALECTS)('doctor (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('passes every item of a healthy account, asking TikTok for user info and creator_info', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({ username: 'healthy' }, WITH_LIST);
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    await w.waitForPost(post.id, ['published']);
    const before = (await w.emu.admin.requests()).length;

    const r = await w.engine.doctor(account.id);
    expect(statuses(r)).toEqual({
      connection: 'ok',
      refresh_token: 'ok',
      scopes: 'ok',
      account_listed: 'ok',
      can_post: 'ok',
      daily_cap: 'ok',
      audit: 'ok',
      pending_drafts: 'ok',
      last_post: 'ok',
    });
    expect(r).toMatchObject({ accountId: account.id, checkedAt: w.clock.now(), status: 'ok' });
    expect(r.testPost).toBeUndefined();
    expect(item(r, 'daily_cap').data).toMatchObject({ used: 1, cap: 15 });
    expect(item(r, 'last_post').data).toMatchObject({ postId: post.id });
    expect(item(r, 'can_post').detail).toContain('@healthy');
    expect((await w.emu.admin.requests()).slice(before).map((q) => [q.endpoint, q.status])).toEqual([
      ['user_info', 200],
      ['creator_info', 200],
    ]);
    const kinds = (await w.store.attempts.list({ accountId: account.id })).filter((a) => a.startedAt === r.checkedAt && (a.kind === 'user_info' || a.kind === 'creator_info'));
    expect(kinds.map((a) => `${a.kind} ${a.outcome}`).sort()).toEqual(['creator_info ok', 'user_info ok']);
  });

  it('fails a revoked account with the reconnect fix, never showing its tokens, and sends no test post', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect({}, WITH_LIST);
    await w.emu.admin.revoke(openId, { client_key: APP_KEY });

    const r = await w.engine.doctor(account.id, { testPost: true });
    expect(r.status).toBe('failing');
    expect(item(r, 'connection')).toMatchObject({ status: 'failing', data: { tiktokCode: 'access_token_invalid' } });
    expect(item(r, 'connection').fix).toContain('Connect the account again');
    expect(item(r, 'account_listed')).toMatchObject({ status: 'failing', data: { tiktokCode: 'access_token_invalid' } });
    expect(item(r, 'account_listed').fix).toContain('Connect the account again');
    expect(item(r, 'can_post').status).toBe('failing');
    expect(r.testPost).toMatchObject({ status: 'failing', postId: null });
    const stored = (await w.store.accounts.get(account.id))!;
    const text = JSON.stringify(r);
    expect(text).not.toContain(stored.accessToken);
    expect(text).not.toContain(stored.refreshToken);
    expect(await w.truth()).toEqual([]);
    expect(await w.store.posts.list({ accountId: account.id })).toEqual([]);
  });

  it('warns that an unaudited app posts privately, and fails when the account is public', async () => {
    w = await createWorld({ dialect, app: { audited: false } });
    const priv = await w.connect({ is_private: true }, WITH_LIST);
    const pub = await w.connect({ is_private: false }, WITH_LIST);

    const a = item(await w.engine.doctor(priv.account.id), 'audit');
    expect(a).toMatchObject({ status: 'warning', data: { audited: false, publicAccount: false } });
    expect(a.detail).toContain('SELF_ONLY');
    const b = item(await w.engine.doctor(pub.account.id), 'audit');
    expect(b).toMatchObject({ status: 'failing', data: { audited: false, publicAccount: true } });
    expect(b.fix).toContain('private');
  });

  it('fails the cap item of an account at its daily cap, with the time the next slot frees', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({}, WITH_LIST);
    await w.store.accountPolicies.update(account.id, { dailyPostCap: 2 }, w.clock.now());
    const video = await w.video();
    const first = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'one' });
    await w.waitForPost(first.id, ['published']);
    const ok = item(await w.engine.doctor(account.id), 'daily_cap');
    expect(ok).toMatchObject({ status: 'ok', data: { used: 1, cap: 2 } });

    const second = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'two' });
    await w.waitForPost(second.id, ['published']);
    const firstInit = (await w.store.attempts.latestInit(first.id))!.startedAt;
    const capped = item(await w.engine.doctor(account.id), 'daily_cap');
    expect(capped).toMatchObject({ status: 'failing', data: { used: 2, cap: 2, nextFreeAt: firstInit + DAY } });
  });

  it('warns about a draft waiting in the creator’s inbox, and the last post item names the latest published post', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({}, WITH_LIST);
    const video = await w.video();
    const published = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'out' });
    await w.waitForPost(published.id, ['published']);
    const draft = await w.schedule({ accountId: account.id, mediaIds: [video.id], mode: 'inbox', privacyLevel: null, title: '' });
    await w.waitForPost(draft.id, ['inbox_pending']);

    const r = await w.engine.doctor(account.id);
    expect(item(r, 'pending_drafts')).toMatchObject({ status: 'warning', data: { waiting: 1, pendingLast24h: 1, cap: 5, postIds: [draft.id] } });
    expect(item(r, 'last_post')).toMatchObject({ status: 'ok', data: { postId: published.id, failedSince: [] } });
    expect(r.status).toBe('warning');
  });

  it('warns 30, 7 and 1 days before the refresh token expires, and fails once it has', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({}, WITH_LIST);
    const stored = (await w.store.accounts.get(account.id))!;
    const verdicts: Array<[string, unknown]> = [];
    for (const left of [31 * DAY, 30 * DAY, 8 * DAY, 7 * DAY, 2 * DAY, DAY - 1, -1]) {
      const t = w.clock.now();
      await w.store.accounts.updateTokens(account.id, { ...stored, refreshExpiresAt: t + left, lastRefreshAt: t }, t);
      const i = item(await w.engine.doctor(account.id), 'refresh_token');
      verdicts.push([i.status, i.data?.['warnBeforeMs']]);
    }
    expect(verdicts).toEqual([
      ['ok', null],
      ['warning', 30 * DAY],
      ['warning', 30 * DAY],
      ['warning', 7 * DAY],
      ['warning', 7 * DAY],
      ['warning', DAY],
      ['failing', null],
    ]);
  });

  it.each([
    { lists: 'all', status: 'ok', confirmed: true },
    { lists: 'public', status: 'warning', confirmed: false },
  ] as const)('publishes a SELF_ONLY test post and follows it to the Display API when it lists $lists videos (confirmed: $confirmed)', async ({ lists, status, confirmed }) => {
    w = await createWorld({ dialect, emulatorSettings: { display_api_lists: lists } });
    const { account } = await w.connect({ username: 'tester' }, WITH_LIST);
    let report: DoctorReport | undefined;
    const running = w.engine.doctor(account.id, { testPost: true }).then((r) => (report = r));
    // ffmpeg makes the clip in real time; the world's clock moves once the post exists.
    await vi.waitFor(async () => expect(await w.store.posts.list({ accountId: account.id })).toHaveLength(1), { timeout: 20_000, interval: 50 });
    await w.runUntil(() => report !== undefined, { what: 'the doctor' });
    await running;

    const t = report!.testPost!;
    const [truth] = await w.truth();
    const post = (await w.store.posts.get(t.postId!))!;
    expect(truth).toMatchObject({ privacy_level: 'SELF_ONLY', publish_id: post.publishId });
    expect(truth!.title).toMatch(/^tokpost doctor test /);
    expect(t).toMatchObject({ status, state: 'published', publishId: post.publishId, confirmed, timedOut: false });
    const display = (await w.emu.admin.requests()).filter((q) => q.endpoint === 'video_list' || q.endpoint === 'video_query').map((q) => q.endpoint);
    if (confirmed) {
      expect(t.shareUrl).toBe(`https://www.tiktok.com/@tester/video/${truth!.post_id}?utm_campaign=tt4d_open_api&utm_source=aw_scenario_key`);
      expect(post.tiktokVideoId).toBe(truth!.post_id);
      expect(display.sort()).toEqual(['video_list', 'video_query']);
    } else {
      expect(t.shareUrl).toBeNull();
      expect(t.detail).toContain('not confirmed');
      // Looked for on the profile (the world may already have run the job's next look), never queried.
      expect(display.length).toBeGreaterThan(0);
      expect(new Set(display)).toEqual(new Set(['video_list']));
    }
  });
});
