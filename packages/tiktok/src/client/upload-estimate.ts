// Can the rest of an upload arrive before TikTok's one-hour upload window closes? A pure estimate
// from the speed measured so far; the uploader reports it with every progress event and can stop
// early instead of failing at minute 59.

export interface UploadEstimateInput {
  totalBytes: number;
  /** Bytes TikTok has confirmed. */
  confirmedBytes: number;
  /** Measured throughput; undefined before anything was measured. */
  bytesPerSecond: number | undefined;
  nowMs: number;
  /** When the upload URL expires. */
  windowEndsAt: number;
  /** Multiplies the estimated remaining time to leave headroom (default 1.2). */
  safetyFactor?: number;
}

export interface UploadEstimate {
  remainingBytes: number;
  remainingWindowMs: number;
  bytesPerSecond: number | undefined;
  /** Estimated time to send the remaining bytes (undefined without a measured speed). */
  etaMs: number | undefined;
  /** The speed needed to finish in time, with the safety factor applied. */
  requiredBytesPerSecond: number;
  /** true/false once a speed is known; undefined before. false whenever the window has closed. */
  fits: boolean | undefined;
}

export function estimateUpload(input: UploadEstimateInput): UploadEstimate {
  const safety = input.safetyFactor ?? 1.2;
  const remainingBytes = Math.max(0, input.totalBytes - input.confirmedBytes);
  const remainingWindowMs = input.windowEndsAt - input.nowMs;
  const speed = input.bytesPerSecond !== undefined && input.bytesPerSecond > 0 && Number.isFinite(input.bytesPerSecond) ? input.bytesPerSecond : undefined;
  const etaMs = speed === undefined ? undefined : (remainingBytes / speed) * 1000;
  const requiredBytesPerSecond = remainingWindowMs > 0 ? (remainingBytes * safety * 1000) / remainingWindowMs : Number.POSITIVE_INFINITY;
  let fits: boolean | undefined;
  if (remainingBytes === 0) fits = true;
  else if (remainingWindowMs <= 0) fits = false;
  else if (etaMs !== undefined) fits = etaMs * safety <= remainingWindowMs;
  return { remainingBytes, remainingWindowMs, bytesPerSecond: speed, etaMs, requiredBytesPerSecond, fits };
}
