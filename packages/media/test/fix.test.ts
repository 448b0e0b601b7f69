// fix() end to end: every fixable corpus file goes through the real ffmpeg/sharp, and the output is
// probed and checked again. Nothing here trusts fix()'s own report: the new file is read back.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, createFixer, createProber, FixError } from '../src/index.js';
import type { FixProgress, ProbeResult } from '../src/index.js';
import { buildCorpus } from './support/corpus.js';
import type { CorpusEntry } from './support/corpus.js';

const prober = createProber();
const fixer = createFixer({ prober });
let corpus: CorpusEntry[] = [];
let outDir = '';

beforeAll(async () => {
  corpus = await buildCorpus();
  outDir = mkdtempSync(join(tmpdir(), 'tokpost-fix-'));
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const entry = (name: string): CorpusEntry => {
  const e = corpus.find((c) => c.name === name);
  if (!e) throw new Error(`missing ${name}`);
  return e;
};
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Top-level box order of an MP4, to prove faststart (moov before mdat). */
function topLevelBoxes(path: string): string[] {
  const b = readFileSync(path);
  const types: string[] = [];
  for (let at = 0; at + 8 <= b.length; ) {
    const size = b.readUInt32BE(at);
    types.push(b.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

// Findings a fix cannot remove: a 1–2 s clip stays short.
const UNFIXABLE_WARNINGS = new Set(['video_shorter_than_3s']);

const FIXABLE_VIDEOS = [
  '720p30-h264.mp4', '480p.mp4', '15fps.mp4', '2s.mp4', '29.97fps.mp4', 'vertical-1080x1920.mp4', 'rotated-90.mp4',
  'vfr.mp4', 'hevc.mov', 'vp9.webm', 'vp8.webm', 'mpeg4-part2.mp4', 'h264.mkv', 'live.webm', 'moov-at-end.mp4', 'fragmented.mp4',
];

describe('fix videos', () => {
  it.each(FIXABLE_VIDEOS)('%s comes out passing the rules', async (name) => {
    const source = entry(name).path;
    const before = await prober.probe(source);
    if (before.kind !== 'video') throw new Error('not a video');
    const hash = sha(source);
    const progress: FixProgress[] = [];
    const result = await fixer.fix(source, check(before), { outDir, preset: 'ultrafast', onProgress: (p) => progress.push(p) });

    const after: ProbeResult = await prober.probe(result.path);
    expect(after).toEqual(result.probe);
    if (after.kind !== 'video') throw new Error(`fixed file is ${after.kind}`);
    expect(after.container).toBe('mp4');
    expect(after.video.codec).toBe('h264');
    expect(after.audio?.codec ?? null).toBe(before.audio ? 'aac' : null);
    expect(after.video.fps).toBe(30);
    expect(after.video.variableFrameRate).toBe(false);
    expect(after.video.rotation).toBe(0);
    expect(Math.min(after.video.displayWidth, after.video.displayHeight)).toBeGreaterThanOrEqual(720);
    // Aspect kept (within the rounding to even sizes).
    expect(after.video.displayWidth / after.video.displayHeight).toBeCloseTo(before.video.displayWidth / before.video.displayHeight, 1);
    expect(topLevelBoxes(result.path).indexOf('moov')).toBeLessThan(topLevelBoxes(result.path).indexOf('mdat'));
    if (before.durationSec !== 'unknown' && after.durationSec !== 'unknown') expect(Math.abs(after.durationSec - before.durationSec)).toBeLessThan(0.15);

    const remaining = check(after).filter((f) => !UNFIXABLE_WARNINGS.has(f.code));
    expect(remaining).toEqual([]);
    expect(result.findings.filter((f) => !UNFIXABLE_WARNINGS.has(f.code))).toEqual([]);
    expect(sha(source)).toBe(hash);
    expect(progress[0]?.stage).toBe('transcoding');
    expect(progress.some((p) => p.stage === 'transcoding' && p.fraction !== null && p.fraction > 0)).toBe(before.durationSec !== 'unknown');
    expect(progress.at(-1)).toEqual({ stage: 'done', fraction: 1 });
  });

  it("refuses a video over the creator's maximum unless asked to trim, then trims it", async () => {
    const source = entry('720p30-h264.mp4').path;
    const creator = { max_video_post_duration_sec: 2 };
    const findings = check(await prober.probe(source), { creator });
    expect(findings.map((f) => f.code)).toEqual(['video_too_long']);
    await expect(fixer.fix(source, findings, { outDir, creator, preset: 'ultrafast' })).rejects.toMatchObject({ code: 'ERR_TOO_LONG' });

    const trimmed = await fixer.fix(source, findings, { outDir, creator, trim: true, preset: 'ultrafast' });
    const after = await prober.probe(trimmed.path);
    expect(after.kind === 'video' && after.durationSec).toBeCloseTo(2, 1);
    expect(check(after, { creator }).filter((f) => f.severity === 'error')).toEqual([]);
    expect(trimmed.actions).toContain('trimmed to 2 s');
  });

  it('never overwrites: a second fix of the same file gets a new name', async () => {
    const source = entry('2s.mp4').path;
    const findings = check(await prober.probe(source));
    const first = await fixer.fix(source, findings, { outDir, preset: 'ultrafast' });
    const firstHash = sha(first.path);
    const second = await fixer.fix(source, findings, { outDir, preset: 'ultrafast' });
    expect(second.path).not.toBe(first.path);
    expect(sha(first.path)).toBe(firstHash);
    expect(readdirSync(outDir).some((f) => f.endsWith('.partial.mp4'))).toBe(false);
  });
});

describe('fix photos', () => {
  it.each([
    ['photo.png', 640, 480],
    ['photo.webp', 800, 800],
    ['photo.jpg', 1080, 1350],
    ['photo-4k.jpg', 1920, 1080],
  ])('%s becomes a JPEG within 1080p and 20 MB', async (name, width, height) => {
    const source = entry(name).path;
    const hash = sha(source);
    const result = await fixer.fix(source, check(await prober.probe(source)), { outDir });
    const after = await prober.probe(result.path);
    expect(after).toMatchObject({ kind: 'photo', format: 'jpeg', width, height });
    expect(after.sizeBytes).toBeLessThanOrEqual(20_000_000);
    expect(check(after)).toEqual([]);
    expect(sha(source)).toBe(hash);
  });

  it('converts a mislabelled PNG when it is posted as a photo', async () => {
    const source = entry('png-renamed.mp4').path;
    const result = await fixer.fix(source, check(await prober.probe(source), { postAs: 'photo' }), { outDir });
    expect(result.path.endsWith('.jpg')).toBe(true);
    expect(await prober.probe(result.path)).toMatchObject({ kind: 'photo', format: 'jpeg', width: 320, height: 240 });
  });
});

describe('fix refuses what cannot be fixed', () => {
  it.each(['audio-only.mp4', 'truncated.mp4', 'zero-bytes.mp4', 'random-bytes.mp4', 'png-renamed.mp4'])('%s', async (name) => {
    const source = entry(name).path;
    const findings = check(await prober.probe(source));
    const before = readdirSync(outDir).length;
    const err = await fixer.fix(source, findings, { outDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FixError);
    expect(err).toMatchObject({ code: 'ERR_NOT_FIXABLE', findings });
    expect(readdirSync(outDir).length).toBe(before);
  });

  it('stops ffmpeg when the signal aborts, leaving no file behind', async () => {
    const source = entry('720p30-h264.mp4').path;
    const controller = new AbortController();
    const before = readdirSync(outDir).length;
    const pending = fixer.fix(source, [], {
      outDir, preset: 'ultrafast', signal: controller.signal,
      onProgress: (p) => { if (p.stage === 'transcoding') controller.abort(); },
    });
    await expect(pending).rejects.toMatchObject({ code: 'ERR_FIX_ABORTED' });
    expect(readdirSync(outDir).length).toBe(before);
  });

  it('names how to install ffmpeg when it is missing', async () => {
    const missing = createFixer({ prober, ffmpegPath: join(outDir, 'no-such-ffmpeg') });
    const source = entry('2s.mp4').path;
    const err = await missing.fix(source, [], { outDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_FFMPEG_NOT_FOUND' });
    expect((err as Error).message).toMatch(/apt-get install -y ffmpeg/);
    expect((err as Error).message).toMatch(/brew install ffmpeg/);
    expect(readdirSync(outDir).some((f) => f.includes('.partial'))).toBe(false);
  });
});
