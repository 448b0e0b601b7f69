// @tokpost/media: preflight for TikTok media. probe() reads what a file is from its headers,
// check() holds it against TikTok's rules and field guidance, fix() makes a copy that passes.
export { createProber, DEFAULT_MAX_READ_BYTES } from './probe/index.js';
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
export { hasErrors } from './rules/findings.js';
export type { Finding, FindingCode, Severity } from './rules/findings.js';
export { FIELD_GUIDANCE, PHOTO_RULES, VIDEO_RULES } from './rules/limits.js';
export { createFixer } from './fix/index.js';
export type { Fixer, FixerDeps, FixOptions, FixProgress, FixResult } from './fix/index.js';
export { FixError } from './fix/errors.js';
export type { FixErrorCode } from './fix/errors.js';
export { targetSize, TARGET_FPS } from './fix/video-plan.js';

import { createProber as makeProber } from './probe/index.js';
import type { ProberOptions as ProbeOpts } from './probe/index.js';
import { createFixer as makeFixer } from './fix/index.js';
import type { FixOptions as FixOpts, FixResult as FixOut } from './fix/index.js';
import type { Finding as FindingT } from './rules/findings.js';
import type { ProbeResult as ProbeOut } from './probe/types.js';

/** One-off probe with default options; use createProber() to share settings. */
export function probe(path: string, options?: ProbeOpts): Promise<ProbeOut> {
  return makeProber(options).probe(path);
}

/** One-off fix with ffmpeg from PATH; use createFixer() to choose the binary. */
export function fix(path: string, findings: readonly FindingT[], options?: FixOpts): Promise<FixOut> {
  return makeFixer().fix(path, findings, options);
}
