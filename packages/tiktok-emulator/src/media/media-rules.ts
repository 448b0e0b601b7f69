// TikTok's media checks (docs/tiktok-api.md §11) as pure functions from an inspection to the
// `fail_reason` TikTok would report (§8.2), or undefined when the media passes. Checks run in a
// fixed order — format, frame rate, picture size, duration — so a file breaking several rules
// always gets the same reason.
import { PHOTO_LIMITS, VIDEO_LIMITS } from '@tokpost/tiktok/contract';
import type { PhotoInspection } from './inspect-photo.js';
import type { VideoInspection } from './video-inspection.js';

export type MediaFailReason =
  | 'file_format_check_failed'
  | 'frame_rate_check_failed'
  | 'picture_size_check_failed'
  | 'duration_check_failed';

export interface VideoRuleOptions {
  /** The creator's `max_video_post_duration_sec`; the API's own 600 s cap applies regardless. */
  maxDurationSec?: number;
  /** Shortest allowed side; TikTok documents 360, scenarios may raise it (e.g. 720). */
  minSidePx?: number;
}

/**
 * Average fps is measured, not declared, so it lands slightly off the nominal rate: WebM block
 * timestamps are whole milliseconds, and MP4 muxers stretch the last frame to the audio's end
 * (a 2 s 30 fps clip with AAC averages 29.66, as ffprobe also reports). 1% slack absorbs that
 * without admitting any real-world rate outside 23–60.
 */
const FPS_SLACK = 0.01;

export function videoFailReason(inspection: VideoInspection, options: VideoRuleOptions = {}): MediaFailReason | undefined {
  if (!inspection.ok) return 'file_format_check_failed';
  if (!includes(VIDEO_LIMITS.containers, inspection.container) || !includes(VIDEO_LIMITS.codecs, inspection.codec)) {
    return 'file_format_check_failed';
  }
  const { fps } = inspection;
  if (!Number.isFinite(fps) || fps < VIDEO_LIMITS.minFps * (1 - FPS_SLACK) || fps > VIDEO_LIMITS.maxFps * (1 + FPS_SLACK)) {
    return 'frame_rate_check_failed';
  }
  const minSide = options.minSidePx ?? VIDEO_LIMITS.minSidePx;
  if (Math.min(inspection.width, inspection.height) < minSide || Math.max(inspection.width, inspection.height) > VIDEO_LIMITS.maxSidePx) {
    return 'picture_size_check_failed';
  }
  const maxDuration = Math.min(options.maxDurationSec ?? VIDEO_LIMITS.maxDurationSec, VIDEO_LIMITS.maxDurationSec);
  if (inspection.durationSec !== undefined && inspection.durationSec > maxDuration) return 'duration_check_failed';
  return undefined;
}

export function photoFailReason(inspection: PhotoInspection): MediaFailReason | undefined {
  if (!inspection.ok || !includes(PHOTO_LIMITS.formats, inspection.format)) return 'file_format_check_failed';
  if (inspection.bytes > PHOTO_LIMITS.maxBytes) return 'picture_size_check_failed';
  const short = Math.min(inspection.width, inspection.height);
  const long = Math.max(inspection.width, inspection.height);
  if (short > PHOTO_LIMITS.maxShortSidePx || long > PHOTO_LIMITS.maxLongSidePx) return 'picture_size_check_failed';
  return undefined;
}

function includes(list: readonly string[], value: string): boolean {
  return list.includes(value);
}
