// The emulator's media reader against real files made by ffmpeg, cross-checked with ffprobe.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesFixture, ffmpegFixture, ffprobeJson, lavfiVideoArgs } from '../../../test/support/fixtures.js';
import { inspectPhoto, inspectVideo, photoFailReason, videoFailReason } from '../src/media/index.js';
import type { VideoInspection, VideoInspectionOk } from '../src/media/index.js';


interface ProbeStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  side_data_list?: Array<{ rotation?: number }>;
}
interface Probe {
  streams: ProbeStream[];
  format: { duration?: string };
}

const ffprobe = (path: string) => ffprobeJson<Probe>(path);

function rate(fraction: string | undefined): number {
  const [num, den] = (fraction ?? '0/0').split('/').map(Number);
  return num && den ? num / den : Number.NaN;
}

function expectOk(inspection: VideoInspection): VideoInspectionOk {
  if (!inspection.ok) expect.fail(`expected a readable video, got: ${inspection.reason}`);
  return inspection;
}

/** Inspects `path` and checks size (rotation applied), average fps and duration against ffprobe. */
async function inspectAndCompare(path: string): Promise<VideoInspectionOk> {
  const [inspection, probe] = await Promise.all([inspectVideo(path), ffprobe(path)]);
  const ok = expectOk(inspection);
  const stream = probe.streams.find((s) => s.codec_type === 'video');
  if (!stream) return expect.fail('ffprobe found no video stream');
  const rotation = stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0;
  const swapped = Math.abs(rotation) % 180 === 90;
  expect({ width: ok.width, height: ok.height }).toEqual({
    width: swapped ? stream.height : stream.width,
    height: swapped ? stream.width : stream.height,
  });
  const probedFps = Number.isNaN(rate(stream.avg_frame_rate)) ? rate(stream.r_frame_rate) : rate(stream.avg_frame_rate);
  expect(Math.abs(ok.fps - probedFps) / probedFps).toBeLessThan(0.005);
  if (probe.format.duration !== undefined && ok.durationSec !== undefined) {
    expect(ok.durationSec).toBeCloseTo(Number(probe.format.duration), 1);
  }
  return ok;
}

const CLUSTER_ID = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const tiny = (fps: number | string = 30, seconds = 1): string[] => lavfiVideoArgs({ width: 360, height: 640, fps, seconds });

