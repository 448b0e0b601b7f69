// Diagnostics for @tokpost/media's preflight findings: what is wrong with a file before it
// reaches TikTok (docs/tiktok-api.md §11, docs/field-notes.md §1.5). All are family 5. Errors are
// TikTok's own limits; warnings are field guidance (a finding's own severity can be stricter under
// the strict profile). The finding itself carries the measured value and limit; these texts say
// what the code means in general. Keyed by FindingCode, so a new finding needs an entry to compile.
import { FIELD_GUIDANCE, type FindingCode } from '@tokpost/media';
import { PHOTO_LIMITS, VIDEO_LIMITS } from '@tokpost/tiktok/contract';
import type { DiagnosticEntry, DiagnosticSeverity } from './entry.js';

const REENCODE = 'Let tokpost’s media fix re-encode it (H.264 MP4 at 30 fps), or export it again that way yourself.';
const GB = (bytes: number) => `${bytes / 1_000_000_000} GB`;
const MB = (bytes: number) => `${bytes / 1_000_000} MB`;
const EXPORT_AGAIN = 'Export or download the file again from the original and add the new copy.';

const TEXTS: Readonly<Record<FindingCode, { severity: DiagnosticSeverity; summary: string; fix: string }>> = {
  file_empty: { severity: 'error', summary: 'The file is empty.', fix: EXPORT_AGAIN },
  file_truncated: { severity: 'error', summary: 'The file is cut off: it ends before its own headers say it should.', fix: EXPORT_AGAIN },
  file_corrupt: { severity: 'error', summary: 'The file is damaged and cannot be read as a video or photo.', fix: EXPORT_AGAIN },
  file_unrecognized: { severity: 'error', summary: 'The file is not a video or photo format tokpost recognises.', fix: 'Choose the actual video (MP4, MOV, WebM) or photo (JPEG, WebP) file.' },
  file_audio_only: { severity: 'error', summary: 'The file holds sound only; TikTok needs a picture.', fix: 'Export a video instead, for example the sound over a still image.' },
  file_unsupported_format: { severity: 'error', summary: 'The file is in a format TikTok does not take.', fix: 'Export videos as MP4 (H.264) and photos as JPEG or WebP.' },
  file_too_complex: { severity: 'error', summary: 'The file’s structure is too unusual to check safely.', fix: 'Export the video again with a standard encoder.' },
  file_mislabelled: { severity: 'error', summary: 'The file’s name says one kind of media but its content is another, so it cannot be posted as intended.', fix: 'Choose the right file, or post it as what it really is.' },
  video_container_unsupported: { severity: 'error', summary: 'The video’s container is not MP4, MOV or WebM, the ones TikTok takes.', fix: REENCODE },
  video_codec_unsupported: { severity: 'error', summary: 'The video is encoded with a codec TikTok does not decode (it takes H.264, H.265, VP8 and VP9).', fix: REENCODE },
  video_fps_too_low: { severity: 'error', summary: `The video has fewer than ${VIDEO_LIMITS.minFps} frames per second, TikTok’s minimum.`, fix: REENCODE },
  video_fps_too_high: { severity: 'error', summary: `The video has more than ${VIDEO_LIMITS.maxFps} frames per second, TikTok’s maximum.`, fix: REENCODE },
  video_side_too_small: { severity: 'error', summary: `A side of the video is under ${VIDEO_LIMITS.minSidePx} pixels, TikTok’s minimum.`, fix: 'Scale the video up (tokpost’s media fix does this), or better, export from a larger original.' },
  video_side_too_large: { severity: 'error', summary: `A side of the video is over ${VIDEO_LIMITS.maxSidePx} pixels, TikTok’s maximum.`, fix: 'Scale the video down (tokpost’s media fix does this).' },
  video_too_long: { severity: 'error', summary: 'The video is longer than the account may post.', fix: 'Trim the video (tokpost’s media fix can trim it), or post it to an account allowed longer videos.' },
  video_file_too_large: { severity: 'error', summary: `The video file is over TikTok’s ${GB(VIDEO_LIMITS.maxBytes)} limit.`, fix: 'Re-encode it at a lower bitrate (tokpost’s media fix does this).' },
  video_duration_unknown: { severity: 'warning', summary: 'The file does not state how long it is, so the length limit cannot be checked before TikTok does.', fix: REENCODE },
  video_fps_unknown: { severity: 'warning', summary: 'The frame rate could not be read, so TikTok’s frame-rate rule cannot be checked in advance.', fix: REENCODE },
  video_below_720p: { severity: 'warning', summary: `TikTok accepts the video, but below ${FIELD_GUIDANCE.minShortSidePx}p it looks blurry in the feed.`, fix: 'Export from a higher-resolution original if you have one.' },
  video_shorter_than_3s: { severity: 'warning', summary: `The video is under ${FIELD_GUIDANCE.minDurationSec} seconds; such short clips often fail TikTok’s processing.`, fix: `Use a clip of at least ${FIELD_GUIDANCE.minDurationSec} seconds.` },
  video_not_h264: { severity: 'warning', summary: 'TikTok accepts this codec, but H.264 is the one it recommends and handles most reliably.', fix: REENCODE },
  video_fps_outside_24_30: { severity: 'warning', summary: `TikTok accepts this frame rate but converts it to ${FIELD_GUIDANCE.minSteadyFps}–${FIELD_GUIDANCE.maxSteadyFps} fps, which can make motion stutter.`, fix: REENCODE },
  video_variable_frame_rate: { severity: 'warning', summary: 'The frame rate changes through the video (common in phone recordings); TikTok may drop frames or put sound and picture out of step.', fix: REENCODE },
  video_upload_too_slow: { severity: 'warning', summary: 'At the expected upload speed the file would take longer than the hour TikTok gives for an upload.', fix: 'Make the file smaller (tokpost’s media fix can), or have TikTok download it from a fast, verified URL instead.' },
  photo_format_unsupported: { severity: 'error', summary: 'TikTok photo posts take JPEG or WebP only.', fix: 'Convert the photo to JPEG (tokpost’s media fix does this).' },
  photo_too_large: { severity: 'error', summary: `The photo is larger than TikTok’s 1080p maximum (${PHOTO_LIMITS.maxLongSidePx}x${PHOTO_LIMITS.maxShortSidePx} pixels).`, fix: 'Scale it down to fit 1080p (tokpost’s media fix does this).' },
  photo_file_too_large: { severity: 'error', summary: `The photo file is over TikTok’s ${MB(PHOTO_LIMITS.maxBytes)} limit.`, fix: 'Convert it to a smaller JPEG (tokpost’s media fix does this).' },
  photo_too_many: { severity: 'error', summary: `The photo post has more images than TikTok allows in one post (${PHOTO_LIMITS.maxImages}).`, fix: 'Split the images over several posts.' },
};

export const PREFLIGHT_ENTRIES: readonly DiagnosticEntry[] = (Object.keys(TEXTS) as FindingCode[]).map((code) => ({
  ...TEXTS[code],
  code,
  source: 'preflight',
  family: 5,
  retryable: false,
}));
