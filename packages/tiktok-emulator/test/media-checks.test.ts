// The emulator inspects what it receives with its own reader and fails publishes the way TikTok
// does (docs/tiktok-api.md §8.2, §11): real files made with ffmpeg, uploaded over HTTP.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesFixture, ffmpegFixture, goodMp4, lavfiVideoArgs } from '../../../test/support/fixtures.js';
import { advanceUntilStatus, connectCreator, startEmulator, uploadVideo, type Harness, type Tokens } from './harness.js';

let h: Harness;
let tokens: Tokens;

beforeAll(async () => {
  h = await startEmulator();
  tokens = await connectCreator(h, { max_video_post_duration_sec: 3, daily_post_cap: 100 });
  await h.emu.admin.settings({ rate_limits: { video_init: 1000, status_fetch: 1000 } });
});
afterAll(() => h.close());

const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

async function outcome(path: string, contentType = 'video/mp4') {
  const id = await uploadVideo(h, tokens.access_token, readFileSync(path), { privacy_level: 'SELF_ONLY' }, { contentType });
  const res = await advanceUntilStatus(h, tokens.access_token, id, ['PUBLISH_COMPLETE', 'FAILED']);
  return res.json.data as { status: string; fail_reason?: string };
}

describe('media checks on upload', () => {
  it('publishes a good vertical H.264 MP4', async () => {
    expect(await outcome(await goodMp4({ width: 360, height: 640, seconds: 1 }))).toEqual(expect.objectContaining({ status: 'PUBLISH_COMPLETE' }));
  });

  it('publishes VP9 in WebM', async () => {
    const f = await ffmpegFixture('vp9-360p.webm', [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1, audio: false }), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k']);
    expect((await outcome(f, 'video/webm')).status).toBe('PUBLISH_COMPLETE');
  });

  it('fails 15 fps with frame_rate_check_failed', async () => {
    const f = await ffmpegFixture('fps15.mp4', [...lavfiVideoArgs({ width: 640, height: 360, fps: 15, seconds: 1, audio: false }), ...x264]);
    expect(await outcome(f)).toMatchObject({ status: 'FAILED', fail_reason: 'frame_rate_check_failed' });
  });

  it('fails 320x240 with picture_size_check_failed', async () => {
    const f = await ffmpegFixture('qvga.mp4', [...lavfiVideoArgs({ width: 320, height: 240, fps: 30, seconds: 1, audio: false }), ...x264]);
    expect(await outcome(f)).toMatchObject({ status: 'FAILED', fail_reason: 'picture_size_check_failed' });
  });

  it('fails 480p when the minimum side is configured to 720', async () => {
    const f = await ffmpegFixture('480p.mp4', [...lavfiVideoArgs({ width: 854, height: 480, fps: 30, seconds: 1, audio: false }), ...x264]);
    expect((await outcome(f)).status).toBe('PUBLISH_COMPLETE');
    await h.emu.admin.settings({ min_side_px: 720 });
    try {
      expect(await outcome(f)).toMatchObject({ status: 'FAILED', fail_reason: 'picture_size_check_failed' });
    } finally {
      await h.emu.admin.settings({ min_side_px: 360 });
    }
  });

  it("fails a video longer than the creator's max_video_post_duration_sec", async () => {
    const f = await ffmpegFixture('5s.mp4', [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 5, audio: false }), ...x264]);
    expect(await outcome(f)).toMatchObject({ status: 'FAILED', fail_reason: 'duration_check_failed' });
  });

  it('fails audio-only, random bytes and a PNG named .mp4 with file_format_check_failed', async () => {
    const audio = await ffmpegFixture('audio-only.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac']);
    const png = await ffmpegFixture('frame.png', ['-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-frames:v', '1']);
    const random = bytesFixture('random.mp4', new Uint8Array(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)));
    for (const f of [audio, png, random]) expect(await outcome(f)).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed' });
  });
});
