// Never publish twice (docs/architecture.md §2.3): TikTok's init has no idempotency key, and the
// emulator can take an init into effect and then reset the connection (reset_after), so the
// engine never hears the publish_id. Whatever the source, the ground truth must show one post.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const HOUR = 3_600_000;

describe.each(DIALECTS)('lost init answers (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  const initRequests = async () => (await w.emu.admin.requests()).filter((r) => r.endpoint === 'video_init');

  it('FILE_UPLOAD: records the orphan, inits again, and publishes exactly once', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const video = await w.video();
    await w.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done.state).toBe('published');
    expect((await initRequests()).map((r) => r.fault ?? 'answered')).toEqual(['reset_after', 'answered']);
    const inits = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'init');
    expect(inits.map((a) => a.outcome).sort()).toEqual(['ok', 'orphaned']);
    expect(inits.find((a) => a.outcome === 'orphaned')!.message).toContain('never receives a byte');
    // TikTok holds two publishes, but only one ever got bytes: one post.
    expect(await w.truth()).toHaveLength(1);
    await w.clock.advance(2 * HOUR);
    await w.settle();
    expect(await w.truth()).toHaveLength(1);
  });

  it('FILE_UPLOAD whose every chunk answer is lost after TikTok took the bytes: asks TikTok, tracks it, publishes once', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const video = await w.video();
    // Every upload request takes effect and loses its answer, for longer than the upload window.
    await w.emu.admin.addFault({ endpoint: 'upload', kind: 'reset_after', count: 1_000 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 3 * HOUR);
    expect([done.state, done.stateReason]).toEqual(['published', null]);
    expect((await initRequests()).map((r) => r.fault ?? 'answered')).toEqual(['answered']);
    expect(await w.truth()).toHaveLength(1);
  });

  it('PULL_FROM_URL after TikTok began pulling: never inits again, adopts the publish its webhook names, publishes once', async () => {
    w = await createWorld({ dialect, pull: true, webhooks: true });
    const { account } = await w.connect();
    const video = await w.video();
    await w.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done.state).toBe('published');
    expect(await initRequests()).toHaveLength(1);
    const [init] = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'init');
    expect(init).toMatchObject({ outcome: 'ok', publishId: done.publishId });
    expect(init!.message).toMatch(/^Matched to TikTok's publish .* by its post\.publish\.\w+ webhook\.$/);
    const timeline = await w.engine.posts.timeline(post.id);
    expect(timeline.find((e) => e.toState === 'processing')!.reason).toBe('init_outcome_unknown');
    expect(await w.truth()).toHaveLength(1);
  });

  it('PULL_FROM_URL when the request never took effect: the unused token is revoked, so a new init is safe', async () => {
    w = await createWorld({ dialect, pull: true });
    const { account } = await w.connect();
    const video = await w.video();
    await w.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_before', count: 1 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done.state).toBe('published');
    const inits = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'init');
    expect(inits.map((a) => a.outcome).sort()).toEqual(['ok', 'orphaned']);
    expect(inits.find((a) => a.outcome === 'orphaned')!.message).toContain('revoked before TikTok fetched anything');
    expect(await w.truth()).toHaveLength(1);
  });

  it('PULL_FROM_URL with no word from TikTok: asks a person instead of publishing again', async () => {
    w = await createWorld({ dialect, pull: true });
    const { account } = await w.connect();
    const video = await w.video();
    await w.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    const held = await w.waitForPost(post.id, ['needs_action', 'published', 'failed'], 4 * HOUR);
    expect(held.stateReason).toBe('outcome_unknown_unresolved');
    expect(held.stateMessage).toContain('might post it twice');
    expect(await initRequests()).toHaveLength(1);
    // The orphan did publish: one post, and tokpost did not add a second.
    expect(await w.truth()).toHaveLength(1);
    await expect(w.engine.posts.retry(post.id)).rejects.toThrow(/acknowledgeDuplicateRisk/);
  });
});
