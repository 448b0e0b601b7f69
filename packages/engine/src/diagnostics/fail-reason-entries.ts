// Diagnostics for TikTok's publish `fail_reason` values (docs/tiktok-api.md §8.2): why TikTok
// failed a publish after accepting it, reported by status/fetch or the failure webhook. The list
// and each value's class come from the contract (FAIL_REASONS, FAIL_REASON_CATALOG); keyed by
// FailReason, so a value added there without an entry here does not compile.
import { lookupError, PHOTO_LIMITS, VIDEO_LIMITS, type FailReason } from '@tokpost/tiktok/contract';
import type { DiagnosticEntry, TikTokEntryText } from './entry.js';

const RE_EXPORT = 'Export the video again as H.264 MP4 (tokpost’s media fix does this), add the new file to the post and retry.';

const TEXTS: Readonly<Record<FailReason, TikTokEntryText>> = {
  file_format_check_failed: {
    family: 5,
    severity: 'error',
    summary: 'TikTok could not read the media: its container or codec is not one TikTok accepts, or the file is damaged.',
    fix: RE_EXPORT,
  },
  duration_check_failed: {
    family: 5,
    severity: 'error',
    summary: 'The video is longer than this creator may post (or outside TikTok’s length limits).',
    fix: 'Trim the video to the length the account allows (shown with the account), or post it to an account allowed longer videos.',
  },
  frame_rate_check_failed: {
    family: 5,
    severity: 'error',
    summary: `TikTok refused the video’s frame rate: it must be between ${VIDEO_LIMITS.minFps} and ${VIDEO_LIMITS.maxFps} frames per second.`,
    fix: 'Convert the video to 30 fps (tokpost’s media fix does this), add the new file to the post and retry.',
  },
  picture_size_check_failed: {
    family: 5,
    severity: 'error',
    summary: `TikTok refused the picture size: a video side is under ${VIDEO_LIMITS.minSidePx} or over ${VIDEO_LIMITS.maxSidePx} pixels, or a photo is larger than 1080p (${PHOTO_LIMITS.maxLongSidePx}x${PHOTO_LIMITS.maxShortSidePx}).`,
    fix: 'Resize the video or photo to fit (tokpost’s media fix does this). For a carousel, the preflight findings say which image is at fault.',
  },
  internal: {
    family: 6,
    severity: 'warning',
    summary: 'TikTok failed the post while processing it, because of a problem on TikTok’s side.',
    fix: 'tokpost publishes again on its own a few times. If the post still ended failed, retry it later: the failed publish can no longer go out, so retrying cannot post twice.',
  },
  video_pull_failed: {
    family: 5,
    severity: 'warning',
    summary: 'TikTok could not download the video from its URL, or the download did not finish within the hour TikTok allows.',
    fix: 'tokpost tries again on its own a few times. If the post still ended failed, make sure the media URL is reachable from the internet and fast enough, then retry it, or upload the video directly instead.',
  },
  photo_pull_failed: {
    family: 5,
    severity: 'warning',
    summary: 'TikTok could not download one of the photos from its URL, or the download did not finish within the hour TikTok allows.',
    fix: 'Make sure the media URLs are reachable from the internet, then retry the post.',
  },
  publish_cancelled: {
    family: 8,
    severity: 'info',
    summary: 'The download was cancelled before TikTok finished it, so nothing was posted.',
    fix: 'Nothing to do if the cancellation was intended; otherwise schedule the post again.',
  },
  auth_removed: {
    family: 9,
    severity: 'error',
    summary: 'The creator removed tokpost’s access in TikTok while the post was being processed, so it was not published.',
    fix: 'Connect the account again, then retry the post.',
  },
  spam_risk_too_many_posts: {
    family: 3,
    severity: 'warning',
    summary: 'The creator reached TikTok’s daily limit of posts made through apps, counted across every app they use.',
    fix: 'Reschedule the post for after the 24-hour window has moved on, or post it from the TikTok app.',
  },
  spam_risk_user_banned_from_posting: {
    family: 9,
    severity: 'error',
    summary: 'TikTok has banned this creator from posting.',
    fix: 'The creator has to resolve the ban with TikTok before anything can be posted.',
  },
  spam_risk_text: {
    family: 6,
    severity: 'error',
    summary: 'TikTok’s moderation judged the caption to be spam or risky and did not publish the post.',
    fix: 'Change the caption before trying again; sending it unchanged is likely to fail the same way.',
  },
  spam_risk: {
    family: 6,
    severity: 'error',
    summary: 'TikTok’s moderation judged the post risky and did not publish it.',
    fix: 'Review the post against TikTok’s community guidelines. Publishing the same content again is likely to fail again.',
  },
};

export const FAIL_REASON_ENTRIES: readonly DiagnosticEntry[] = (Object.keys(TEXTS) as FailReason[]).map((code) => {
  const errorClass = lookupError('fail_reason', code)?.errorClass;
  return { ...TEXTS[code], code, source: 'fail_reason', retryable: errorClass === 'retryable', errorClass };
});
