// The preflight corpus: real files made by ffmpeg at test time (cached under .cache/fixtures),
// one per situation the issue names, each with what we expect check() and fix() to make of it.
// Sizes and durations are as small as each case allows so the suite stays quick.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bytesFixture, ffmpegFixture, FIXTURE_DIR, lavfiVideoArgs } from '../../../../test/support/fixtures.js';

export interface CorpusEntry {
  name: string;
  path: string;
  /** What the bytes are. */
  kind: 'video' | 'photo' | 'unusable';
  /** fix() should turn it into a file without errors. */
  fixable: boolean;
}

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '64k'];
const VPX = ['-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'];

/** Deterministic noise (SHA-256 in counter mode), so the random fixture is the same on every run. */
export function pseudoRandomBytes(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, block = 0; i < length; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(digest.length, length - i)), i);
    i += digest.length;
  }
  return out;
}

type Recipe = { name: string; kind: CorpusEntry['kind']; fixable: boolean; make: () => Promise<string> };

const video = (name: string, fixable: boolean, args: string[]): Recipe => ({ name, kind: 'video', fixable, make: () => ffmpegFixture(name, args) });
const photo = (name: string, fixable: boolean, size: string, codecArgs: string[] = []): Recipe => ({
  name, kind: 'photo', fixable,
  make: () => ffmpegFixture(name, ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=1:duration=1`, '-frames:v', '1', ...codecArgs]),
});

const moovAtEnd720 = (): Promise<string> =>
  ffmpegFixture('moov-at-end-720p.mp4', [...lavfiVideoArgs({ width: 1280, height: 720, fps: 30, seconds: 1 }), ...X264, ...AAC]);

export const CORPUS_RECIPES: readonly Recipe[] = [
  video('720p30-h264.mp4', true, [...lavfiVideoArgs({ width: 720, height: 1280, fps: 30, seconds: 4 }), ...X264, ...AAC, '-movflags', '+faststart']),
  video('480p.mp4', true, [...lavfiVideoArgs({ width: 854, height: 480, fps: 30, seconds: 1 }), ...X264, ...AAC]),
  video('15fps.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 15, seconds: 1 }), ...X264, ...AAC]),
  video('2s.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 2 }), ...X264, ...AAC]),
  video('29.97fps.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: '30000/1001', seconds: 1 }), ...X264, ...AAC]),
  video('vertical-1080x1920.mp4', true, [...lavfiVideoArgs({ width: 1080, height: 1920, fps: 30, seconds: 1, audio: false }), ...X264]),
  {
    // A phone's portrait clip: landscape pixels plus a display matrix. ffmpeg writes the matrix
    // from the `rotate` tag only when stream-copying, hence the second step.
    name: 'rotated-90.mp4', kind: 'video', fixable: true,
    make: async () => {
      const base = await ffmpegFixture('rotation-source.mp4', [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1 }), ...X264, ...AAC]);
      return ffmpegFixture('rotated-90.mp4', ['-i', base, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
    },
  },
  // 30 fps for the first second, then every fourth frame dropped: what a phone does in low light.
  video('vfr.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 2, audio: false }), '-vf', "select='lt(n\\,30)+mod(n\\,4)'", '-vsync', 'vfr', ...X264]),
  video('hevc.mov', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1, audio: false }), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p']),
  video('vp9.webm', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1 }), '-c:v', 'libvpx-vp9', ...VPX, '-c:a', 'libopus']),
  video('vp8.webm', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1 }), '-c:v', 'libvpx', ...VPX, '-c:a', 'libvorbis']),
  // A codec TikTok does not decode (MPEG-4 Part 2, as old cameras and screen recorders write).
  video('mpeg4-part2.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1 }), '-c:v', 'mpeg4', '-q:v', '5', ...AAC]),
  // Matroska is not WebM: TikTok takes the WebM subset only, so this one must be remuxed.
  video('h264.mkv', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1 }), ...X264, ...AAC]),
  video('live.webm', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1, audio: false }), '-c:v', 'libvpx-vp9', ...VPX, '-live', '1', '-f', 'webm']),
  { name: 'moov-at-end.mp4', kind: 'video', fixable: true, make: moovAtEnd720 },
  video('fragmented.mp4', true, [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 2 }), ...X264, '-g', '15', ...AAC, '-movflags', 'frag_keyframe+empty_moov+default_base_moof']),
  { name: 'audio-only.mp4', kind: 'unusable', fixable: false, make: () => ffmpegFixture('audio-only.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', ...AAC]) },
  {
    name: 'truncated.mp4', kind: 'unusable', fixable: false,
    make: async () => {
      const full = readFileSync(await moovAtEnd720());
      return bytesFixture('truncated.mp4', full.subarray(0, Math.floor(full.length / 2)));
    },
  },
  { name: 'zero-bytes.mp4', kind: 'unusable', fixable: false, make: async () => bytesFixture('zero-bytes.mp4', new Uint8Array(0)) },
  { name: 'random-bytes.mp4', kind: 'unusable', fixable: false, make: async () => bytesFixture('random-bytes.mp4', pseudoRandomBytes('random-bytes', 64 * 1024)) },
  {
    // Content says video in its name only: the bytes are a PNG.
    name: 'png-renamed.mp4', kind: 'photo', fixable: false,
    make: async () => bytesFixture('png-renamed.mp4', readFileSync(await ffmpegFixture('renamed-source.png', ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=1:duration=1', '-frames:v', '1']))),
  },
  photo('photo.jpg', true, '1080x1350', ['-q:v', '3']),
  photo('photo.webp', true, '800x800'),
  photo('photo.png', true, '640x480'),
  photo('photo-4k.jpg', true, '3840x2160', ['-q:v', '3']),
];

export async function buildCorpus(): Promise<CorpusEntry[]> {
  const out: CorpusEntry[] = [];
  // Sequential: ffmpeg already uses every core, and parallel encodes only thrash.
  for (const r of CORPUS_RECIPES) out.push({ name: r.name, kind: r.kind, fixable: r.fixable, path: await r.make() });
  return out;
}

/**
 * A copy of `source` (moov at the end) whose mdat is padded to `totalBytes`, for read-cost tests:
 * the mdat grows with a hole (a sparse file, so no disk space or write time is spent), the sample
 * offsets stay valid because the padding follows the real media, and the moov is moved behind it.
 */
export function paddedMoovAtEnd(source: string, totalBytes: number, name: string): string {
  const out = join(FIXTURE_DIR, `padded-${totalBytes}-${name}`);
  const src = readFileSync(source);
  const boxes: { type: string; start: number; size: number }[] = [];
  for (let at = 0; at + 8 <= src.length; ) {
    const size = src.readUInt32BE(at);
    boxes.push({ type: src.toString('latin1', at + 4, at + 8), start: at, size });
    if (size < 8) throw new Error(`unsupported box layout in ${source}`);
    at += size;
  }
  const mdat = boxes.find((b) => b.type === 'mdat');
  const moov = boxes.find((b) => b.type === 'moov');
  if (!mdat || !moov || moov.start < mdat.start) throw new Error(`${source} must have its moov after the mdat`);
  const moovBytes = src.subarray(moov.start, moov.start + moov.size);
  const mdatSize = totalBytes - mdat.start - moov.size;
  if (mdatSize > 0xffffffff) throw new Error('padding beyond 4 GiB needs a 64-bit mdat header');
  if (existsSync(out) && statSync(out).size === totalBytes) return out;
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const tmp = `${out}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, src.subarray(0, mdat.start + mdat.size));
    const header = Buffer.alloc(4);
    header.writeUInt32BE(mdatSize);
    writeSync(fd, header, 0, 4, mdat.start);
    writeSync(fd, moovBytes, 0, moovBytes.length, mdat.start + mdatSize);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  return out;
}
