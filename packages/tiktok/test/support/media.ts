// Real media for the integration tests, made by ffmpeg and cached (test/support/fixtures.ts).
import { ffmpegFixture, goodMp4 } from '../../../../test/support/fixtures.js';

export { goodMp4 };

/**
 * A real H.264 MP4 of about 20 MB: one second of noisy test pattern, lossless, so it is large
 * enough for three chunks at the smallest chunk size valid under both readings of MB (5,242,880).
 */
export function multiChunkMp4(): Promise<string> {
  return ffmpegFixture('multichunk-576x1024-25fps-1s.mp4', [
    '-f', 'lavfi', '-i', 'testsrc2=size=576x1024:rate=25:duration=1',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-shortest',
    '-vf', 'noise=alls=40:allf=t+u',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart',
  ]);
}

export function photoJpeg(n = 1): Promise<string> {
  return ffmpegFixture(`photo-${n}-1080x1350.jpg`, ['-f', 'lavfi', '-i', `testsrc2=size=1080x1350:rate=1:duration=${n}`, '-frames:v', '1', '-q:v', '4']);
}

/** Too small for TikTok (sides under 360 px): processing ends FAILED picture_size_check_failed. */
export function tinyMp4(): Promise<string> {
  return goodMp4({ width: 320, height: 240, fps: 30, seconds: 1 });
}

export function webmClip(): Promise<string> {
  return ffmpegFixture('clip-360x640-25fps-1s.webm', [
    '-f', 'lavfi', '-i', 'testsrc2=size=360x640:rate=25:duration=1',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', '-an',
  ]);
}

export function movClip(): Promise<string> {
  return ffmpegFixture('clip-480x854-30fps-1s.mov', [
    '-f', 'lavfi', '-i', 'testsrc2=size=480x854:rate=30:duration=1',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-an', '-f', 'mov',
  ]);
}
