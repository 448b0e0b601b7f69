// The soak's statistics, pure so a unit test checks them on hand-computed vectors: the
// least-squares slope of a memory series in MB per hour with its noise band, and the verdict
// against issue 11's goals (memory flat within noise, p99 event-loop delay ≤ 50 ms).
//
// Noise band: two standard errors of the slope (≈ 95 %). A slope inside ±band is "flat": the
// series cannot be told from a level line plus the GC's saw-tooth. The standard error assumes
// independent residuals; GC cycles make neighbouring samples alike, so the band is, if anything,
// narrow, and a "flat" verdict is not flattering.

export const MB = 1_000_000;
export const HOUR_MS = 3_600_000;
export const ELD_GOAL_MS = 50;

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
  /** This interval's p99 event-loop delay. */
  eldP99Ms: number;
  /** p99 event-loop delay since the end of the warm-up. */
  markP99Ms: number;
}

export interface Trend {
  /** MB per hour. */
  slope: number;
  /** ± MB per hour: two standard errors. */
  band: number;
  flat: boolean;
}

export interface ProcessSummary {
  samples: number;
  rss: Trend;
  heap: Trend;
  /** p99 event-loop delay over the measured window (ms). */
  eldP99Ms: number;
  /** The worst interval's p99 (ms). */
  worstIntervalP99Ms: number;
  /** Memory flat and p99 ELD within the goal. */
  ok: boolean;
}

function trend(ts: readonly number[], bytes: readonly number[]): Trend {
  const hours = ts.map((t) => (t - ts[0]!) / HOUR_MS);
  const fit = linearFit(hours, bytes.map((b) => b / MB));
  const band = 2 * fit.slopeStdErr;
  return { slope: fit.slope, band, flat: Math.abs(fit.slope) <= band };
}

/**
 * A process's figures from its samples in [fromMs, untilMs] (the end of the warm-up to the end of
 * the load: the drain after it is lighter work and would bend the slope). The ELD p99
 * is the last measured sample's `markP99Ms`: the probe's histogram since the mark holds every
 * delay observation of the window, which a percentile of interval percentiles would not.
 */
export function summarize(samples: readonly Sample[], fromMs: number, untilMs = Infinity): ProcessSummary {
  const window = samples.filter((s) => s.t >= fromMs && s.t <= untilMs).sort((a, b) => a.t - b.t);
  if (window.length < 3) throw new RangeError(`only ${window.length} samples after the warm-up; run longer`);
  const ts = window.map((s) => s.t);
  const rss = trend(ts, window.map((s) => s.rss));
  const heap = trend(ts, window.map((s) => s.heapUsed));
  const eldP99Ms = window[window.length - 1]!.markP99Ms;
  const worstIntervalP99Ms = Math.max(...window.map((s) => s.eldP99Ms));
  return { samples: window.length, rss, heap, eldP99Ms, worstIntervalP99Ms, ok: rss.flat && heap.flat && eldP99Ms <= ELD_GOAL_MS };
}
