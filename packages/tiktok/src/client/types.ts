// Domain types of the client: camelCase, what integrators work with. Wire types keep TikTok's
// snake_case names and live in the contract; wire-mapping.ts is the one place that converts.
import type { ErrorClass, PrivacyLevel, PostMode, PublishStatus, UploadContainer, UserField, VideoField } from '../contract/index.js';

/** The subset of `fetch` the client uses; the global fetch and the emulator's handler both fit. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface BaseUrls {
  /** Browser-facing authorization page host (default https://www.tiktok.com). */
  auth: string;
  /** API host for OAuth token/revoke, user info and Content Posting (default https://open.tiktokapis.com). */
  api: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  openId: string;
  /** Scopes TikTok says the token carries. */
  scopes: string[];
  tokenType: string;
  /** Seconds, exactly as TikTok sent them (lifetimes differ between docs and reality: trust these). */
  expiresIn: number;
  refreshExpiresIn: number;
  /** Absolute times (ms since epoch, injected clock) computed from the moment the request was sent. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
  obtainedAt: number;
  logId?: string;
}

export interface CodeExchangeResult extends TokenSet {
  /** Requested scopes the token does not carry (empty when nothing was requested or all were granted). */
  missingScopes: string[];
}

export interface RefreshResult extends TokenSet {
  /** True when TikTok rotated the refresh token: store `refreshToken` and drop the old one. */
  refreshTokenRotated: boolean;
}

export interface AuthorizeUrlOptions {
  scopes: readonly string[];
  state: string;
  /** Defaults to the client's redirectUri. */
  redirectUri?: string;
  /** PKCE S256 challenge (see createPkcePair). */
  codeChallenge?: string;
  /** 1 always shows the consent page, 0 lets a valid session skip it. */
  disableAutoAuth?: 0 | 1;
}

export type CallbackResult =
  | {
      ok: true;
      code: string;
      state: string | undefined;
      grantedScopes: string[];
      /** Requested scopes the creator did not grant (TikTok lets creators untick some). */
      missingScopes: string[];
    }
  | { ok: false; error: string; errorDescription: string; state: string | undefined };

export type User = Partial<{
  openId: string;
  unionId: string;
  avatarUrl: string;
  avatarUrl100: string;
  avatarLargeUrl: string;
  displayName: string;
  bioDescription: string;
  profileDeepLink: string;
  isVerified: boolean;
  username: string;
  followerCount: number;
  followingCount: number;
  likesCount: number;
  videoCount: number;
}>;

export interface UserInfoResult {
  user: User;
  fields: readonly UserField[];
  logId: string | undefined;
}

export interface CreatorInfoResult {
  avatarUrl: string;
  username: string;
  nickname: string;
  privacyLevelOptions: PrivacyLevel[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
  logId: string | undefined;
}

export interface VideoPostSettings {
  privacyLevel: PrivacyLevel;
  title?: string;
  disableDuet?: boolean;
  disableStitch?: boolean;
  disableComment?: boolean;
  videoCoverTimestampMs?: number;
  /** Sent explicitly (false by default): TikTok marks it required. */
  brandContentToggle?: boolean;
  brandOrganicToggle?: boolean;
  isAigc?: boolean;
}

export type VideoSource =
  | {
      source: 'FILE_UPLOAD';
      videoSize: number;
      /** Bytes per chunk; the client's default when omitted. The plan is computed by planChunks. */
      chunkSize?: number;
    }
  | { source: 'PULL_FROM_URL'; videoUrl: string };

export interface ChunkSpec {
  index: number;
  /** Inclusive byte offsets. */
  first: number;
  last: number;
  size: number;
}

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  chunks: ChunkSpec[];
}

export interface InitResult {
  publishId: string;
  /** FILE_UPLOAD only. A credential: never log it. */
  uploadUrl?: string;
  /** FILE_UPLOAD only: the plan that was announced to TikTok; the upload must follow it. */
  chunkPlan?: ChunkPlan;
  /** FILE_UPLOAD only: when the one-hour upload window closes (injected clock, from request time). */
  uploadExpiresAt?: number;
  logId: string | undefined;
}

export interface PhotoPostSettings {
  title?: string;
  description?: string;
  /** Required for DIRECT_POST. */
  privacyLevel?: PrivacyLevel;
  disableComment?: boolean;
  autoAddMusic?: boolean;
  brandContentToggle?: boolean;
  brandOrganicToggle?: boolean;
}

export interface PhotoInitInput {
  postMode: PostMode;
  postInfo: PhotoPostSettings;
  photoImages: string[];
  photoCoverIndex: number;
  isAigc?: boolean;
}

export interface PublishStatusResult {
  /** One of TikTok's documented statuses; unknown strings are passed through. */
  status: PublishStatus | (string & {});
  failReason?: string;
  /** The catalog's reading of `failReason`: retry, reconnect, fix the media, … */
  failure?: { reason: string; errorClass: ErrorClass; summary: string };
  /** `publicaly_available_post_id`, always as decimal strings (int64 ids do not fit a JS number). */
  publiclyAvailablePostIds: string[];
  uploadedBytes?: number;
  downloadedBytes?: number;
  logId: string | undefined;
}

/**
 * A video as the Display API describes it (docs/tiktok-api.md §17). Only the requested fields are
 * set; `id` always is (the client always asks for it). Ids are decimal strings: int64 values do
 * not fit a JS number.
 */
export interface Video {
  id: string;
  /** Epoch seconds. */
  createTime?: number;
  /** Expires 6 hours after the answer; do not store it. */
  coverImageUrl?: string;
  /** TikTok's own link to the post. */
  shareUrl?: string;
  videoDescription?: string;
  /** Seconds. */
  duration?: number;
  height?: number;
  width?: number;
  title?: string;
  embedHtml?: string;
  embedLink?: string;
  likeCount?: number;
  commentCount?: number;
  shareCount?: number;
  viewCount?: number;
}

export interface ListVideosInput {
  /** Defaults to every documented field; `id` is always added. */
  fields?: readonly VideoField[];
  /** `cursor` of the previous page (UTC ms); absent for the first page. */
  cursor?: number;
  /** 1..20; TikTok's default (10) when absent. */
  maxCount?: number;
}

export interface VideoListResult {
  /** Newest first. */
  videos: Video[];
  /** Pass to the next listVideos call while `hasMore` is true. */
  cursor: number;
  hasMore: boolean;
  fields: readonly VideoField[];
  logId: string | undefined;
}

export interface QueryVideosInput {
  /** 1..20 video ids (decimal strings). */
  videoIds: readonly string[];
  /** Defaults to every documented field; `id` is always added. */
  fields?: readonly VideoField[];
}

export interface VideoQueryResult {
  /** The creator's own videos among the ids; unknown ids and other creators' videos are absent. */
  videos: Video[];
  fields: readonly VideoField[];
  logId: string | undefined;
}

export type { UploadContainer };

/** Observer for every HTTP exchange with TikTok (attempt rows, metrics). Never carries secrets. */
export interface RequestObservation {
  endpoint: string;
  attempt: number;
  httpStatus: number | undefined;
  code: string | undefined;
  logId: string | undefined;
  durationMs: number;
  outcome: 'ok' | 'error' | 'network_error';
}
