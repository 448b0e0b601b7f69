// check(probe, options) → findings. Errors are TikTok's documented limits (the post would be
// rejected or fail in processing); warnings are field guidance. The strict profile promotes every
// warning to an error for users who would rather fix first than find out after posting.
import type { PhotoProbe, ProbeResult, UnusableProbe, UnusableReason, VideoProbe } from '../probe/types.js';
import type { Finding, FindingCode } from './findings.js';
import { FIELD_GUIDANCE, PHOTO_RULES, VIDEO_RULES } from './limits.js';

export type CheckProfile = 'standard' | 'strict';

export interface CheckOptions {
  profile?: CheckProfile;
  /** From TikTok's creator_info; without it only the API-wide 10 minute cap applies. */
  creator?: { max_video_post_duration_sec: number };
  /** Expected upload speed in bits per second; enables the upload-window warning. */
  uploadBitsPerSecond?: number;
  /** Images in the photo post this file belongs to (the 35-image cap). */
  photoCount?: number;
  /**
   * What the file is meant to be posted as. Defaults to what its extension says, so a PNG named
   * `.mp4` is reported as a mislabelled file rather than quietly checked as a photo.
   */
  postAs?: 'video' | 'photo';
}

const VIDEO_EXTENSIONS = new Set(['mp4', 'm4v', 'mov', 'qt', 'webm', 'mkv', '3gp']);
const PHOTO_EXTENSIONS = new Set(['jpg', 'jpeg', 'jfif', 'png', 'webp', 'heic', 'heif', 'gif']);

const REENCODE = 'Re-encode to H.264/AAC MP4 at 30 fps (fix() does this).';

function finding(code: FindingCode, severity: Finding['severity'], message: string, measured: Finding['measured'], limit: Finding['limit'], fix: string, fixable: boolean): Finding {
  return { code, severity, message, measured, limit, fix, fixable };
}

const UNUSABLE_CODES: Record<UnusableReason, FindingCode> = {
  empty: 'file_empty',
  truncated: 'file_truncated',
  corrupt: 'file_corrupt',
  unrecognized: 'file_unrecognized',
  'audio-only': 'file_audio_only',
  'unsupported-format': 'file_unsupported_format',
  'too-complex': 'file_too_complex',
};

const UNUSABLE_FIXES: Record<UnusableReason, string> = {
  empty: 'Upload or export the file again.',
  truncated: 'Copy or download the file again in full; a cut-off file cannot be repaired reliably.',
  corrupt: 'Export the video again from the original.',
  unrecognized: 'Choose the actual video or photo file.',
  'audio-only': 'Add a picture: export a video (for example audio over a still image) instead of the sound file.',
  'unsupported-format': 'Export as MP4 (H.264) for video, or JPEG/WebP for photos.',
  'too-complex': 'Export the video again with a standard encoder.',
};

function checkUnusable(p: UnusableProbe): Finding[] {
  const named = p.extension ? ` (named .${p.extension})` : '';
  return [finding(UNUSABLE_CODES[p.reason], 'error', `This file is ${p.detected}${named} and cannot be posted: ${p.detail}.`, p.detected, null, UNUSABLE_FIXES[p.reason], false)];
}

function durationLimit(options: CheckOptions): { sec: number; source: string } {
  const creatorMax = options.creator?.max_video_post_duration_sec;
  if (creatorMax !== undefined && creatorMax > 0) return { sec: Math.min(creatorMax, VIDEO_RULES.maxDurationSec), source: "this creator's limit (max_video_post_duration_sec)" };
  return { sec: VIDEO_RULES.maxDurationSec, source: "TikTok's API limit" };
}

