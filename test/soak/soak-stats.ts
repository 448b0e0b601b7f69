// The soak's statistics, pure so a unit test checks them on hand-computed vectors: the
// least-squares slope of a memory series in MB per hour with its noise band, and the verdict
// against issue 11's goals (memory flat within noise, p99 event-loop delay ≤ 50 ms).
//
// Noise band: a 95 % interval of the slope. Neighbouring samples are not independent (a heap
// climbs between collections and drops at each one), so a plain standard error over every sample
// would be too narrow and call GC noise a trend. With 20 samples or more the fit is made on the
// means of 10 equal consecutive blocks (batch means), whose errors are close to independent, and
// the band is t(0.975, 8 dof) = 2.306 standard errors; with fewer samples, on the samples with two
// standard errors. A slope inside ±band is "flat".
//
// Memory that climbs and then levels off (allocator pools and V8's old space sizing themselves to
// the load) has a positive slope over the whole window and ~0 over its second half; a leak keeps
// climbing in both. Both slopes are reported; the verdict uses the whole window.

export const MB = 1_000_000;
export const HOUR_MS = 3_600_000;
export const ELD_GOAL_MS = 50;
const BLOCKS = 10;
const T_975_8 = 2.306;

export interface Fit {
  /** Units of y per unit of x. */
  slope: number;
  intercept: number;
  /** Standard error of the slope (0 with fewer than 3 points). */
  slopeStdErr: number;
}

/** Ordinary least squares of y on x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): Fit {
  const n = xs.length;
  if (n !== ys.length) throw new RangeError(`x and y differ in length (${n} and ${ys.length})`);
  if (n < 2) throw new RangeError('a slope needs at least two points');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) throw new RangeError('all points share one x');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (n < 3) return { slope, intercept, slopeStdErr: 0 };
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  return { slope, intercept, slopeStdErr: Math.sqrt(sse / (n - 2) / sxx) };
}

export interface Sample {
  /** Epoch ms. */
  t: number;
  rss: number;
  heapUsed: number;
  /** Heap used right after the last full collection (0 before the first one). */
  heapAfterGc?: number;
  /** Of that heap, the compiled code (the code spaces) after the same collection. */
  codeAfterGc?: number;
  /** This interval's p99 event-loop delay. */
  eldP99Ms: number;
  /** p99 event-loop delay since the end of the warm-up. */
  markP99Ms: number;
}

export interface Trend {
  /** MB per hour over the window. */
  slope: number;
  /** ± MB per hour: the 95 % interval. */
  band: number;
  flat: boolean;
  /** MB per hour over the window's second half. */
  lateSlope: number;
}

export interface ProcessSummary {
  samples: number;
  rss: Trend;
  /** Heap used as sampled (with the garbage between collections). */
  heap: Trend;
  /** Heap after full collections (undefined when the process had none in the window). */
  heapAfterGc: Trend | undefined;
  /**
   * The heap after full collections less its compiled code (undefined without code figures): what
   * the program's own objects hold. Printed next to the live heap to tell the JIT's warm-up from a
   * leak; the verdict still takes the whole live heap.
   */
  heapLessCode: Trend | undefined;
  /** p99 event-loop delay over the measured window (ms). */
  eldP99Ms: number;
  /** The worst interval's p99 (ms). */
  worstIntervalP99Ms: number;
  /** RSS and the live heap flat, p99 ELD within the goal. */
  ok: boolean;
}

/** Slope and band of `bytes` over `ts` (epoch ms), in MB per hour. */
export function slopeWithBand(ts: readonly number[], bytes: readonly number[]): { slope: number; band: number } {
  const hours = ts.map((t) => (t - ts[0]!) / HOUR_MS);
  const mbs = bytes.map((b) => b / MB);
  if (ts.length < 2 * BLOCKS) {
    const fit = linearFit(hours, mbs);
    return { slope: fit.slope, band: 2 * fit.slopeStdErr };
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const from = Math.floor((b * ts.length) / BLOCKS);
    const to = Math.floor(((b + 1) * ts.length) / BLOCKS);
    xs.push(hours.slice(from, to).reduce((a, v) => a + v, 0) / (to - from));
    ys.push(mbs.slice(from, to).reduce((a, v) => a + v, 0) / (to - from));
  }
  const fit = linearFit(xs, ys);
  return { slope: fit.slope, band: T_975_8 * fit.slopeStdErr };
}

function trend(ts: readonly number[], bytes: readonly number[]): Trend {
  const { slope, band } = slopeWithBand(ts, bytes);
  const mid = (ts[0]! + ts[ts.length - 1]!) / 2;
  const late = ts.map((t, i) => [t, bytes[i]!] as const).filter(([t]) => t >= mid);
  return { slope, band, flat: Math.abs(slope) <= band, lateSlope: late.length >= 2 ? slopeWithBand(late.map(([t]) => t), late.map(([, b]) => b)).slope : NaN };
}

/**
 * A process's figures from its samples in [fromMs, untilMs] (the end of the warm-up to the end of
 * the load: the drain after it is lighter work and would bend the slope). The ELD p99 is the last
 * measured sample's `markP99Ms`: the probe's histogram since the mark holds every delay
 * observation of the window, which a percentile of interval percentiles would not.
 */
export function summarize(samples: readonly Sample[], fromMs: number, untilMs = Infinity): ProcessSummary {
  const window = samples.filter((s) => s.t >= fromMs && s.t <= untilMs).sort((a, b) => a.t - b.t);
  if (window.length < 3) throw new RangeError(`only ${window.length} samples after the warm-up; run longer`);
  const ts = window.map((s) => s.t);
  const rss = trend(ts, window.map((s) => s.rss));
  const heap = trend(ts, window.map((s) => s.heapUsed));
  const gc = window.filter((s) => (s.heapAfterGc ?? 0) > 0);
  const heapAfterGc = gc.length >= 3 ? trend(gc.map((s) => s.t), gc.map((s) => s.heapAfterGc!)) : undefined;
  const withCode = gc.filter((s) => (s.codeAfterGc ?? 0) > 0);
  const heapLessCode = withCode.length >= 3 ? trend(withCode.map((s) => s.t), withCode.map((s) => s.heapAfterGc! - s.codeAfterGc!)) : undefined;
  const eldP99Ms = window[window.length - 1]!.markP99Ms;
  const worstIntervalP99Ms = Math.max(...window.map((s) => s.eldP99Ms));
  const liveHeap = heapAfterGc ?? heap;
  return { samples: window.length, rss, heap, heapAfterGc, heapLessCode, eldP99Ms, worstIntervalP99Ms, ok: rss.flat && liveHeap.flat && eldP99Ms <= ELD_GOAL_MS };
}
