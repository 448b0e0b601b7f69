// The soak's statistics on vectors whose answers were worked out by hand (in the comments).
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MB, linearFit, summarize, type Sample } from './soak-stats.js';

describe('linearFit', () => {
  it('gives the least-squares slope, intercept and the slope’s standard error', () => {
    // x̄ 1.5, ȳ 12.5, Sxx 5, Sxy 8 → slope 1.6, intercept 10.1; residuals −0.1, 0.3, −0.3, 0.1 →
    // SSE 0.2 → SE = √(0.2 / 2 / 5) = √0.02.
    const fit = linearFit([0, 1, 2, 3], [10, 12, 13, 15]);
    expect(fit.slope).toBeCloseTo(1.6, 12);
    expect(fit.intercept).toBeCloseTo(10.1, 12);
    expect(fit.slopeStdErr).toBeCloseTo(0.1414213562, 9);
  });

  it('refuses what has no slope', () => {
    expect(() => linearFit([1], [1])).toThrow(/two points/);
    expect(() => linearFit([2, 2, 2], [1, 2, 3])).toThrow(/one x/);
    expect(() => linearFit([1, 2], [1])).toThrow(/length/);
  });
});

describe('summarize', () => {
  const T0 = 1_800_000_000_000;
  const q = HOUR_MS / 4;
  const sample = (t: number, rssMb: number, heapMb: number, eldP99Ms: number, markP99Ms: number): Sample => ({ t, rss: rssMb * MB, heapUsed: heapMb * MB, eldP99Ms, markP99Ms });
  // Before the window (warm-up: big and slow) and after it (drain): both left out.
  const warm = sample(T0 - q, 300, 200, 500, 0);
  const drain = sample(T0 + 4 * q, 10, 10, 1, 99);
  const steady = (heap: number[], lastMark: number): Sample[] => [
    warm,
    sample(T0, 100, heap[0]!, 3, 4),
    sample(T0 + q, 100.5, heap[1]!, 40, 20),
    sample(T0 + 2 * q, 99.5, heap[2]!, 7, 18),
    sample(T0 + 3 * q, 100, heap[3]!, 9, lastMark),
    drain,
  ];

  it('a level series within noise, ELD under the goal: ok', () => {
    // RSS over x = 0, ¼, ½, ¾ h: x̄ 0.375, Sxx 0.3125, Sxy −0.125 → −0.4 MB/h; residuals −0.15, 0.45,
    // −0.45, 0.15 → SSE 0.45 → SE √(0.45 / 2 / 0.3125) = √0.72 → band 2√0.72 = 1.697.
    const s = summarize(steady([50, 50, 50, 50], 12.5), T0, T0 + 3 * q);
    expect(s.samples).toBe(4);
    expect(s.rss.slope).toBeCloseTo(-0.4, 9);
    expect(s.rss.band).toBeCloseTo(1.6970562748, 9);
    expect(s.rss.flat).toBe(true);
    expect(s.heap).toEqual({ slope: 0, band: 0, flat: true });
    expect(s.eldP99Ms).toBe(12.5);
    expect(s.worstIntervalP99Ms).toBe(40);
    expect(s.ok).toBe(true);
  });

  it('a heap that grows 10 MB every quarter hour is 40 MB/h, not flat', () => {
    const s = summarize(steady([50, 60, 70, 80], 12.5), T0, T0 + 3 * q);
    expect(s.heap.slope).toBeCloseTo(40, 9);
    expect(s.heap.band).toBeCloseTo(0, 9);
    expect(s.heap.flat).toBe(false);
    expect(s.ok).toBe(false);
  });

  it('a p99 event-loop delay over 50 ms misses the goal', () => {
    const s = summarize(steady([50, 50, 50, 50], 50.1), T0, T0 + 3 * q);
    expect(s.eldP99Ms).toBe(50.1);
    expect(s.ok).toBe(false);
  });

  it('too few samples after the warm-up is an error, not a verdict', () => {
    expect(() => summarize(steady([50, 50, 50, 50], 1), T0 + 2 * q, T0 + 3 * q)).toThrow(/only 2 samples/);
  });
});
