// Test media generated with the real ffmpeg at test time and cached under .cache/fixtures, keyed by
// the exact ffmpeg arguments, so a changed recipe makes a new file and an unchanged one is reused.
// ffmpeg and ffprobe are the ones tokpost itself would run (resolveFfmpeg: the system's when
// installed, the bundled binaries otherwise), so a machine without ffmpeg still runs the suite.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveFfmpeg, type FfmpegResolution } from '@tokpost/media';

const run = promisify(execFile);
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_DIR = join(REPO_ROOT, '.cache', 'fixtures');

let tools: FfmpegResolution | undefined;
/** The ffmpeg and ffprobe the tests run (resolved once per test process). */
export function testFfmpeg(): FfmpegResolution {
  return (tools ??= resolveFfmpeg());
}

/**
 * Runs `ffmpeg -y <args> <out>` once per distinct (name, args) and returns the output path.
 * `name` must carry the extension (e.g. `720p30.mp4`). Lavfi sources keep it deterministic.
 */
export async function ffmpegFixture(name: string, args: readonly string[]): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify([name, args])).digest('hex').slice(0, 12);
  const out = join(FIXTURE_DIR, `${key}-${name}`);
  if (existsSync(out)) return out;
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const dot = name.lastIndexOf('.');
  const tmp = `${out}.partial${dot >= 0 ? name.slice(dot) : ''}`;
  await run(testFfmpeg().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, tmp], { maxBuffer: 16 * 1024 * 1024 });
  renameSync(tmp, out);
  return out;
}

/** Writes arbitrary bytes once (random, truncated, zero-byte fixtures) and returns the path. */
export function bytesFixture(name: string, bytes: Uint8Array): string {
  const key = createHash('sha256').update(name).update(bytes).digest('hex').slice(0, 12);
  const out = join(FIXTURE_DIR, `${key}-${name}`);
  if (existsSync(out)) return out;
  mkdirSync(FIXTURE_DIR, { recursive: true });
  writeFileSync(out, bytes);
  return out;
}

/** A synthetic test-pattern video: `testsrc2` at the given size/rate/duration, plus a sine tone. */
export function lavfiVideoArgs(opts: {
  width: number;
  height: number;
  fps: number | string;
  seconds: number;
  audio?: boolean;
}): string[] {
  const args = ['-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=${opts.fps}:duration=${opts.seconds}`];
  if (opts.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${opts.seconds}`, '-shortest');
  return args;
}

/** A small H.264/AAC MP4, the default "good" video for API tests. */
export function goodMp4(opts: { width?: number; height?: number; fps?: number; seconds?: number } = {}): Promise<string> {
  const w = opts.width ?? 720;
  const h = opts.height ?? 1280;
  const fps = opts.fps ?? 30;
  const s = opts.seconds ?? 2;
  return ffmpegFixture(`good-${w}x${h}-${fps}-${s}s.mp4`, [
    ...lavfiVideoArgs({ width: w, height: h, fps, seconds: s }),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart',
  ]);
}

/** ffprobe's JSON answer (`-show_format -show_streams`) for a file: the reference for probe tests. */
export async function ffprobeJson<T>(path: string): Promise<T> {
  const { stdout } = await run(testFfmpeg().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}
