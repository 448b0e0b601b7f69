// TikTok's posting caps known before TikTok says no (docs/architecture.md §2.5, docs/tiktok-api.md
// §10): the creator's daily direct posts, the same cap used up by another app, pending inbox drafts,
// and the app's active creators. Every assertion about TikTok is read from the emulator's request log
// and posts, never from tokpost's own bookkeeping.
import { afterEach, describe, expect, it } from 'vitest';
import { createTikTokClient } from '@tokpost/tiktok';
import type { Post } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, REDIRECT_URI, type World } from '../support/world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

describe.each(DIALECTS)('posting caps (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  const requests = async (endpoint: (e: string) => boolean, openId?: string) =>
    (await w.emu.admin.requests()).filter((r) => endpoint(r.endpoint) && (openId === undefined || r.open_id === openId));
  const isInit = (e: string) => e.endsWith('_init');
  const settled = (ids: string[]) => async () => (await Promise.all(ids.map((id) => w.engine.posts.get(id)))).every((p) => p.state !== 'publishing' && (p.state !== 'scheduled' || p.stateReason !== null));

  it('moves the 16th direct post of the day to the slot the first one frees, without asking TikTok, and publishes it there', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const start = w.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push((await w.schedule({ accountId: account.id, mediaIds: [video.id], title: `day ${i}`, scheduledAt: start + (i + 1) * 10 * MINUTE })).id);
    await w.runUntil(async () => (await w.truth()).length === 15, { what: '15 posts out', maxMs: 4 * HOUR });
    const inits = await requests(isInit, openId);
    expect(inits).toHaveLength(15);
    const firstInit = inits[0]!.time;

    // Scheduling the 16th within the same 24 h: a warning naming when the first post leaves the window.
    const at = w.clock.now() + HOUR;
    const { post: sixteenth, warnings } = await w.engine.posts.create({ accountId: account.id, mediaIds: [video.id], title: 'day 15', privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: at });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'daily_cap', nextFreeSlot: firstInit + DAY }));

    await w.runUntil(async () => (await w.engine.posts.get(sixteenth.id)).stateReason === 'daily_cap_reached', { what: 'the 16th moved' });
    const moved = await w.engine.posts.get(sixteenth.id);
    expect(moved.state).toBe('scheduled');
    expect(moved.stateMessage).toContain(`15 direct posts went out for this creator in the last 24 hours (cap 15)`);
    expect(moved.stateMessage).toContain(iso(firstInit + DAY));
    // Not one call to TikTok for it: no creator_info, no init.
    expect(await requests((e) => e === 'creator_info' || isInit(e), openId)).toHaveLength(15 + 15);

    const done = await w.waitForPost(sixteenth.id, ['published', 'failed', 'needs_action'], 2 * DAY);
    expect(done.state).toBe('published');
    const last = (await requests(isInit, openId)).at(-1)!;
    expect(last.time).toBeGreaterThanOrEqual(firstInit + DAY);
    expect((await w.truth()).filter((p) => p.title === 'day 15')).toHaveLength(1);
  });

  it("holds the post over the cap instead when the account's cap policy says so, and follows the account's own cap", async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const policy = await w.engine.accounts.setPolicy(account.id, { dailyPostCap: 2, capPolicy: 'hold' });
    expect(policy).toMatchObject({ dailyPostCap: 2, capPolicy: 'hold' });
    await expect(w.engine.accounts.setPolicy(account.id, { dailyPostCap: 0 })).rejects.toThrow(/dailyPostCap: must be a whole number from 1/);
    const video = await w.video();
    const posts: Post[] = [];
    for (let i = 0; i < 3; i++) posts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], title: `capped ${i}`, scheduledAt: w.clock.now() + (i + 1) * MINUTE }));
    await w.runUntil(settled(posts.map((p) => p.id)), { what: 'all three decided' });
    const states = await Promise.all(posts.map((p) => w.engine.posts.get(p.id)));
    expect(states.map((p) => p.state)).toEqual(['published', 'published', 'needs_action']);
    expect(states[2]).toMatchObject({ stateReason: 'daily_cap_reached' });
    expect(states[2]!.stateMessage).toMatch(/cap 2\).*The next free slot is .*retry the post then, or move it/);
    expect(states[2]!.diagnosis?.fix).toBeTruthy();
    expect(await requests(isInit, openId)).toHaveLength(2);
  });

  it('learns that another app posts for the creator from TikTok’s refusal, pauses the creator once and catches up when the window frees', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    // Another app, audited, posts 5 times for the same creator through TikTok's API.
    const other = { client_key: 'aw_other_tool', client_secret: 'other-tool-secret-91ab' };
    await w.emu.admin.createApp({ ...other, redirect_uris: [REDIRECT_URI], audited: true });
    const { code } = await w.emu.admin.consent({ client_key: other.client_key, open_id: openId, scopes: ['user.info.basic', 'video.publish'], redirect_uri: REDIRECT_URI });
    const otherClient = createTikTokClient({ clientKey: other.client_key, clientSecret: other.client_secret, redirectUri: REDIRECT_URI, baseUrls: w.emu.baseUrl, fetch: w.emu.fetch as never, clock: w.clock, rateLimiter: false });
    const { accessToken } = await otherClient.exchangeCode({ code });
    for (let i = 0; i < 5; i++) await otherClient.initDirectVideo(accessToken, { postInfo: { privacyLevel: 'SELF_ONLY', title: `other ${i}` }, source: { source: 'FILE_UPLOAD', videoSize: 1_000_000 } });
    const otherInits = (await requests(isInit, openId)).length;
    expect(otherInits).toBe(5);

    const video = await w.video();
    const posts: Post[] = [];
    for (let i = 0; i < 12; i++) posts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], title: `ours ${i}`, scheduledAt: w.clock.now() + (i + 1) * MINUTE }));
    await w.runUntil(settled(posts.map((p) => p.id)), { what: 'every post decided', maxMs: 2 * HOUR });

    const views = await Promise.all(posts.map((p) => w.engine.posts.get(p.id)));
    expect(views.filter((p) => p.state === 'published')).toHaveLength(10);
    const waiting = views.filter((p) => p.state !== 'published');
    expect(waiting.map((p) => [p.state, p.stateReason])).toEqual([
      ['scheduled', 'daily_cap_reached_elsewhere'],
      ['scheduled', 'daily_cap_reached_elsewhere'],
    ]);
    const ourInits = (await requests(isInit, openId)).slice(otherInits);
    const policy = await w.engine.accounts.policy(account.id);
    expect(policy).toMatchObject({ learnedPostCap: 10, pausedUntil: ourInits[0]!.time + DAY, pausedReason: 'daily_cap_reached_elsewhere' });
    expect(waiting[0]!.stateMessage).toContain('its cap is now 10');

    // One refusal, then silence: no creator_info and no init for this creator for the rest of the pause.
    const refusals = await requests((e) => e === 'creator_info', openId);
    expect(refusals.filter((r) => r.error_code === 'spam_risk_too_many_posts')).toHaveLength(1);
    await w.clock.advanceTo(policy.pausedUntil! - MINUTE);
    await w.settle();
    expect(await requests((e) => e === 'creator_info', openId)).toHaveLength(refusals.length);

    // The window frees (the other app's posts left it first): both go out, once each.
    for (const p of waiting) expect((await w.waitForPost(p.id, ['published', 'failed', 'needs_action'], DAY)).state).toBe('published');
    const titles = (await w.truth()).map((p) => p.title).filter((t) => t.startsWith('ours'));
    expect(titles.sort()).toEqual(posts.map((_, i) => `ours ${i}`).sort());
  });

  it('moves the 6th inbox draft of the day before calling TikTok; a draft the creator finishes is published', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const drafts: Post[] = [];
    for (let i = 0; i < 5; i++) drafts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], mode: 'inbox', privacyLevel: null, title: `draft ${i}` }));
    await w.runUntil(async () => (await Promise.all(drafts.map((d) => w.engine.posts.get(d.id)))).every((p) => p.state === 'inbox_pending'), { what: 'five drafts in the inbox' });

    const { post: sixth, warnings } = await w.engine.posts.create({ accountId: account.id, mediaIds: [video.id], mode: 'inbox', title: 'draft 5' });
    const pendingWarning = warnings.find((x) => x.code === 'pending_inbox_cap');
    expect(pendingWarning?.message).toContain('more than 5 unfinished drafts');
    await w.runUntil(async () => (await w.engine.posts.get(sixth.id)).stateReason === 'pending_inbox_cap_reached', { what: 'the 6th moved' });
    expect((await w.engine.posts.get(sixth.id)).state).toBe('scheduled');
    expect(await requests(isInit, openId)).toHaveLength(5);

    // The creator finishes one draft in the TikTok app: tokpost records it as published.
    const first = await w.engine.posts.get(drafts[0]!.id);
    await w.emu.admin.completeInbox(first.publishId!, { privacy_level: 'SELF_ONLY', title: 'finished in the app' });
    const finished = await w.waitForPost(first.id, ['published', 'failed'], DAY);
    expect(finished.state).toBe('published');
    expect((await w.truth()).map((p) => p.title)).toEqual(['finished in the app']);
  });

  it('refuses a 6th creator for an unaudited app before any TikTok call for it', async () => {
    w = await createWorld({ dialect, app: { audited: false } });
    const video = await w.video();
    const creators = [];
    for (let i = 0; i < 6; i++) creators.push(await w.connect({ is_private: true }));
    const posts: Post[] = [];
    for (const [i, c] of creators.slice(0, 5).entries()) posts.push(await w.schedule({ accountId: c.account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', title: `creator ${i}`, scheduledAt: w.clock.now() + (i + 1) * MINUTE }));
    await w.runUntil(async () => (await w.truth()).length === 5, { what: 'five creators posted' });

    const sixth = creators[5]!;
    const connecting = await requests(() => true, sixth.openId);
    const { post, warnings } = await w.engine.posts.create({ accountId: sixth.account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', title: 'creator 5' });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'active_creator_cap' }));
    await w.runUntil(async () => (await w.engine.posts.get(post.id)).stateReason === 'active_creator_cap_reached', { what: 'the 6th creator refused' });
    const view = await w.engine.posts.get(post.id);
    expect(view.stateMessage).toContain('5 creators have posted through this app in the last 24 hours (cap 5)');
    expect(await requests(() => true, sixth.openId)).toEqual(connecting);
  });
});
