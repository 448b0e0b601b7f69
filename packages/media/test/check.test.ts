// The rules, on real probes of the corpus (what users will hit) and on edited probes for limits no
// cheap fixture reaches (4 GB files, 120 fps, 5000 px).
import { beforeAll, describe, expect, it } from 'vitest';
import { check, createProber, hasErrors } from '../src/index.js';
import type { Finding, PhotoProbe, ProbeResult, VideoProbe } from '../src/index.js';
import { buildCorpus } from './support/corpus.js';

const probes = new Map<string, ProbeResult>();

beforeAll(async () => {
  const prober = createProber();
  for (const entry of await buildCorpus()) probes.set(entry.name, await prober.probe(entry.path));
});

function probeOf(name: string): ProbeResult {
  const p = probes.get(name);
  if (!p) throw new Error(`missing ${name}`);
  return p;
}

function video(name = '720p30-h264.mp4'): VideoProbe {
  const p = probeOf(name);
  if (p.kind !== 'video') throw new Error(`${name} is not a video`);
  return structuredClone(p);
}

function photo(name = 'photo.jpg'): PhotoProbe {
  const p = probeOf(name);
  if (p.kind !== 'photo') throw new Error(`${name} is not a photo`);
  return structuredClone(p);
}

const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.severity}:${f.code}`).sort();

describe('check on the corpus', () => {
  it('passes a 720p30 H.264 MP4 of 4 s without findings', () => {
    expect(check(probeOf('720p30-h264.mp4'))).toEqual([]);
  });

  it.each([
    ['480p.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['15fps.mp4', ['error:video_fps_too_low', 'warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['2s.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['29.97fps.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['vertical-1080x1920.mp4', ['warning:video_shorter_than_3s']],
    ['rotated-90.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['vfr.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s', 'warning:video_variable_frame_rate']],
    ['hevc.mov', ['warning:video_below_720p', 'warning:video_not_h264', 'warning:video_shorter_than_3s']],
    ['vp9.webm', ['warning:video_below_720p', 'warning:video_not_h264', 'warning:video_shorter_than_3s']],
    ['vp8.webm', ['warning:video_below_720p', 'warning:video_not_h264', 'warning:video_shorter_than_3s']],
    ['mpeg4-part2.mp4', ['error:video_codec_unsupported', 'warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['h264.mkv', ['error:video_container_unsupported', 'warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['live.webm', ['warning:video_below_720p', 'warning:video_duration_unknown', 'warning:video_not_h264']],
    ['moov-at-end.mp4', ['warning:video_shorter_than_3s']],
    ['fragmented.mp4', ['warning:video_below_720p', 'warning:video_shorter_than_3s']],
    ['audio-only.mp4', ['error:file_audio_only']],
    ['truncated.mp4', ['error:file_truncated']],
    ['zero-bytes.mp4', ['error:file_empty']],
    ['random-bytes.mp4', ['error:file_unrecognized']],
    ['png-renamed.mp4', ['error:file_mislabelled']],
    ['photo.jpg', []],
    ['photo.webp', []],
    ['photo.png', ['error:photo_format_unsupported']],
    ['photo-4k.jpg', ['error:photo_too_large']],
  ])('%s', (name, expected) => {
    expect(codes(check(probeOf(name)))).toEqual(expected);
  });

  it('uses the rotated (displayed) size: a 640x360 clip shown as 360x640 is measured on its 360 px side', () => {
    const f = check(probeOf('rotated-90.mp4')).find((x) => x.code === 'video_below_720p');
    expect(f).toMatchObject({ measured: 360, limit: 720 });
  });

  it('reports measured value, limit and fix on every finding', () => {
    for (const [name, p] of probes) {
      for (const f of check(p)) {
        expect(f.message.length, name).toBeGreaterThan(10);
        expect(f.fix.length, name).toBeGreaterThan(5);
        expect(f.measured, `${name} ${f.code}`).not.toBeUndefined();
        expect(typeof f.fixable).toBe('boolean');
      }
    }
    expect(check(probeOf('15fps.mp4')).find((f) => f.code === 'video_fps_too_low')).toMatchObject({ measured: 15, limit: 23, fixable: true });
  });

  it("says what a bad file is and why it can't be posted", () => {
    const [empty] = check(probeOf('zero-bytes.mp4'));
    expect(empty?.message).toMatch(/empty file \(0 bytes\).*cannot be posted/);
    const [audio] = check(probeOf('audio-only.mp4'));
    expect(audio?.message).toMatch(/audio only \(aac\).*no picture/);
    const [renamed] = check(probeOf('png-renamed.mp4'));
    expect(renamed?.message).toBe('This file is named .mp4 but is a PNG image, so it cannot be posted as a video.');
    expect([empty, audio, renamed].every((f) => f?.fixable === false)).toBe(true);
  });

  it('checks a mislabelled PNG as a photo when it is posted as one', () => {
    expect(codes(check(probeOf('png-renamed.mp4'), { postAs: 'photo' }))).toEqual(['error:photo_format_unsupported']);
  });
});

describe('duration against the creator', () => {
  it("errors past the creator's max_video_post_duration_sec", () => {
    const f = check(probeOf('720p30-h264.mp4'), { creator: { max_video_post_duration_sec: 3 } });
    expect(f).toEqual([expect.objectContaining({ code: 'video_too_long', severity: 'error', measured: 4, limit: 3, fixable: true })]);
  });

  it('applies the API-wide 10 minutes without creator info', () => {
    const p = video();
    p.durationSec = 601;
    expect(codes(check(p))).toEqual(['error:video_too_long']);
    expect(check(p, { creator: { max_video_post_duration_sec: 900 } })[0]?.limit).toBe(600);
  });
});

describe("TikTok's documented limits", () => {
  it.each<[string, (p: VideoProbe) => void, string]>([
    ['Matroska container', (p) => { p.container = 'matroska'; }, 'error:video_container_unsupported'],
    ['AV1 codec', (p) => { p.video.codec = 'av1'; }, 'error:video_codec_unsupported'],
    ['22 fps', (p) => { p.video.fps = 22; }, 'error:video_fps_too_low'],
    ['23 fps (allowed, but outside 24–30)', (p) => { p.video.fps = 23; }, 'warning:video_fps_outside_24_30'],
    ['60 fps (allowed, but outside 24–30)', (p) => { p.video.fps = 60; }, 'warning:video_fps_outside_24_30'],
    ['120 fps', (p) => { p.video.fps = 120; }, 'error:video_fps_too_high'],
    ['359 px side', (p) => { p.video.displayWidth = 359; }, 'error:video_side_too_small'],
    ['4097 px side', (p) => { p.video.displayHeight = 4097; }, 'error:video_side_too_large'],
    ['file over 4 GB', (p) => { p.sizeBytes = 4_000_000_001; }, 'error:video_file_too_large'],
  ])('%s', (_label, edit, expected) => {
    const p = video();
    edit(p);
    expect(codes(check(p))).toContain(expected);
    expect(check(p).filter((f) => f.code === expected.split(':')[1])).toHaveLength(1);
  });

  it('accepts the edges: 360 px, 4096 px, 23 and 60 fps are not errors', () => {
    const p = video();
    p.video.displayWidth = 360;
    p.video.displayHeight = 4096;
    for (const fps of [23, 60]) {
      p.video.fps = fps;
      expect(hasErrors(check(p))).toBe(false);
    }
  });

  it('photos: WebP/JPEG only, 1080p, 20 MB, 35 per post', () => {
    const big = photo();
    big.sizeBytes = 20_000_001;
    expect(codes(check(big))).toEqual(['error:photo_file_too_large']);
    expect(codes(check(photo(), { photoCount: 36 }))).toEqual(['error:photo_too_many']);
    expect(check(photo(), { photoCount: 35 })).toEqual([]);
    const portrait = photo();
    [portrait.width, portrait.height] = [1080, 1920];
    expect(check(portrait)).toEqual([]);
    portrait.width = 1081;
    expect(codes(check(portrait))).toEqual(['error:photo_too_large']);
  });
});

describe('field guidance', () => {
  it('warns when the upload would not finish well inside the one-hour upload URL lifetime', () => {
    const p = video();
    p.sizeBytes = 2_000_000_000;
    const slow = check(p, { uploadBitsPerSecond: 4_000_000 });
    expect(slow).toEqual([expect.objectContaining({ code: 'video_upload_too_slow', severity: 'warning', measured: 4000, limit: 3600 })]);
    expect(check(p, { uploadBitsPerSecond: 100_000_000 })).toEqual([]);
  });

  it('the strict profile turns every warning into an error', () => {
    const standard = check(probeOf('vfr.mp4'));
    const strict = check(probeOf('vfr.mp4'), { profile: 'strict' });
    expect(standard.every((f) => f.severity === 'warning')).toBe(true);
    expect(strict.map((f) => f.code)).toEqual(standard.map((f) => f.code));
    expect(strict.every((f) => f.severity === 'error')).toBe(true);
    expect(hasErrors(standard)).toBe(false);
    expect(hasErrors(strict)).toBe(true);
  });
});
