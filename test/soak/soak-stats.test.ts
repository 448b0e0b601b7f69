// The soak's statistics on vectors whose answers were worked out by hand (in the comments).
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MB, linearFit, slopeWithBand, summarize, type Sample } from './soak-stats.js';

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

describe('slopeWithBand', () => {
  it('fits 20 samples or more on the means of 10 blocks, with a t(8) band', () => {
    // 20 samples 3 min apart, in 10 blocks of 2: a saw-tooth of ±5 MB inside each block around
    // block means 100, 101, 100, 101, … MB. Block times 0.025 + 0.1·b h: x̄ 0.475, Sxx 0.825;
    // Sxy = 0.1 · 2.5 = 0.25 → slope 0.25 / 0.825 = 0.30303 MB/h. SSE = Syy − slope·Sxy =
    // 2.5 − 0.0757576 = 2.4242424 → SE = √(2.4242424 / 8 / 0.825) = 0.60606 → band 2.306 · SE.
    const ts = Array.from({ length: 20 }, (_, k) => 1_800_000_000_000 + k * 180_000);
    const bytes = ts.map((_, k) => (100 + (Math.floor(k / 2) % 2) + (k % 2 === 0 ? 5 : -5)) * MB);
    const r = slopeWithBand(ts, bytes);
    expect(r.slope).toBeCloseTo(0.3030303, 6);
    expect(r.band).toBeCloseTo(2.306 * 0.6060606, 5);
  });

  it('fits fewer samples directly, with two standard errors', () => {
    // The linearFit vector above, in hours and MB: slope 1.6, SE √0.02.
    const r = slopeWithBand([0, 1, 2, 3].map((h) => h * HOUR_MS), [10, 12, 13, 15].map((v) => v * MB));
    expect(r.slope).toBeCloseTo(1.6, 9);
    expect(r.band).toBeCloseTo(2 * 0.1414213562, 9);
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
    // Second half: the samples at ½ and ¾ h, 99.5 then 100 MB → +2 MB/h.
    expect(s.rss.lateSlope).toBeCloseTo(2, 9);
    expect(s.heap).toEqual({ slope: 0, band: 0, flat: true, lateSlope: 0 });
    // No full collection recorded: the live heap is judged on the heap as sampled.
    expect(s.heapAfterGc).toBeUndefined();
    expect(s.heapLessCode).toBeUndefined();
    expect(s.eldP99Ms).toBe(12.5);
    expect(s.worstIntervalP99Ms).toBe(40);
    expect(s.ok).toBe(true);
  });

  it('a heap that grows 10 MB every quarter hour is 40 MB/h, not flat', () => {
    const s = summarize(steady([50, 60, 70, 80], 12.5), T0, T0 + 3 * q);
    expect(s.heap.slope).toBeCloseTo(40, 9);
    expect(s.heap.band).toBeCloseTo(0, 9);
    expect(s.heap.flat).toBe(false);
    expect(s.heap.lateSlope).toBeCloseTo(40, 9);
    expect(s.ok).toBe(false);
  });

  it('judges the heap after full collections, not the saw-tooth, when there is one', () => {
    // Sampled heap 50, 60, 70, 80 (garbage piling up) but 30 MB live after every full GC.
    const samples = steady([50, 60, 70, 80], 12.5).map((x) => ({ ...x, heapAfterGc: 30 * MB }));
    const s = summarize(samples, T0, T0 + 3 * q);
    expect(s.heap.flat).toBe(false);
    expect(s.heapAfterGc).toEqual({ slope: 0, band: 0, flat: true, lateSlope: 0 });
    expect(s.ok).toBe(true);
  });

  it('splits compiled code out of the live heap, and still judges the whole live heap', () => {
    // Live heap 30, 32, 34, 36 MB (+8 MB/h), of it code 5, 7, 9, 11 MB: the rest stays at 25 MB.
    const code = [5, 7, 9, 11];
    const samples = steady([50, 50, 50, 50], 12.5).map((x, i) => (i === 0 || i === 5 ? x : { ...x, heapAfterGc: (30 + 2 * (i - 1)) * MB, codeAfterGc: code[i - 1]! * MB }));
    const s = summarize(samples, T0, T0 + 3 * q);
    expect(s.heapAfterGc!.slope).toBeCloseTo(8, 9);
    expect(s.heapAfterGc!.flat).toBe(false);
    expect(s.heapLessCode!.slope).toBeCloseTo(0, 9);
    expect(s.heapLessCode!.flat).toBe(true);
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
