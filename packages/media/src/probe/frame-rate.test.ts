import { describe, expect, it } from 'vitest';
import { roundFps, runsFromTimestamps, summarizeFrameDurations } from './frame-rate.js';

describe('summarizeFrameDurations', () => {
  it('gives the exact rate when every frame has one duration', () => {
    expect(summarizeFrameDurations([{ count: 300, delta: 1001 }], 30000)).toEqual({ fps: 30000 / 1001, variable: false, frameCount: 300 });
  });

  it('ignores a last frame with its own duration, as muxers write it', () => {
    expect(summarizeFrameDurations([{ count: 59, delta: 512 }, { count: 1, delta: 300 }], 15360)).toMatchObject({ fps: 30, variable: false });
  });

  it('calls a one-tick jitter steady (29.97 fps in a millisecond timescale)', () => {
    const runs = runsFromTimestamps(Array.from({ length: 90 }, (_, i) => Math.round((i * 1001) / 30)));
    const s = summarizeFrameDurations(runs, 1000);
    expect(s.variable).toBe(false);
    expect(roundFps(s.fps)).toBeCloseTo(29.97, 1);
  });

  it('tolerates a few odd frames but flags a recording whose rate moves', () => {
    expect(summarizeFrameDurations([{ count: 1, delta: 869 }, { count: 59, delta: 512 }], 15360).variable).toBe(false);
    const phone = [{ count: 30, delta: 1 }, { count: 10, delta: 2 }, { count: 20, delta: 1 }];
    expect(summarizeFrameDurations(phone, 30)).toMatchObject({ variable: true, frameCount: 60, fps: 30 * 60 / 70 });
  });

  it('answers null without frames or time', () => {
    expect(summarizeFrameDurations([], 1000).fps).toBeNull();
    expect(summarizeFrameDurations([{ count: 10, delta: 0 }], 1000).fps).toBeNull();
  });
});

describe('runsFromTimestamps', () => {
  it('sorts presentation order (B-frames) before taking differences', () => {
    expect(runsFromTimestamps([0, 66, 33, 100, 133])).toEqual([{ count: 2, delta: 33 }, { count: 1, delta: 34 }, { count: 1, delta: 33 }]);
  });
});
