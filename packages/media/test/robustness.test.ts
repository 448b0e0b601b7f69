// Bad input must end in an answer, never a crash or a hang: every corpus file cut at many points and
// with its header bytes scrambled, plus the read budget on a large moov-at-end file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, createProber, openBoundedReader, ReadBudgetExceededError } from '../src/index.js';
import { buildCorpus, paddedMoovAtEnd, pseudoRandomBytes } from './support/corpus.js';
import type { CorpusEntry } from './support/corpus.js';
import { ffprobe } from './support/ffprobe.js';

let corpus: CorpusEntry[] = [];
let dir = '';
const prober = createProber();

beforeAll(async () => {
  corpus = await buildCorpus();
  dir = mkdtempSync(join(tmpdir(), 'tokpost-probe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = (name: string) => {
  const e = corpus.find((c) => c.name === name);
  if (!e) throw new Error(`missing ${name}`);
  return readFileSync(e.path);
};

// Formats whose headers state the total size, so a cut anywhere is detectable. (Live WebM has no
// sizes, and image headers say nothing of the pixel data's length.)
const SIZED = ['720p30-h264.mp4', 'moov-at-end.mp4', 'fragmented.mp4', 'hevc.mov', 'vp9.webm', 'vp8.webm', 'h264.mkv'];
const OTHERS = ['live.webm', 'photo.jpg', 'photo.png', 'photo.webp'];

function cuts(length: number): number[] {
  return [...new Set([1, 4, 7, 11, 12, 20, 40, 64, 100, 333, 1000, 4096, Math.floor(length * 0.25), Math.floor(length / 2), Math.floor(length * 0.9), length - 1])]
    .filter((n) => n > 0 && n < length);
}

describe('cut-off files', () => {
  it.each(SIZED)('%s cut anywhere is reported unusable', async (name) => {
    const full = source(name);
    for (const n of cuts(full.length)) {
      const path = join(dir, `cut-${n}-${name}`);
      writeFileSync(path, full.subarray(0, n));
      const p = await prober.probe(path);
      expect(p.kind, `${name} cut at ${n}`).toBe('unusable');
      const [finding] = check(p);
      expect(finding?.severity).toBe('error');
      expect(finding?.fixable).toBe(false);
    }
  });

  it.each(OTHERS)('%s cut anywhere still gets an answer', async (name) => {
    const full = source(name);
    for (const n of cuts(full.length)) {
      const path = join(dir, `cut-${n}-${name}`);
      writeFileSync(path, full.subarray(0, n));
      const p = await prober.probe(path);
      expect(['video', 'photo', 'unusable']).toContain(p.kind);
    }
  });
});

describe('scrambled headers', () => {
  it.each([...SIZED, ...OTHERS])('%s with noise over its first KB gets an answer', async (name) => {
    const full = Buffer.from(source(name));
    for (let round = 0; round < 12; round++) {
      const copy = Buffer.from(full);
      const noise = pseudoRandomBytes(`${name}:${round}`, 24);
      // Keep the signature so the format prober (not the sniffer) meets the damage.
      const at = 12 + ((noise[0] ?? 0) * 4 + round * 83) % Math.max(1, Math.min(1024, copy.length - 40));
      copy.set(noise.subarray(1), at);
      const path = join(dir, `noise-${round}-${name}`);
      writeFileSync(path, copy);
      const p = await prober.probe(path);
      expect(['video', 'photo', 'unusable'], `${name} round ${round}`).toContain(p.kind);
      expect(p.bytesRead).toBeLessThanOrEqual(32 * 1024 * 1024);
    }
  });
});

describe('read budget', () => {
  it('probes a 256 MiB moov-at-end file by reading its headers only, and agrees with ffprobe', async () => {
    const base = corpus.find((c) => c.name === 'moov-at-end.mp4');
    if (!base) throw new Error('missing moov-at-end.mp4');
    const big = paddedMoovAtEnd(base.path, 256 * 1024 * 1024, 'robustness.mp4');
    const p = await prober.probe(big);
    const ref = await ffprobe(big);
    expect(p.kind).toBe('video');
    if (p.kind !== 'video') return;
    expect(p.sizeBytes).toBe(256 * 1024 * 1024);
    expect(p.bytesRead).toBeLessThan(16 * 1024);
    expect(p.durationSec).toBeCloseTo(ref.durationSec as number, 3);
    expect(Math.abs((p.bitrate ?? 0) - (ref.bitrate ?? 0))).toBeLessThanOrEqual(1);
    expect([p.video.width, p.video.height]).toEqual([ref.video?.width, ref.video?.height]);
  });

  it('refuses to read past its budget, and probe reports such a file instead of reading it', async () => {
    const path = join(dir, 'budget.bin');
    writeFileSync(path, pseudoRandomBytes('budget', 4096));
    const reader = await openBoundedReader(path, { maxBytes: 1000 });
    try {
      expect((await reader.read(0, 600)).length).toBe(600);
      await expect(reader.read(600, 600)).rejects.toBeInstanceOf(ReadBudgetExceededError);
      expect(reader.bytesRead).toBe(600);
    } finally {
      await reader.close();
    }
    const tight = createProber({ maxReadBytes: 512 });
    const base = corpus.find((c) => c.name === '720p30-h264.mp4');
    const p = await tight.probe(base?.path ?? '');
    expect(p).toMatchObject({ kind: 'unusable', reason: 'too-complex' });
    expect(p.bytesRead).toBeLessThanOrEqual(512);
  });
});
