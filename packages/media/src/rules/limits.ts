// TikTok's documented media limits (Content Posting API, "Media transfer guide") and the field
// guidance we add on top. Kept here rather than imported: @tokpost/media depends on nothing of ours.

export const VIDEO_RULES = {
  containers: ['mp4', 'mov', 'webm'] as readonly string[],
  codecs: ['h264', 'hevc', 'vp8', 'vp9'] as readonly string[],
  minFps: 23,
  maxFps: 60,
  minSidePx: 360,
  maxSidePx: 4096,
  /** The API accepts up to 10 minutes; each creator's own cap is `max_video_post_duration_sec`. */
  maxDurationSec: 600,
  /** "4 GB": decimal, so the check holds whichever unit TikTok meant. */
  maxBytes: 4_000_000_000,
} as const;

export const PHOTO_RULES = {
  formats: ['jpeg', 'webp'] as readonly string[],
  /** "Maximum 1080p": the shorter side at most 1080 px and the longer at most 1920 px. */
  maxShortSidePx: 1080,
  maxLongSidePx: 1920,
  maxBytes: 20_000_000,
  maxImages: 35,
} as const;

/**
 * Not TikTok's rules, but what makes posts fail or look bad in practice: TikTok upscales and
 * re-encodes small or odd-rate video, drops frames from VFR phone footage, and an upload URL dies
 * an hour after init, taking a slow upload with it.
 */
export const FIELD_GUIDANCE = {
  minShortSidePx: 720,
  minDurationSec: 3,
  preferredCodec: 'h264',
  minSteadyFps: 24,
  maxSteadyFps: 30,
  uploadWindowSec: 3600,
  /** Warn once the estimate passes this share of the window: bandwidth is never steady. */
  uploadWindowSafety: 0.75,
} as const;
