// @tokpost/media: preflight for TikTok media. probe() reads what a file is from its headers,
// check() holds it against TikTok's rules and field guidance, fix() makes a copy that passes.
import { createProber, type ProberOptions } from './probe/index.js';
import type { ProbeResult } from './probe/types.js';
import { createFixer, type FixOptions, type FixResult } from './fix/index.js';
import type { Finding } from './rules/findings.js';

export { createProber };
export { DEFAULT_MAX_READ_BYTES } from './probe/index.js';
export type { Prober, ProberOptions } from './probe/index.js';
export type {
  AudioStreamInfo,
  PhotoFormat,
  PhotoProbe,
  ProbeResult,
  UnusableProbe,
  UnusableReason,
  VideoContainer,
  VideoProbe,
  VideoStreamInfo,
} from './probe/types.js';
export { openBoundedReader, ReadBudgetExceededError } from './io/bounded-reader.js';
export type { BoundedReader, BoundedReaderOptions } from './io/bounded-reader.js';
export { check } from './rules/check.js';
export type { CheckOptions, CheckProfile } from './rules/check.js';
export { FINDING_CODES, hasErrors } from './rules/findings.js';
export type { Finding, FindingCode, Severity } from './rules/findings.js';
export { FIELD_GUIDANCE, PHOTO_RULES, VIDEO_RULES } from './rules/limits.js';
export { createFixer };
export type { Fixer, FixerDeps, FixOptions, FixProgress, FixResult } from './fix/index.js';
export { FixError } from './fix/errors.js';
export type { FixErrorCode } from './fix/errors.js';
export { targetSize, TARGET_FPS } from './fix/video-plan.js';
export { bundledBinaries, describeFfmpeg, findOnPath, resolveFfmpeg } from './tools/resolve-ffmpeg.js';
export type { FfmpegResolution, FfmpegSource, ResolveFfmpegOptions } from './tools/resolve-ffmpeg.js';

/** One-off probe with default options; use createProber() to share settings. */
export function probe(path: string, options?: ProberOptions): Promise<ProbeResult> {
  return createProber(options).probe(path);
}

/** One-off fix with the ffmpeg resolveFfmpeg() finds; use createFixer() to choose the binary. */
export function fix(path: string, findings: readonly Finding[], options?: FixOptions): Promise<FixResult> {
  return createFixer().fix(path, findings, options);
}
