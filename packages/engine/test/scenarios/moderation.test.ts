// After PUBLISH_COMPLETE: moderation can take hours and can take a post down. Status tracking keeps
// going (polling, no webhooks here) until TikTok's verdict, and says when an unaudited app made a
// post visible only to the creator.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const HOUR = 3_600_000;

describe.each(DIALECTS)('moderation (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('waits hours for moderation, then records the public post id; polling stays within the status limit', async () => {
    w = await createWorld({ dialect, emulatorSettings: { moderation_delay_ms: 5 * HOUR } });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const published = await w.waitForPost(post.id, ['published', 'failed']);
    expect(published.tiktokPostIds).toEqual([]);
    const at = w.clock.now();
    await w.runUntil(async () => (await w.engine.posts.get(post.id)).tiktokPostIds.length > 0, { maxMs: 8 * HOUR, what: 'the public id' });
    const done = await w.engine.posts.get(post.id);
    expect(done.state).toBe('published');
    expect(done.tiktokPostIds).toEqual([(await w.truth())[0]!.post_id]);
    expect(w.clock.now() - at).toBeGreaterThanOrEqual(5 * HOUR - 10_000);
    // Nothing TikTok answered was a 429: the shared limiter paced every poll.
    const requests = await w.emu.admin.requests();
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    expect(requests.filter((r) => r.endpoint === 'status_fetch').length).toBeLessThan(40);
    expect(await w.store.jobs.get(`status:${post.id}`)).toBeUndefined();
  });

  it('turns a published post failed when moderation takes it down hours later', async () => {
    w = await createWorld({ dialect, emulatorSettings: { moderation_delay_ms: 3 * HOUR } });
    const { account } = await w.connect({ moderation: 'spam_risk_text' });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'buy now' });
    await w.waitForPost(post.id, ['published']);
    const done = await w.waitForPost(post.id, ['failed'], 6 * HOUR);
    expect(done.stateReason).toBe('spam_risk_text');
    expect(done.stateMessage).toMatch(/^TikTok took the post down after publishing it/);
    const states = (await w.engine.posts.timeline(post.id)).map((e) => e.toState);
    expect(states.slice(-2)).toEqual(['published', 'failed']);
    expect((await w.truth())[0]!.removed).toBe(true);
  });

  it('says so when an unaudited app makes a post visible only to the creator', async () => {
    w = await createWorld({ dialect, app: { audited: false } });
    const { account } = await w.connect({ is_private: true });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY' });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done).toMatchObject({ state: 'published', stateReason: 'unaudited_self_only' });
    expect(done.stateMessage).toContain('visible only to the creator');
    expect((await w.truth())[0]!.privacy_level).toBe('SELF_ONLY');
  });
});
