// Media TikTok rejects while processing (docs/tiktok-api.md §8.2, §11): the post ends failed with
// TikTok's own fail_reason, its explanation and the attempt's log_id. Preflight is set to warn so
// the files reach TikTok (with the default, preflight holds them before any call).
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegFixture, goodMp4, lavfiVideoArgs } from '../../../../test/support/fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

const CASES = [
  { reason: 'picture_size_check_failed', file: () => goodMp4({ width: 320, height: 240, fps: 30, seconds: 1 }) },
  { reason: 'frame_rate_check_failed', file: () => goodMp4({ width: 720, height: 1280, fps: 15, seconds: 1 }) },
  {
    reason: 'file_format_check_failed',
    file: () => ffmpegFixture('mpeg4-part2-480x854.mp4', [...lavfiVideoArgs({ width: 480, height: 854, fps: 30, seconds: 1, audio: false }), '-c:v', 'mpeg4', '-q:v', '5']),
  },
] as const;

describe.each(DIALECTS)('media TikTok rejects (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it.each(CASES)('ends failed with $reason, explained', async ({ reason, file }) => {
    w = await createWorld({ dialect, settings: { preflight: 'warn' } });
    const { account } = await w.connect();
    const media = await w.register(await file());
    expect(media.findings.some((f) => f.severity === 'error')).toBe(true);
    const post = await w.schedule({ accountId: account.id, mediaIds: [media.id] });
    const done = await w.waitForPost(post.id, ['failed', 'published', 'needs_action']);
    expect(done).toMatchObject({ state: 'failed', stateReason: reason });
    expect(done.stateMessage!.length).toBeGreaterThan(20);
    const status = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'status').at(-1)!;
    expect(status).toMatchObject({ failReason: reason, outcome: 'ok' });
    expect(status.logId).toMatch(/^\d{14}/);
    expect(await w.truth()).toEqual([]);
  });

  it("ends failed with duration_check_failed when the creator's limit drops after the init", async () => {
    w = await createWorld({ dialect });
    const { account, openId } = await w.connect();
    const video = await w.video({ seconds: 2 });
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    await w.waitForPost(post.id, ['processing']);
    await w.emu.admin.updateCreator(openId, { max_video_post_duration_sec: 1 });
    const done = await w.waitForPost(post.id, ['failed', 'published']);
    expect(done).toMatchObject({ state: 'failed', stateReason: 'duration_check_failed' });
  });

  it('holds media with preflight errors before calling TikTok at all (default)', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const media = await w.register(await CASES[0].file());
    const { post, warnings } = await w.engine.posts.create({ accountId: account.id, mediaIds: [media.id], privacyLevel: 'SELF_ONLY' });
    expect(warnings.map((x) => x.code)).toContain('preflight.video_side_too_small');
    const held = await w.waitForPost(post.id, ['needs_action', 'failed', 'published']);
    expect(held.stateReason).toBe('media_rejected_by_preflight');
    expect(held.stateMessage).toContain('video_side_too_small');
    expect((await w.emu.admin.requests()).filter((r) => r.endpoint !== 'oauth_token' && r.endpoint !== 'user_info')).toEqual([]);
  });
});
