// Average frame rate and the variable-frame-rate verdict from per-frame durations.
// Phones record VFR (the rate drops in low light); TikTok's transcoder copes less well with it than
// with a steady 30 fps, so we flag it. Timestamps are integers in the track's timescale, so a
// steady 29.97 fps in a 1 ms timescale alternates 33/34: that jitter of one tick is not "variable".

export interface DurationRun {
  count: number;
  delta: number;
}

export interface FrameRateSummary {
  fps: number | null;
  variable: boolean;
  frameCount: number;
}

/**
 * Tolerance for calling two frame durations equal: 2 %, or one tick when ticks are fine enough
 * (10+ per frame) that a one-tick difference is rounding, not a different rate.
 */
function sameDuration(a: number, b: number): boolean {
  const larger = Math.max(a, b);
  return Math.abs(a - b) <= Math.max(larger >= 10 ? 1 : 0, 0.02 * larger);
}

/**
 * Share of frames allowed off the dominant duration before the rate counts as variable. Muxers
 * leave a few odd frames at edit points and fragment joins (ffmpeg's fragmented MP4 stretches the
 * first frame to line up with AAC priming); a phone's VFR recording moves a large share.
 */
const VARIABLE_SHARE = 0.05;

function isVariable(runs: readonly DurationRun[]): boolean {
  const byDelta = new Map<number, number>();
  for (const r of runs) byDelta.set(r.delta, (byDelta.get(r.delta) ?? 0) + r.count);
  let dominant = 0;
  let best = -1;
  for (const [delta, count] of byDelta) {
    if (count > best) [dominant, best] = [delta, count];
  }
  const total = runs.reduce((n, r) => n + r.count, 0);
  const off = runs.reduce((n, r) => n + (sameDuration(r.delta, dominant) ? 0 : r.count), 0);
  return total > 0 && off / total > VARIABLE_SHARE;
}

export function summarizeFrameDurations(runs: readonly DurationRun[], timescale: number): FrameRateSummary {
  const frameCount = runs.reduce((n, r) => n + r.count, 0);
  const total = runs.reduce((n, r) => n + r.count * r.delta, 0);
  if (frameCount === 0 || total <= 0 || timescale <= 0) return { fps: null, variable: false, frameCount };
  // Muxers often give the last frame a different duration (end of stream); like ffmpeg, ignore it.
  const last = runs[runs.length - 1];
  const body = runs.length > 1 && last && last.count === 1 ? runs.slice(0, -1) : runs;
  const first = body[0];
  const variable = isVariable(body);
  // One duration for every frame (but perhaps the last): the exact rate, as ffprobe reports it.
  const fps = body.length === 1 && first && first.delta > 0 ? timescale / first.delta : (frameCount * timescale) / total;
  return { fps, variable, frameCount };
}

/** Runs from a list of presentation timestamps (WebM blocks), in the same units. */
export function runsFromTimestamps(timestamps: readonly number[]): DurationRun[] {
  const sorted = [...timestamps].sort((a, b) => a - b);
  const runs: DurationRun[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const delta = (sorted[i] ?? 0) - (sorted[i - 1] ?? 0);
    const prev = runs[runs.length - 1];
    if (prev && prev.delta === delta) prev.count++;
    else runs.push({ count: 1, delta });
  }
  return runs;
}

/** Three decimals: enough for 29.97 and free of timescale noise (WebM stores nanoseconds per frame). */
export const roundFps = (fps: number | null): number | null => (fps === null ? null : Math.round(fps * 1000) / 1000);
