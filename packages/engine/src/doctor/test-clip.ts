// The doctor's test clip: a few seconds of ffmpeg's test pattern with a tone, made fresh for each
// test post (so no two test posts share media), vertical 720×1280 H.264/AAC MP4 — well inside
// TikTok's media rules (docs/tiktok-api.md §11).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_CLIP_SECONDS = 3;

export async function makeTestClip(o: { ffmpegPath: string; dir: string; name: string; seconds?: number; signal?: AbortSignal }): Promise<string> {
  const s = o.seconds ?? TEST_CLIP_SECONDS;
  await mkdir(o.dir, { recursive: true });
  const out = join(o.dir, `${o.name}.mp4`);
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=720x1280:rate=30:duration=${s}`,
    '-f', 'lavfi', '-i', `sine=frequency=660:duration=${s}`,
    '-shortest', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart',
    out,
  ];
  await run(o.ffmpegPath, args, { signal: o.signal, maxBuffer: 1024 * 1024 });
  return out;
}
