// What TikTok documents for media (docs/tiktok-api.md §11). Field guidance that is not TikTok's rule (720p,
// 24–30 fps, 3 s) lives in @tokpost/media as warnings, not here.

export const VIDEO_LIMITS = {
  containers: ['mp4', 'mov', 'webm'] as const,
  codecs: ['h264', 'hevc', 'vp8', 'vp9'] as const,
  minFps: 23,
  maxFps: 60,
  minSidePx: 360,
  maxSidePx: 4096,
  /** The API accepts up to 10 minutes; each creator's own limit is `max_video_post_duration_sec`. */
  maxDurationSec: 600,
  maxBytes: 4 * 1_000_000_000,
} as const;

export const PHOTO_LIMITS = {
  formats: ['jpeg', 'webp'] as const,
  /** "Maximum 1080p": the shorter side at most 1080 px, the longer at most 1920 px. */
  maxShortSidePx: 1080,
  maxLongSidePx: 1920,
  maxBytes: 20 * 1_000_000,
  maxImages: 35,
} as const;