const faststartMp4 = (): Promise<string> => ffmpegFixture('h264-faststart.mp4', [...tiny(), ...x264, '-c:a', 'aac', '-movflags', '+faststart']);
const moovAtEndMp4 = (): Promise<string> => ffmpegFixture('h264-moov-at-end.mp4', [...tiny(), ...x264, '-c:a', 'aac']);
const vp8Webm = (): Promise<string> =>
  ffmpegFixture('vp8.webm', [...tiny(25), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus']);

function indexOf(path: string, ascii: string): number {
  return readFileSync(path).indexOf(Buffer.from(ascii, 'latin1'));
}

/** A copy of `path` with `patch` applied to its bytes, cached like the ffmpeg fixtures. */
function patchedFixture(name: string, path: string, patch: (bytes: Buffer) => Buffer): string {
  return bytesFixture(name, patch(Buffer.from(readFileSync(path))));
}

describe('inspectVideo reads what TikTok accepts', () => {
  it('H.264 MP4 with moov first (faststart)', async () => {
    const path = await faststartMp4();
    expect(indexOf(path, 'moov')).toBeLessThan(indexOf(path, 'mdat'));
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mp4', codec: 'h264', width: 360, height: 640, fps: 30 });
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('H.264 MP4 with moov after mdat', async () => {
    const path = await moovAtEndMp4();
    expect(indexOf(path, 'moov')).toBeGreaterThan(indexOf(path, 'mdat'));
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mp4', codec: 'h264', width: 360, height: 640, fps: 30 });
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('HEVC in a QuickTime MOV', async () => {
    const path = await ffmpegFixture('hevc.mov', [...tiny(24), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1']);
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mov', codec: 'hevc', width: 360, height: 640, fps: 24 });
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('VP8 WebM', async () => {
    const ok = await inspectAndCompare(await vp8Webm());
    expect(ok).toMatchObject({ container: 'webm', codec: 'vp8', width: 360, height: 640 });
    expect(ok.durationSec).toBeGreaterThan(0.9);
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('VP9 WebM at 60 fps', async () => {
    const path = await ffmpegFixture('vp9-60.webm', [...tiny(60), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus']);
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'webm', codec: 'vp9', width: 360, height: 640 });
    expect(ok.fps).toBeCloseTo(60, 3);
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('live WebM: unknown-size Segment and Clusters, no Duration, no DefaultDuration', async () => {
    const live = await ffmpegFixture('live.webm', [
      ...tiny(30, 2), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-g', '15', '-an',
      '-f', 'webm', '-live', '1', '-cluster_time_limit', '500',
    ]);
    const path = patchedFixture('live-unknown-sizes.webm', live, (bytes) => {
      // Replace DefaultDuration with a same-length Void so the reader must time the blocks, and
      // mark every Cluster's size unknown as a streaming muxer that cannot seek back would.
      const dd = bytes.indexOf(Buffer.from([0x23, 0xe3, 0x83, 0x84]));
      expect(dd).toBeGreaterThan(0);
      Buffer.from([0xec, 0x86, 0, 0, 0, 0, 0, 0]).copy(bytes, dd);
      let clusters = 0;
      for (let at = bytes.indexOf(CLUSTER_ID); at >= 0; at = bytes.indexOf(CLUSTER_ID, at + 4)) {
        const sizeLength = Math.clz32(bytes[at + 4] ?? 0) - 23;
        bytes.fill(0xff, at + 4, at + 4 + sizeLength);
        bytes[at + 4] = 0xff >> (sizeLength - 1);
        clusters++;
      }
      expect(clusters).toBeGreaterThan(1);
      return bytes;
    });
    const segment = readFileSync(path).indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
    expect(readFileSync(path).subarray(segment + 4, segment + 12)).toEqual(Buffer.from([1, 255, 255, 255, 255, 255, 255, 255]));

    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'webm', codec: 'vp8', width: 360, height: 640, durationSec: undefined });
    expect(ok.fps).toBeCloseTo(30, 0);
    expect(videoFailReason(ok, { maxDurationSec: 1 })).toBeUndefined();
  });

  it.each([
    ['with an empty moov', 'frag_keyframe+empty_moov'],
    ['with the first fragment in moov', 'frag_keyframe'],
  ])('fragmented MP4 %s (samples in moof/trun)', async (_label, movflags) => {
    const path = await ffmpegFixture(`fragmented-${movflags.replaceAll('+', '-')}.mp4`, [...tiny(30, 2), ...x264, '-g', '10', '-c:a', 'aac', '-movflags', movflags]);
    expect(indexOf(path, 'moof')).toBeGreaterThan(0);
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mp4', codec: 'h264', width: 360, height: 640 });
    // The muxer stretches the last video sample to the AAC track's end, so the average (like
    // ffprobe's avg_frame_rate) is a little under 30.
    expect(ok.fps).toBeGreaterThan(29.5);
    expect(ok.fps).toBeLessThanOrEqual(30);
    expect(ok.durationSec).toBeCloseTo(2, 1);
    expect(videoFailReason(ok, { maxDurationSec: 1 })).toBe('duration_check_failed');
  });

  it('applies the track matrix: a 640x360 clip tagged rotate=90 displays as 360x640', async () => {
    const landscape = await ffmpegFixture('landscape.mp4', [...lavfiVideoArgs({ width: 640, height: 360, fps: 30, seconds: 1, audio: false }), ...x264]);
    // This ffmpeg (5.1) writes the display matrix from the legacy `rotate` tag on stream copy.
    const path = await ffmpegFixture('rotated.mp4', ['-i', landscape, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
    const probe = await ffprobe(path);
    expect(probe.streams[0]?.side_data_list?.[0]?.rotation).toBe(90);
    const ok = await inspectAndCompare(path);
    expect({ width: ok.width, height: ok.height }).toEqual({ width: 360, height: 640 });
  });

  it('NTSC 23.976 fps passes the 23 fps floor', async () => {
    const path = await ffmpegFixture('ntsc.mp4', [...tiny('24000/1001'), ...x264, '-an']);
    const ok = await inspectAndCompare(path);
    expect(ok.fps).toBeCloseTo(23.976, 2);
    expect(videoFailReason(ok)).toBeUndefined();
  });

  it('mdat with a 64-bit largesize and a final box of size 0 (to end of file)', async () => {
    const moovAtEnd = await moovAtEndMp4();
    // ffmpeg reserves an 8-byte 'free' before mdat so it can widen mdat's header in place.
    const large = patchedFixture('largesize.mp4', moovAtEnd, (bytes) => {
      const free = bytes.indexOf(Buffer.from('free', 'latin1')) - 4;
      const mdat = free + 8;
      expect(bytes.toString('latin1', mdat + 4, mdat + 8)).toBe('mdat');
      const size = bytes.readUInt32BE(mdat) + 8;
      bytes.writeUInt32BE(1, free);
      bytes.write('mdat', free + 4, 'latin1');
      bytes.writeBigUInt64BE(BigInt(size), free + 8);
      return bytes;
    });
    const toEof = patchedFixture('size-zero.mp4', await faststartMp4(), (bytes) => {
      const mdat = bytes.indexOf(Buffer.from('mdat', 'latin1')) - 4;
      expect(mdat + bytes.readUInt32BE(mdat)).toBe(bytes.length);
      bytes.writeUInt32BE(0, mdat);
      return bytes;
    });
    for (const path of [large, toEof]) {
      const ok = await inspectAndCompare(path);
      expect(ok).toMatchObject({ container: 'mp4', codec: 'h264', width: 360, height: 640, fps: 30 });
    }
  });
});

describe('inspectVideo on a file past 4 GB', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips a 5 GiB mdat (64-bit size, sparse on disk) to reach moov at the end', async () => {
    const source = readFileSync(await moovAtEndMp4());
    const free = source.indexOf(Buffer.from('free', 'latin1')) - 4;
    const mdatSize = source.readUInt32BE(free + 8);
    const moov = free + 8 + mdatSize;
    expect(source.toString('latin1', moov + 4, moov + 8)).toBe('moov');
    const gap = 5 * 1024 ** 3;
    // 'free' + the 32-bit mdat header become one 16-byte 64-bit header, so chunk offsets hold.
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write('mdat', 4, 'latin1');
    header.writeBigUInt64BE(BigInt(16 + mdatSize - 8 + gap), 8);

    dir = await mkdtemp(join(tmpdir(), 'tokpost-media-'));
    const path = join(dir, 'huge.mp4');
    const handle = await open(path, 'w');
    try {
      await handle.write(source.subarray(0, free), 0, free, 0);
      await handle.write(header, 0, 16, free);
      await handle.write(source.subarray(free + 16, moov), 0, moov - free - 16, free + 16);
      await handle.write(source.subarray(moov), 0, source.length - moov, moov + gap);
    } finally {
      await handle.close();
    }
    expect(statSync(path).size).toBe(source.length + gap);

    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mp4', codec: 'h264', width: 360, height: 640, fps: 30 });
    expect(videoFailReason(ok)).toBeUndefined();
  });
});

describe('videoFailReason maps inspections to TikTok fail_reason values', () => {
  it('15 fps → frame_rate_check_failed', async () => {
    const ok = await inspectAndCompare(await ffmpegFixture('15fps.mp4', [...tiny(15), ...x264, '-an']));
    expect(ok.fps).toBe(15);
    expect(videoFailReason(ok)).toBe('frame_rate_check_failed');
  });

  it('320x240 → picture_size_check_failed', async () => {
    const path = await ffmpegFixture('320x240.mp4', [...lavfiVideoArgs({ width: 320, height: 240, fps: 30, seconds: 1, audio: false }), ...x264]);
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ width: 320, height: 240 });
    expect(videoFailReason(ok)).toBe('picture_size_check_failed');
  });

  it('480p passes the documented 360 px floor but not a scenario minimum of 720', async () => {
    const path = await ffmpegFixture('480x854.mp4', [...lavfiVideoArgs({ width: 480, height: 854, fps: 30, seconds: 1, audio: false }), ...x264]);
    const ok = await inspectAndCompare(path);
    expect(videoFailReason(ok)).toBeUndefined();
    expect(videoFailReason(ok, { minSidePx: 720 })).toBe('picture_size_check_failed');
  });

  it('duration over the creator maximum → duration_check_failed', async () => {
    const path = await ffmpegFixture('2s.mp4', [...tiny(30, 2), ...x264, '-c:a', 'aac']);
    const ok = await inspectAndCompare(path);
    expect(videoFailReason(ok, { maxDurationSec: 1 })).toBe('duration_check_failed');
    expect(videoFailReason(ok, { maxDurationSec: 3 })).toBeUndefined();
  });

  it('the API cap of 600 s and 4096 px apply whatever the creator limit', async () => {
    const ok = expectOk(await inspectVideo(await faststartMp4()));
    expect(videoFailReason({ ...ok, durationSec: 601 }, { maxDurationSec: 900 })).toBe('duration_check_failed');
    expect(videoFailReason({ ...ok, width: 4097 })).toBe('picture_size_check_failed');
    expect(videoFailReason({ ...ok, fps: 61 })).toBe('frame_rate_check_failed');
  });

  it('a codec outside H.264/H.265/VP8/VP9 → file_format_check_failed', async () => {
    const path = await ffmpegFixture('mpeg4-part2.mp4', [...tiny(), '-c:v', 'mpeg4', '-an']);
    const ok = await inspectAndCompare(path);
    expect(ok.codec).toBe('mpeg4');
    expect(videoFailReason(ok)).toBe('file_format_check_failed');
  });

  it('H.264 in Matroska (not WebM) → file_format_check_failed', async () => {
    const path = await ffmpegFixture('h264.mkv', [...tiny(), ...x264, '-an']);
    const ok = await inspectAndCompare(path);
    expect(ok).toMatchObject({ container: 'mkv', codec: 'h264' });
    expect(videoFailReason(ok)).toBe('file_format_check_failed');
  });
});

describe('inspectVideo rejects what is not a complete video', () => {
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['audio-only MP4', () => ffmpegFixture('audio.m4a', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac']), /no video track/],
    ['audio-only WebM', () => ffmpegFixture('audio.webm', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'libopus']), /no video track/],
    [
      'MP4 cut in half',
      async () => patchedFixture('half.mp4', await faststartMp4(), (b) => b.subarray(0, b.length >> 1)),
      /truncated/,
    ],
    [
      'MP4 cut right after moov',
      async () => patchedFixture('moov-only.mp4', await faststartMp4(), (b) => b.subarray(0, b.indexOf(Buffer.from('mdat', 'latin1')) - 4)),
      /truncated/,
    ],
    [
      'WebM cut in half',
      async () => patchedFixture('half.webm', await vp8Webm(), (b) => b.subarray(0, b.length >> 1)),
      /truncated/,
    ],
    ['zero bytes', async () => bytesFixture('empty.mp4', new Uint8Array(0)), /empty/],
    ['random bytes', async () => bytesFixture('random.mp4', pseudoRandom(64 * 1024)), /not an MP4, MOV or WebM/],
    ['a PNG named .mp4', async () => bytesFixture('image.mp4', readFileSync(await pngPhoto())), /PNG image/],
  ];
  it.each(cases)('%s', async (_name, make, reason) => {
    const inspection = await inspectVideo(await make());
    expect(inspection.ok).toBe(false);
    if (!inspection.ok) expect(inspection.reason).toMatch(reason);
    expect(videoFailReason(inspection)).toBe('file_format_check_failed');
  });
});

function pseudoRandom(length: number): Uint8Array {
  const out = Buffer.alloc(length);
  for (let at = 0, n = 0; at < length; n++) at += createHash('sha256').update(`block ${n}`).digest().copy(out, at);
  return out;
}

const still = (width: number, height: number): string[] => ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}`, '-frames:v', '1'];
const pngPhoto = (): Promise<string> => ffmpegFixture('photo.png', still(640, 480));

describe('inspectPhoto', () => {
  const cases: Array<[string, () => Promise<string>, string, number, number, string | undefined]> = [
    ['JPEG at 1080x1920', () => ffmpegFixture('photo-1080x1920.jpg', still(1080, 1920)), 'jpeg', 1080, 1920, undefined],
    ['lossy WebP (VP8)', () => ffmpegFixture('photo-vp8.webp', [...still(640, 480), '-c:v', 'libwebp']), 'webp', 640, 480, 'VP8 '],
    ['lossless WebP (VP8L)', () => ffmpegFixture('photo-vp8l.webp', [...still(642, 478), '-c:v', 'libwebp', '-lossless', '1']), 'webp', 642, 478, 'VP8L'],
    [
      'WebP with alpha (VP8X)',
      // Half-transparent pixels: libwebp drops an all-opaque alpha plane and would write plain VP8.
      () => ffmpegFixture('photo-vp8x.webp', [...still(320, 200), '-vf', 'format=rgba,colorchannelmixer=aa=0.5', '-c:v', 'libwebp']),
      'webp',
      320,
      200,
      'VP8X',
    ],
  ];
  it.each(cases)('%s', async (_name, make, format, width, height, chunk) => {
    const path = await make();
    const bytes = readFileSync(path);
    if (chunk) expect(bytes.toString('latin1', 12, 16)).toBe(chunk);
    const inspection = inspectPhoto(bytes);
    expect(inspection).toEqual({ ok: true, format, width, height, bytes: bytes.length });
    const probed = (await ffprobe(path)).streams[0];
    expect([probed?.width, probed?.height]).toEqual([width, height]);
    expect(photoFailReason(inspection)).toBeUndefined();
  });

  it('PNG is readable but not a TikTok photo format', async () => {
    const inspection = inspectPhoto(readFileSync(await pngPhoto()));
    expect(inspection).toMatchObject({ ok: true, format: 'png', width: 640, height: 480 });
    expect(photoFailReason(inspection)).toBe('file_format_check_failed');
  });

  it('2000x2000 JPEG is over 1080p → picture_size_check_failed', async () => {
    const inspection = inspectPhoto(readFileSync(await ffmpegFixture('photo-2000.jpg', still(2000, 2000))));
    expect(inspection).toMatchObject({ ok: true, format: 'jpeg', width: 2000, height: 2000 });
    expect(photoFailReason(inspection)).toBe('picture_size_check_failed');
  });

  it('a 1080p JPEG over 20 MB → picture_size_check_failed', async () => {
    const jpeg = readFileSync(await ffmpegFixture('photo-1080x1920.jpg', still(1080, 1920)));
    const padded = Buffer.concat([jpeg, Buffer.alloc(20_000_001 - jpeg.length)]);
    const inspection = inspectPhoto(padded);
    expect(inspection).toMatchObject({ ok: true, format: 'jpeg', bytes: 20_000_001 });
    expect(photoFailReason(inspection)).toBe('picture_size_check_failed');
  });

  it('bytes that are no image, or a JPEG cut before its frame header → file_format_check_failed', () => {
    for (const bytes of [pseudoRandom(4096), new Uint8Array(0), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a])]) {
      const inspection = inspectPhoto(bytes);
      expect(inspection.ok).toBe(false);
      expect(photoFailReason(inspection)).toBe('file_format_check_failed');
    }
  });
});
