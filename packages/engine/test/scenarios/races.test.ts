// Edits, cancels and TikTok's two channels racing the publish (docs/architecture.md §2.3): a
// cancelled post is never published, an edited one never goes out in its old form, an edit after
// the init is refused with the reason, and a webhook and a poll reporting the same thing change the
// post once.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, type Gate, type Post } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';
import { latch } from '../support/latch.js';

describe.each(DIALECTS)('races (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('a cancel that lands after the claim but before the init wins: nothing reaches TikTok', async () => {
    const l = latch();
    const gate: Gate = async () => {
      await l.wait();
      return { action: 'proceed' };
    };
    w = await createWorld({ dialect, gate });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    await l.arrived;
    expect((await w.engine.posts.get(post.id)).state).toBe('publishing');
    const cancelled = await w.engine.posts.cancel(post.id);
    expect(cancelled.state).toBe('cancelled');
    l.open();
    await w.settle();
    await w.clock.advance(3_600_000);
    await w.settle();
    expect((await w.engine.posts.get(post.id)).state).toBe('cancelled');
    expect((await w.emu.admin.requests()).filter((r) => r.endpoint === 'video_init')).toEqual([]);
    expect(await w.truth()).toEqual([]);
    expect(await w.store.jobs.count()).toBe(1); // only the account's refresh job is left
  });

  it('an edit that lands before the init wins: TikTok gets the new version only', async () => {
    const l = latch();
    const gate: Gate = async () => {
      await l.wait();
      return { action: 'proceed' };
    };
    w = await createWorld({ dialect, gate });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'old title' });
    await l.arrived;
    const { post: edited } = await w.engine.posts.edit(post.id, { title: 'new title' });
    expect(edited).toMatchObject({ state: 'scheduled', version: 2 });
    l.open();
    // The next run passes the (now open) gate with the new version.
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done).toMatchObject({ state: 'published', title: 'new title' });
    expect((await w.truth()).map((p) => p.title)).toEqual(['new title']);
    expect((await w.emu.admin.requests()).filter((r) => r.endpoint === 'video_init')).toHaveLength(1);
  });

  it('an edit or a cancel after the init is sent is refused with the reason, and the post goes out as sent', async () => {
    const l = latch();
    w = await createWorld({
      dialect,
      beforeTikTok: async (url) => {
        if (url.includes('/v2/post/publish/video/init/')) await l.wait();
      },
    });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'as sent' });
    await l.arrived;
    const edit = w.engine.posts.edit(post.id, { title: 'too late' });
    await expect(edit).rejects.toBeInstanceOf(EngineError);
    await expect(edit).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining('TikTok already received this post') });
    await expect(w.engine.posts.cancel(post.id)).rejects.toMatchObject({ code: 'locked' });
    l.open();
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done).toMatchObject({ state: 'published', title: 'as sent', version: 1 });
    expect((await w.truth()).map((p) => p.title)).toEqual(['as sent']);
  });

  it('cancels racing claims at random never publish a cancelled post', async () => {
    w = await createWorld({ dialect });
    const video = await w.video();
    const posts: Post[] = [];
    for (let i = 0; i < 12; i++) {
      const { account } = await w.connect();
      posts.push(await w.schedule({ accountId: account.id, mediaIds: [video.id], title: `race ${i}` }));
    }
    // Cancel each one after a different number of event-loop turns while the worker claims them.
    const outcomes = await Promise.all(
      posts.map(async (p, i) => {
        for (let t = 0; t < i * 3; t++) await new Promise((r) => setImmediate(r));
        try {
          await w.engine.posts.cancel(p.id);
          return 'cancelled';
        } catch (e) {
          if (e instanceof EngineError && e.code === 'locked') return 'refused';
          throw e;
        }
      }),
    );
    await w.runUntil(async () => (await w.engine.posts.list()).every((p) => ['cancelled', 'published', 'failed'].includes(p.state)), { what: 'every post settled' });
    const truth = new Set((await w.truth()).map((t) => t.title));
    for (const [i, p] of posts.entries()) {
      const final = await w.engine.posts.get(p.id);
      if (outcomes[i] === 'cancelled') {
        expect(final.state).toBe('cancelled');
        expect(truth.has(p.title)).toBe(false);
      } else {
        expect(final.state).toBe('published');
        expect(truth.has(p.title)).toBe(true);
      }
    }
    expect((await w.truth()).length).toBe(outcomes.filter((o) => o === 'refused').length);
  });

  it('a webhook and a poll reporting the same outcome (webhooks duplicated, too) change the post once', async () => {
    w = await createWorld({ dialect, webhooks: true, emulatorSettings: { webhook_duplicates: true } });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    await w.runUntil(async () => (await w.engine.posts.get(post.id)).tiktokPostIds.length > 0, { what: 'the public id' });
    await w.clock.advance(3_600_000);
    await w.settle();
    const timeline = await w.engine.posts.timeline(post.id);
    expect(timeline.filter((e) => e.toState === 'published' && e.fromState !== 'published')).toHaveLength(1);
    expect(timeline.filter((e) => e.reason === 'publicly_available' || e.reason === 'post_ids_known')).toHaveLength(1);
    // post.publish.complete and post.publish.publicly_available, each delivered twice.
    expect(w.webhooksReceived).toBe(4);
    const polls = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'status');
    expect(polls.length).toBeGreaterThan(0);
    expect(await w.truth()).toHaveLength(1);
  });
});
