// The emulator's own media reader: an independent implementation of what TikTok checks, kept
// apart from tokpost's preflight so a bug in one cannot hide the same bug in the other.
export { inspectVideo } from './inspect-video.js';
export type { VideoCodec, VideoContainer, VideoInspection, VideoInspectionFailed, VideoInspectionOk } from './video-inspection.js';
export { inspectPhoto } from './inspect-photo.js';
export type { PhotoFormat, PhotoInspection } from './inspect-photo.js';
export { photoFailReason, videoFailReason } from './media-rules.js';
export type { MediaFailReason, VideoRuleOptions } from './media-rules.js';
