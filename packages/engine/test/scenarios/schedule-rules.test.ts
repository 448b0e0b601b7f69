// Rules checked when a post is scheduled and again when it is due (docs/architecture.md §2.5): an
// unaudited app posts only SELF_ONLY to private accounts; downtime catch-up within the grace window
// and `missed` past it; identical media on several accounts; fields an inbox draft drops.
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(DIALECTS)('scheduling rules (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  const requests = async (openId: string) => (await w.emu.admin.requests()).filter((r) => r.open_id === openId);
  const inits = async (openId: string) => (await requests(openId)).filter((r) => r.endpoint.endsWith('_init'));

  it('refuses a public post for an unaudited app at scheduling, explaining the audit rule', async () => {
    w = await createWorld({ dialect, app: { audited: false } });
    const { account, openId } = await w.connect({ is_private: true });
    const video = await w.video();
    const before = await requests(openId);
    const refusal = w.engine.posts.create({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'public' });
    await expect(refusal).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(refusal).rejects.toThrow(/privacyLevel: .*not audited/i);
    expect(await w.engine.posts.list()).toEqual([]);

    const { post, warnings } = await w.engine.posts.create({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', title: 'only me' });
    expect(warnings.find((x) => x.code === 'unaudited_app')?.message).toMatch(/not audited.*visible only to the creator.*private accounts/);
    expect(await requests(openId)).toEqual(before);
    expect((await w.waitForPost(post.id, ['published', 'failed', 'needs_action'])).state).toBe('published');
  });

  it('holds a due post before any TikTok call when the app turned out unaudited, and a post for a public account after creator_info says so', async () => {
    w = await createWorld({ dialect, app: { audited: false } });
    await w.engine.apps.update(w.app.id, { audited: true });
    const { account, openId } = await w.connect({ is_private: false });
    const video = await w.video();
    const publicPost = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + HOUR });
    const onlyMe = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', scheduledAt: w.clock.now() + 2 * HOUR });
    // The operator learns the app is not audited yet and says so.
    await w.engine.apps.update(w.app.id, { audited: false });
    const connected = await requests(openId);

    const held = await w.waitForPost(publicPost.id, ['needs_action', 'published', 'failed'], 2 * HOUR);
    expect(held).toMatchObject({ state: 'needs_action', stateReason: 'unaudited_requires_self_only' });
    expect(held.diagnosis?.summary).toMatch(/audit/i);
    expect(await requests(openId)).toEqual(connected);

    // SELF_ONLY passes the first check; creator_info shows the account is public: held, never sent.
    const second = await w.waitForPost(onlyMe.id, ['needs_action', 'published', 'failed'], 3 * HOUR);
    expect(second).toMatchObject({ state: 'needs_action', stateReason: 'unaudited_requires_private_account' });
    expect(second.stateMessage).toMatch(/private/);
    expect((await requests(openId)).slice(connected.length).map((r) => r.endpoint)).toEqual(['creator_info']);
  });

  it('after 30 minutes down, sends the missed posts at once in schedule order', async () => {
    // The titles of the publish requests, in the order they left for TikTok.
    const sentTitles: string[] = [];
    w = await createWorld({
      dialect,
      beforeTikTok: (url, init) => {
        if (url.includes('/post/publish/') && url.endsWith('/init/')) sentTitles.push((JSON.parse(String(init.body)) as { post_info: { title: string } }).post_info.title);
      },
    });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const start = w.clock.now();
    const due: Record<string, number> = { third: 15, first: 5, second: 10 };
    const posts: Post[] = [];
    for (const [title, minutes] of Object.entries(due)) posts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], title, scheduledAt: start + minutes * MINUTE }));
    await w.downtime(30 * MINUTE);
    for (const p of posts) expect((await w.waitForPost(p.id, ['published', 'failed', 'needs_action', 'missed'])).state).toBe('published');
    expect((await inits(openId)).every((r) => r.time >= start + 30 * MINUTE)).toBe(true);
    expect(sentTitles).toEqual(['first', 'second', 'third']);
  });

  it('after 3 hours down, marks the posts missed and explains, except the one that may publish late', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const start = w.clock.now();
    const missed = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'on time or never', scheduledAt: start + 10 * MINUTE });
    const late = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'late is fine', scheduledAt: start + 20 * MINUTE, publishIfLate: true });
    await w.downtime(3 * HOUR);

    const m = await w.waitForPost(missed.id, ['missed', 'published', 'failed', 'needs_action']);
    expect(m).toMatchObject({ state: 'missed', stateReason: 'missed_schedule' });
    expect(m.diagnosis?.fix).toBeTruthy();
    expect((await w.waitForPost(late.id, ['published', 'failed', 'needs_action', 'missed'])).state).toBe('published');
    expect((await w.truth()).map((p) => p.title)).toEqual(['late is fine']);
    expect(await inits(openId)).toHaveLength(1);
  });

  it('warns when the same media is scheduled to several accounts within a day, and names the fields an inbox draft drops', async () => {
    w = await createWorld({ dialect });
    const a = await w.connect();
    const b = await w.connect();
    const video = await w.video();
    const first = await w.engine.posts.create({ accountId: a.account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + HOUR });
    expect(first.warnings.map((x) => x.code)).not.toContain('identical_media');
    const again = await w.engine.posts.create({ accountId: a.account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + 2 * HOUR });
    expect(again.warnings.map((x) => x.code)).not.toContain('identical_media');
    const other = await w.engine.posts.create({ accountId: b.account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + 3 * HOUR });
    expect(other.warnings.find((x) => x.code === 'identical_media')?.message).toMatch(/same media .* 1 other account/);
    const nextWeek = await w.engine.posts.create({ accountId: b.account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + 7 * 24 * HOUR });
    expect(nextWeek.warnings.map((x) => x.code)).not.toContain('identical_media');

    const draft = await w.engine.posts.create({ accountId: b.account.id, mediaIds: [video.id], mode: 'inbox', privacyLevel: 'PUBLIC_TO_EVERYONE', allowComment: true, title: 'draft', scheduledAt: w.clock.now() + 8 * 24 * HOUR });
    const dropped = draft.warnings.find((x) => x.code === 'inbox_drops_settings');
    expect(dropped?.message).toMatch(/privacy/i);
    expect(dropped?.message).toMatch(/comment/i);
  });
});