function checkVideo(p: VideoProbe, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const v = p.video;
  const err = (code: FindingCode, message: string, measured: Finding['measured'], limit: Finding['limit'], fix: string, fixable: boolean) =>
    out.push(finding(code, 'error', message, measured, limit, fix, fixable));
  const warn = (code: FindingCode, message: string, measured: Finding['measured'], limit: Finding['limit'], fix: string, fixable: boolean) =>
    out.push(finding(code, 'warning', message, measured, limit, fix, fixable));

  if (!VIDEO_RULES.containers.includes(p.container)) {
    err('video_container_unsupported', `TikTok takes MP4, MOV or WebM; this is ${p.container}.`, p.container, VIDEO_RULES.containers.join('/'), REENCODE, true);
  }
  if (!VIDEO_RULES.codecs.includes(v.codec)) {
    err('video_codec_unsupported', `TikTok decodes H.264, H.265, VP8 and VP9; this video is ${v.codec}.`, v.codec, VIDEO_RULES.codecs.join('/'), REENCODE, true);
  } else if (v.codec !== FIELD_GUIDANCE.preferredCodec) {
    warn('video_not_h264', `${v.codec} is accepted, but H.264 is what TikTok recommends and processes most reliably.`, v.codec, FIELD_GUIDANCE.preferredCodec, REENCODE, true);
  }

  if (v.fps === null) {
    warn('video_fps_unknown', 'The frame rate could not be read from the file, so the 23–60 fps rule cannot be checked.', null, `${VIDEO_RULES.minFps}–${VIDEO_RULES.maxFps}`, REENCODE, true);
  } else if (v.fps < VIDEO_RULES.minFps) {
    err('video_fps_too_low', `${v.fps} fps is below TikTok's minimum of ${VIDEO_RULES.minFps} fps.`, v.fps, VIDEO_RULES.minFps, REENCODE, true);
  } else if (v.fps > VIDEO_RULES.maxFps) {
    err('video_fps_too_high', `${v.fps} fps is above TikTok's maximum of ${VIDEO_RULES.maxFps} fps.`, v.fps, VIDEO_RULES.maxFps, REENCODE, true);
  } else if (v.fps < FIELD_GUIDANCE.minSteadyFps || v.fps > FIELD_GUIDANCE.maxSteadyFps + 0.01) {
    warn('video_fps_outside_24_30', `${v.fps} fps is allowed, but TikTok converts to 24–30 fps and odd rates stutter after conversion.`, v.fps, `${FIELD_GUIDANCE.minSteadyFps}–${FIELD_GUIDANCE.maxSteadyFps}`, REENCODE, true);
  }
  if (v.variableFrameRate) {
    warn('video_variable_frame_rate', 'The frame rate varies through the video (typical of phone recordings); TikTok may drop frames or desync audio.', 'variable', 'constant', REENCODE, true);
  }

  const shortSide = Math.min(v.displayWidth, v.displayHeight);
  const longSide = Math.max(v.displayWidth, v.displayHeight);
  const size = `${v.displayWidth}x${v.displayHeight}`;
  if (shortSide < VIDEO_RULES.minSidePx) {
    err('video_side_too_small', `${size} is below TikTok's minimum of ${VIDEO_RULES.minSidePx} px per side.`, shortSide, VIDEO_RULES.minSidePx, 'Scale up so the shorter side is at least 720 px (fix() does this).', true);
  } else if (shortSide < FIELD_GUIDANCE.minShortSidePx) {
    warn('video_below_720p', `${size} is accepted, but below 720p TikTok's feed shows it blurry.`, shortSide, FIELD_GUIDANCE.minShortSidePx, 'Scale so the shorter side is at least 720 px (fix() does this), or better, export from a higher-resolution original.', true);
  }
  if (longSide > VIDEO_RULES.maxSidePx) {
    err('video_side_too_large', `${size} is above TikTok's maximum of ${VIDEO_RULES.maxSidePx} px per side.`, longSide, VIDEO_RULES.maxSidePx, 'Scale down to at most 4096 px per side (fix() does this).', true);
  }

  if (p.durationSec === 'unknown') {
    warn('video_duration_unknown', 'The file does not state its duration (live-recorded WebM), so the length limit cannot be checked.', 'unknown', durationLimit(options).sec, REENCODE, true);
  } else {
    const limit = durationLimit(options);
    if (p.durationSec > limit.sec + 0.05) {
      err('video_too_long', `${p.durationSec.toFixed(1)} s is longer than ${limit.source} of ${limit.sec} s.`, p.durationSec, limit.sec, `Trim to ${limit.sec} s (fix() with trim: true does this).`, true);
    }
    if (p.durationSec < FIELD_GUIDANCE.minDurationSec) {
      warn('video_shorter_than_3s', `${p.durationSec.toFixed(2)} s is very short; TikTok's own apps require 3 s and such posts often fail processing.`, p.durationSec, FIELD_GUIDANCE.minDurationSec, 'Use a clip of at least 3 seconds.', false);
    }
  }

  if (p.sizeBytes > VIDEO_RULES.maxBytes) {
    err('video_file_too_large', `${p.sizeBytes} bytes is above TikTok's 4 GB limit.`, p.sizeBytes, VIDEO_RULES.maxBytes, 'Re-encode at a lower bitrate (fix() does this).', true);
  }
  if (options.uploadBitsPerSecond && options.uploadBitsPerSecond > 0) {
    const seconds = (p.sizeBytes * 8) / options.uploadBitsPerSecond;
    const budget = FIELD_GUIDANCE.uploadWindowSec * FIELD_GUIDANCE.uploadWindowSafety;
    if (seconds > budget) {
      warn('video_upload_too_slow', `At ${(options.uploadBitsPerSecond / 1e6).toFixed(1)} Mbit/s the upload takes about ${Math.round(seconds / 60)} min; TikTok's upload URL expires one hour after init.`, Math.round(seconds), FIELD_GUIDANCE.uploadWindowSec, 'Re-encode smaller (fix() does this), or use PULL_FROM_URL from a fast server.', true);
    }
  }
  return out;
}

