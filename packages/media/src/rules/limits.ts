// TikTok's documented media limits come from the contract (@tokpost/tiktok/contract, docs/tiktok-api.md
// §11), so preflight and the client can never disagree on them; the field guidance added on top of
// them (720p, 24–30 fps, 3 s) is ours and lives here.
import { PHOTO_LIMITS, UPLOAD_URL_TTL_MS, VIDEO_LIMITS } from '@tokpost/tiktok/contract';

/** TikTok's video limits. `maxBytes` is "4 GB" read as decimal, so the check holds whichever unit TikTok meant. */
export const VIDEO_RULES = {
  ...VIDEO_LIMITS,
  // Widened to string lists: probed values are plain strings, checked for membership.
  containers: VIDEO_LIMITS.containers as readonly string[],
  codecs: VIDEO_LIMITS.codecs as readonly string[],
} as const;

/** TikTok's photo limits: "maximum 1080p" is the shorter side at most 1080 px and the longer at most 1920 px. */
export const PHOTO_RULES = {
  ...PHOTO_LIMITS,
  formats: PHOTO_LIMITS.formats as readonly string[],
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
  /** The upload URL's lifetime, TikTok's (UPLOAD_URL_TTL_MS). */
  uploadWindowSec: UPLOAD_URL_TTL_MS / 1000,
  /** Warn once the estimate passes this share of the window: bandwidth is never steady. */
  uploadWindowSafety: 0.75,
} as const;
