// Publishing as it should go: on time, exactly once, by upload and by URL pull, videos, photo
// carousels and inbox drafts — checked against the emulator's ground truth (GET /_emulator/posts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegFixture } from '../../../../test/support/fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const photo = (n: number) => ffmpegFixture(`engine-photo-${n}-1080x1350.jpg`, ['-f', 'lavfi', '-i', `testsrc2=size=1080x1350:rate=1:duration=${n}`, '-frames:v', '1', '-q:v', '4']);

describe.each(DIALECTS)('publishing (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('publishes a scheduled video at its time, once, by FILE_UPLOAD', async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video();
    const at = w.clock.now() + 3 * 3_600_000;
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: at, title: 'launch #day' });
    expect(post.source).toBe('FILE_UPLOAD');

    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 4 * 3_600_000);
    expect(done.state).toBe('published');
    const timeline = await w.engine.posts.timeline(post.id);
    expect(timeline.map((e) => e.toState)).toEqual(['scheduled', 'publishing', 'processing', 'published']);
    // On time: the publish started at the scheduled millisecond of test time.
    expect(timeline[1]!.at).toBe(at);

    const truth = await w.truth();
    expect(truth).toHaveLength(1);
    expect(truth[0]).toMatchObject({ open_id: openId, privacy_level: 'PUBLIC_TO_EVERYONE', title: 'launch #day', sha256: [video.sha256], media_type: 'VIDEO' });
    expect(video.sha256).toBe(sha256(video.path));

    // Public posts get their id after moderation: the post keeps it as an exact string.
    await w.runUntil(async () => (await w.engine.posts.get(post.id)).tiktokPostIds.length > 0, { what: 'the public post id' });
    expect((await w.engine.posts.get(post.id)).tiktokPostIds).toEqual([truth[0]!.post_id]);

    // TikTok saw creator_info, then the init, then the chunks, then status polls.
    const seen = (await w.emu.admin.requests()).map((r) => r.endpoint).filter((e) => e !== 'oauth_token' && e !== 'user_info');
    expect(seen.slice(0, 3)).toEqual(['creator_info', 'video_init', 'upload']);
    const attempts = await w.engine.posts.attempts(post.id);
    expect(attempts.filter((a) => a.kind !== 'status').map((a) => `${a.kind}:${a.outcome}`).sort()).toEqual(['creator_info:ok', 'init:ok', 'upload:ok']);
    const init = attempts.find((a) => a.kind === 'init')!;
    expect(init).toMatchObject({ httpStatus: 200, publishId: done.publishId, source: 'FILE_UPLOAD' });
    expect(init.logId).toMatch(/^\d{14}[0-9A-F]+$/);
    expect(JSON.stringify(attempts)).not.toContain('upload_token');
  });

  it('publishes a video by PULL_FROM_URL from the media seam, through a per-attempt capability URL', async () => {
    w = await createWorld({ dialect, pull: true });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY' });
    expect(post.source).toBe('PULL_FROM_URL');
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done.state).toBe('published');
    const truth = await w.truth();
    expect(truth.map((p) => [p.privacy_level, p.sha256])).toEqual([['SELF_ONLY', [video.sha256]]]);
    const publish = await w.emu.admin.publish(done.publishId!);
    expect(publish['source']).toBe('PULL_FROM_URL');
    expect(String(publish['video_url'])).toMatch(/^https:\/\/media\.tokpost\.test\/m\/[A-Za-z0-9_-]{32}\/0$/);
    // Only the attempt's own token opens the media.
    expect(await w.engine.media.openPull('A'.repeat(32), 0)).toEqual({ ok: false, status: 410, reason: 'unknown_or_revoked' });
  });

  it('publishes a photo carousel in order, with its cover', async () => {
    w = await createWorld({ dialect, pull: true });
    const { account } = await w.connect();
    const photos = [];
    for (const n of [1, 2, 3]) photos.push(await w.register(await photo(n)));
    const post = await w.schedule({ accountId: account.id, mediaIds: photos.map((p) => p.id), title: 'three', description: 'a carousel #cats', photoCoverIndex: 1, allowComment: true });
    expect(post.kind).toBe('photo');
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action']);
    expect(done.state).toBe('published');
    const [truth] = await w.truth();
    expect(truth).toMatchObject({ media_type: 'PHOTO', title: 'three', description: 'a carousel #cats', sha256: photos.map((p) => p.sha256) });
    expect((await w.emu.admin.publish(done.publishId!))['photo_cover_index']).toBe(1);
  });

  it('sends an inbox draft, waits in inbox_pending, and is published when the creator finishes it', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], mode: 'inbox', privacyLevel: null, title: '' });
    const pending = await w.waitForPost(post.id, ['inbox_pending', 'failed', 'needs_action']);
    expect(pending.state).toBe('inbox_pending');
    expect(await w.truth()).toEqual([]);
    await w.clock.advance(3 * 3_600_000);
    await w.emu.admin.completeInbox(pending.publishId!, { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'finished in the app' });
    const done = await w.waitForPost(post.id, ['published', 'failed'], 24 * 3_600_000);
    expect(done.state).toBe('published');
    expect((await w.truth()).map((p) => p.title)).toEqual(['finished in the app']);
  });
});