function checkPhoto(p: PhotoProbe, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const convert = 'Convert to JPEG at most 1080p and under 20 MB (fix() does this).';
  if (!PHOTO_RULES.formats.includes(p.format)) {
    out.push(finding('photo_format_unsupported', 'error', `TikTok photo posts take JPEG or WebP; this is ${p.format.toUpperCase()}.`, p.format, PHOTO_RULES.formats.join('/'), convert, true));
  }
  const short = Math.min(p.width, p.height);
  const long = Math.max(p.width, p.height);
  if (short > PHOTO_RULES.maxShortSidePx || long > PHOTO_RULES.maxLongSidePx) {
    out.push(finding('photo_too_large', 'error', `${p.width}x${p.height} is above TikTok's 1080p maximum for photos.`, `${p.width}x${p.height}`, `${PHOTO_RULES.maxLongSidePx}x${PHOTO_RULES.maxShortSidePx}`, convert, true));
  }
  if (p.sizeBytes > PHOTO_RULES.maxBytes) {
    out.push(finding('photo_file_too_large', 'error', `${p.sizeBytes} bytes is above TikTok's 20 MB limit per photo.`, p.sizeBytes, PHOTO_RULES.maxBytes, convert, true));
  }
  if (options.photoCount !== undefined && options.photoCount > PHOTO_RULES.maxImages) {
    out.push(finding('photo_too_many', 'error', `A photo post holds at most ${PHOTO_RULES.maxImages} images; this one has ${options.photoCount}.`, options.photoCount, PHOTO_RULES.maxImages, 'Split the images over several posts.', false));
  }
  return out;
}

function intendedUse(p: ProbeResult, options: CheckOptions): 'video' | 'photo' | null {
  if (options.postAs) return options.postAs;
  if (VIDEO_EXTENSIONS.has(p.extension)) return 'video';
  if (PHOTO_EXTENSIONS.has(p.extension)) return 'photo';
  return null;
}

export function check(p: ProbeResult, options: CheckOptions = {}): Finding[] {
  let findings: Finding[];
  const use = intendedUse(p, options);
  if (p.kind === 'unusable') {
    findings = checkUnusable(p);
  } else if (use !== null && use !== p.kind) {
    const what = p.kind === 'photo' ? `a ${p.format.toUpperCase()} image` : `a ${p.container.toUpperCase()} video`;
    const named = p.extension ? `named .${p.extension}` : 'without an extension';
    findings = [finding('file_mislabelled', 'error', `This file is ${named} but is ${what}, so it cannot be posted as a ${use}.`, what, use,
      use === 'video' ? 'Choose the actual video file, or post this file as a photo.' : 'Choose the actual photo, or post this file as a video.', false)];
  } else {
    findings = p.kind === 'video' ? checkVideo(p, options) : checkPhoto(p, options);
  }
  if (options.profile === 'strict') return findings.map((f) => (f.severity === 'warning' ? { ...f, severity: 'error' } : f));
  return findings;
}
