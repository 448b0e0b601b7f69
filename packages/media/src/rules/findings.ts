// A finding is one thing wrong with a file, in a shape the engine, API, CLI and UI all show the
// same way. Codes are stable identifiers: renaming one is a breaking change for the diagnostics
// catalog that maps them to explanations.

/** Every finding code, so consumers (the diagnostics catalog and its tests) can list them. */
export const FINDING_CODES = [
  // the file itself
  'file_empty',
  'file_truncated',
  'file_corrupt',
  'file_unrecognized',
  'file_audio_only',
  'file_unsupported_format',
  'file_too_complex',
  'file_mislabelled',
  // TikTok's video rules
  'video_container_unsupported',
  'video_codec_unsupported',
  'video_fps_too_low',
  'video_fps_too_high',
  'video_side_too_small',
  'video_side_too_large',
  'video_too_long',
  'video_file_too_large',
  // field guidance for video
  'video_duration_unknown',
  'video_fps_unknown',
  'video_below_720p',
  'video_shorter_than_3s',
  'video_not_h264',
  'video_fps_outside_24_30',
  'video_variable_frame_rate',
  'video_upload_too_slow',
  // TikTok's photo rules
  'photo_format_unsupported',
  'photo_too_large',
  'photo_file_too_large',
  'photo_too_many',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'error' | 'warning';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One sentence for people: what is wrong and why TikTok cares. */
  message: string;
  /** What we measured (px, fps, seconds, bytes, a codec name…), null when nothing was measurable. */
  measured: number | string | null;
  /** The limit it was held against. */
  limit: number | string | null;
  /** What to do about it. */
  fix: string;
  /** Whether fix() can repair it. */
  fixable: boolean;
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');
