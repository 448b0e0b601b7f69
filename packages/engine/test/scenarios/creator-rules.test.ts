// creator_info gates every publish (docs/tiktok-api.md §5.1, §12): a post that no longer fits the
// creator stops before the init with a stored reason — never silently changed — and goes out once
// the user fixes it.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const HOUR = 3_600_000;

describe.each(DIALECTS)('creator rules (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  const inits = async () => (await w.emu.admin.requests()).filter((r) => r.endpoint.endsWith('_init')).length;

  it('holds a post whose privacy level the creator no longer offers (the account went private), then publishes it once the user picks an offered one', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: w.clock.now() + HOUR });
    await w.emu.admin.updateCreator(openId, { is_private: true });

    const held = await w.waitForPost(post.id, ['needs_action', 'published', 'failed'], 2 * HOUR);
    expect(held).toMatchObject({ state: 'needs_action', stateReason: 'privacy_not_offered', privacyLevel: 'PUBLIC_TO_EVERYONE' });
    expect(held.stateMessage).toContain('FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY');
    expect(await inits()).toBe(0);

    const { post: edited } = await w.engine.posts.edit(post.id, { privacyLevel: 'FOLLOWER_OF_CREATOR' });
    expect(edited).toMatchObject({ state: 'scheduled', version: 2 });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 2 * HOUR);
    expect(done.state).toBe('published');
    expect((await w.truth()).map((p) => p.privacy_level)).toEqual(['FOLLOWER_OF_CREATOR']);
  });

  it("holds a video longer than the creator's maximum without calling init", async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({ max_video_post_duration_sec: 1 });
    const video = await w.video({ seconds: 2 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const held = await w.waitForPost(post.id, ['needs_action', 'published', 'failed']);
    expect(held.stateReason).toBe('duration_over_creator_max');
    expect(held.stateMessage).toMatch(/lasts 2(\.\d)? s; this creator may post up to 1 s/);
    expect(await inits()).toBe(0);
  });

  it('holds a post that allows comments when the creator switched comments off', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({ comment_disabled: true });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], allowComment: true });
    const held = await w.waitForPost(post.id, ['needs_action', 'published', 'failed']);
    expect(held.stateReason).toBe('comments_disabled_by_creator');
    expect(await inits()).toBe(0);
  });

  it('pauses the creator when TikTok says it cannot post now (another tool used the day), keeping the raw code, and asks nothing more until the window frees', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({ daily_post_cap: 0 });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const refusedAt = w.clock.now();
    await w.runUntil(async () => (await w.engine.posts.get(post.id)).stateReason !== null, { what: 'the refusal' });
    const moved = await w.engine.posts.get(post.id);
    expect(moved).toMatchObject({ state: 'scheduled', stateReason: 'daily_cap_reached_elsewhere' });
    const [info] = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'creator_info');
    // TikTok answers this one with HTTP 200 and a non-ok code.
    expect(info).toMatchObject({ outcome: 'error', httpStatus: 200, errorCode: 'spam_risk_too_many_posts' });
    // tokpost sent nothing in the window, so it cannot know when the other tool's posts age out: a whole window.
    const policy = await w.store.accountPolicies.get(account.id);
    expect(policy.pausedUntil).toBe(refusedAt + 24 * HOUR);
    expect(policy.learnedPostCap).toBeNull();

    await w.clock.advance(23 * HOUR);
    await w.settle();
    const calls = (await w.emu.admin.requests()).filter((r) => r.endpoint === 'creator_info');
    expect(calls).toHaveLength(1);
    expect(await inits()).toBe(0);
  });
});
