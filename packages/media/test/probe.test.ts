// Every probe field, for every corpus file, against ffprobe's answer for the same file.
import { beforeAll, describe, expect, it } from 'vitest';
import { createProber } from '../src/index.js';
import type { ProbeResult } from '../src/index.js';
import { buildCorpus, CORPUS_RECIPES } from './support/corpus.js';
import type { CorpusEntry } from './support/corpus.js';
import { disagreements, variableFromPts } from './support/agreement.js';
import { ffprobe } from './support/ffprobe.js';
import type { FfprobeAnswer } from './support/ffprobe.js';

const prober = createProber();
let corpus: CorpusEntry[] = [];
const answers = new Map<string, { ours: ProbeResult; theirs: FfprobeAnswer }>();

// The WebM prober samples this many video blocks for timing; ffprobe is asked for the same window.
const WEBM_SAMPLE = 90;

beforeAll(async () => {
  corpus = await buildCorpus();
  for (const entry of corpus) {
    const ours = await prober.probe(entry.path);
    const theirs = await ffprobe(entry.path, entry.name.endsWith('.webm') ? WEBM_SAMPLE : null);
    answers.set(entry.name, { ours, theirs });
  }
});

const get = (name: string) => {
  const a = answers.get(name);
  if (!a) throw new Error(`no answer for ${name}`);
  return a;
};

const videoNames = CORPUS_RECIPES.filter((r) => r.kind === 'video').map((r) => r.name);
const photoNames = CORPUS_RECIPES.filter((r) => r.kind === 'photo').map((r) => r.name);
const unusableNames = CORPUS_RECIPES.filter((r) => r.kind === 'unusable').map((r) => r.name);

describe('probe agrees with ffprobe on videos', () => {
  it.each(videoNames)('%s', (name) => {
    const { ours, theirs } = get(name);
    expect(ours.kind).toBe('video');
    if (ours.kind !== 'video' || !theirs.video) throw new Error('ffprobe found no video');
    expect(ours.sizeBytes).toBe(theirs.sizeBytes);
    // Container: ffprobe names the family; the brand (qt → MOV) or DocType says which member.
    if (ours.container === 'webm' || ours.container === 'matroska') expect(theirs.formatName).toBe('matroska,webm');
    else {
      expect(theirs.formatName).toContain('mp4');
      expect(ours.container).toBe(theirs.majorBrand?.trim() === 'qt' ? 'mov' : 'mp4');
    }
    expect(ours.video.codec).toBe(theirs.video.codec);
    expect(ours.video.profile).toBe(theirs.video.profile);
    expect(ours.audio?.codec ?? null).toBe(theirs.audioCodec);
    expect(ours.video.width).toBe(theirs.video.width);
    expect(ours.video.height).toBe(theirs.video.height);
    expect(ours.video.rotation).toBe(theirs.video.rotation);
    const swap = theirs.video.rotation % 180 !== 0;
    expect([ours.video.displayWidth, ours.video.displayHeight]).toEqual(swap ? [theirs.video.height, theirs.video.width] : [theirs.video.width, theirs.video.height]);
    expect(ours.video.fps).not.toBeNull();
    expect(ours.video.fps ?? 0).toBeCloseTo(theirs.video.avgFps ?? 0, 2);
    expect(ours.video.variableFrameRate).toBe(variableFromPts(theirs.videoPts));
    expect(disagreements(ours, theirs)).toEqual([]);
    if (theirs.video.frameCount !== null) expect(ours.video.frameCount).toBe(theirs.video.frameCount);
    if (theirs.durationSec === 'unknown') {
      expect(ours.durationSec).toBe('unknown');
      expect(ours.bitrate).toBeNull();
    } else {
      expect(typeof ours.durationSec).toBe('number');
      expect(ours.durationSec as number).toBeCloseTo(theirs.durationSec, 3);
      expect(Math.abs((ours.bitrate ?? 0) - (theirs.bitrate ?? 0))).toBeLessThanOrEqual(1);
    }
    expect(ours.extensionMatches).toBe(true);
  });
});

describe('probe agrees with ffprobe on photos', () => {
  const FORMAT_OF_CODEC: Record<string, string> = { mjpeg: 'jpeg', png: 'png', webp: 'webp' };
  it.each(photoNames)('%s', (name) => {
    const { ours, theirs } = get(name);
    expect(ours.kind).toBe('photo');
    if (ours.kind !== 'photo' || !theirs.video) throw new Error('ffprobe found no image');
    expect(ours.format).toBe(FORMAT_OF_CODEC[theirs.video.codec]);
    expect([ours.width, ours.height]).toEqual([theirs.video.width, theirs.video.height]);
    expect(ours.sizeBytes).toBe(theirs.sizeBytes);
    expect(ours.extensionMatches).toBe(!name.endsWith('.mp4'));
    expect(disagreements(ours, theirs)).toEqual([]);
  });
});

describe('probe names what bad input is instead of failing', () => {
  it.each(unusableNames)('%s', (name) => {
    const { ours, theirs } = get(name);
    expect(ours.kind).toBe('unusable');
    // ffprobe either refuses the file or finds no picture in it.
    expect(!theirs.ok || theirs.video === null).toBe(true);
    expect(disagreements(ours, theirs)).toEqual([]);
  });

  it('tells each kind of bad input apart', () => {
    const reasons = Object.fromEntries(unusableNames.map((n) => { const p = get(n).ours; return [n, p.kind === 'unusable' ? [p.reason, p.detected] : null]; }));
    expect(reasons).toEqual({
      'audio-only.mp4': ['audio-only', 'MP4 with audio only (aac)'],
      'truncated.mp4': ['truncated', 'MP4 (truncated)'],
      'zero-bytes.mp4': ['empty', 'empty file (0 bytes)'],
      'random-bytes.mp4': ['unrecognized', 'unrecognized data'],
    });
  });

  it('reads bytes, not names: a PNG called .mp4 is a PNG', () => {
    const { ours, theirs } = get('png-renamed.mp4');
    expect(theirs.video?.codec).toBe('png');
    expect(ours).toMatchObject({ kind: 'photo', format: 'png', extension: 'mp4', extensionMatches: false });
  });
});

describe('probe reads headers, not media', () => {
  it('exercises the layouts it claims to: moov at the end, fragments, live WebM, real VFR', () => {
    expect(get('moov-at-end.mp4').ours).toMatchObject({ kind: 'video', fragmented: false });
    expect(get('fragmented.mp4').ours).toMatchObject({ kind: 'video', fragmented: true });
    expect(get('live.webm').ours).toMatchObject({ kind: 'video', durationSec: 'unknown', bitrate: null });
    expect(get('vfr.mp4').ours).toMatchObject({ kind: 'video', video: { variableFrameRate: true } });
    expect(get('rotated-90.mp4').ours).toMatchObject({ kind: 'video', video: { rotation: 90, displayWidth: 360, displayHeight: 640 } });
    expect(get('29.97fps.mp4').ours).toMatchObject({ kind: 'video', video: { fps: 29.97 } });
  });

  it('reads a small fraction of every video', () => {
    for (const name of videoNames) {
      const { ours } = get(name);
      // MP4/MOV: ftyp + moov (+ moofs). WebM: headers plus the sampled block headers, whose
      // read-ahead is capped at 256 KB.
      const cap = ours.kind === 'video' && (ours.container === 'webm' || ours.container === 'matroska') ? 300 * 1024 : 16 * 1024;
      expect(ours.bytesRead, name).toBeLessThan(cap);
      expect(ours.bytesRead, name).toBeLessThan(ours.sizeBytes);
    }
  });
});
