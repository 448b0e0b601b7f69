// The emulator's state: apps, creators, grants and tokens, one-time codes, publishes, posts and
// the request log. Everything lives in memory; media bytes live in files under the data dir.
import type { PrivacyLevel, PublishStatus } from '@tokpost/tiktok/contract';
import type { MODERATION_OUTCOMES } from './admin-schemas.js';

export interface AppConfig {
  client_key: string;
  client_secret: string;
  redirect_uris: string[];
  audited: boolean;
  verified_url_prefixes: string[];
  /** Distinct creators that may post through this app in any 24 h window (5 when unaudited). */
  active_creator_cap: number;
  access_token_ttl_s: number;
  refresh_token_ttl_s: number;
  webhook_url?: string;
  /** Not documented by TikTok (docs/tiktok-api.md §5.1): whether unaudited apps see only SELF_ONLY. Off by default. */
  unaudited_self_only_options: boolean;
}

export type ModerationOutcome = (typeof MODERATION_OUTCOMES)[number];

export interface Creator {
  open_id: string;
  union_id: string;
  username: string;
  nickname: string;
  avatar_url: string;
  bio_description: string;
  is_verified: boolean;
  follower_count: number;
  following_count: number;
  likes_count: number;
  video_count: number;
  is_private: boolean;
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
  /** Direct posts per 24 h, shared by every app (TikTok says "around 15"). */
  daily_post_cap: number;
  banned: boolean;
  /** What moderation decides for this creator's posts. */
  moderation: ModerationOutcome;
  /** TikTok app version on the creator's phone; MEDIA_UPLOAD photos need 31.8+. */
  app_version: string;
}

export interface Grant {
  id: string;
  client_key: string;
  open_id: string;
  scopes: string[];
  /** The refresh token's lifetime counts from the first issuance, not from each refresh. */
  refresh_expires_at: number;
  revoked: boolean;
}

export interface AccessToken {
  token: string;
  grant_id: string;
  expires_at: number;
}

export interface RefreshToken {
  token: string;
  grant_id: string;
  /** Set when a newer token replaced it (rotation). */
  superseded_at?: number;
}

export interface AuthCode {
  code: string;
  client_key: string;
  open_id: string;
  scopes: string[];
  redirect_uri: string;
  code_challenge?: string;
  expires_at: number;
  used: boolean;
}

export type PublishKind = 'direct_video' | 'inbox_video' | 'photo_direct' | 'photo_upload';

export interface UploadSession {
  upload_id: string;
  upload_token: string;
  video_size: number;
  chunk_size: number;
  total_chunk_count: number;
  next_index: number;
  received: number;
  expires_at: number;
  path: string;
  in_flight: boolean;
}

export interface Publish {
  publish_id: string;
  kind: PublishKind;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  client_key: string;
  open_id: string;
  grant_id: string;
  created_at: number;
  status: PublishStatus;
  fail_reason?: string;
  uploaded_bytes?: number;
  downloaded_bytes?: number;
  post_ids: bigint[];
  privacy_level?: PrivacyLevel;
  title?: string;
  description?: string;
  interaction: { disable_comment: boolean; disable_duet: boolean; disable_stitch: boolean };
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
  is_aigc: boolean;
  upload?: UploadSession;
  video_url?: string;
  photo_urls?: string[];
  photo_cover_index?: number;
  media_paths: string[];
  /** sha256 of each media file, kept for inbox drafts until the creator posts them. */
  media_sha256?: string[];
  /** Aborts an in-flight pull (cancel, timeout, revoke). */
  pull_abort?: AbortController;
  /** True once bytes were handed to processing; cancel is then refused. */
  processing: boolean;
  /** Inbox: counts as a pending share until the creator posts it or it fails. */
  pending_share: boolean;
  /** What processing measured (the video, or the cover photo), for the Display API's VideoObject. */
  media_info?: MediaInfo;
}

export interface MediaInfo {
  width: number;
  height: number;
  /** Whole seconds; 0 for photos and for videos whose container gives no duration. */
  duration_sec: number;
}

export interface Post {
  post_id: bigint;
  /** Null for a post the creator made in the TikTok app itself (seeded with POST /_emulator/posts). */
  publish_id: string | null;
  client_key: string | null;
  open_id: string;
  username: string;
  media_type: 'VIDEO' | 'PHOTO';
  privacy_level: PrivacyLevel;
  title: string;
  description: string;
  sha256: string[];
  /** Unique among the creator's posts: the Display API's list cursor is this millisecond (engine/profile.ts). */
  created_at: number;
  publicly_available: boolean;
  removed: boolean;
  width: number;
  height: number;
  duration_sec: number;
  like_count: number;
  comment_count: number;
  share_count: number;
  view_count: number;
}

export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  endpoint: string;
  client_key?: string;
  open_id?: string;
  status: number;
  error_code?: string;
  fault?: string;
}

export interface EmulatorState {
  apps: Map<string, AppConfig>;
  creators: Map<string, Creator>;
  grants: Map<string, Grant>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  codes: Map<string, AuthCode>;
  publishes: Map<string, Publish>;
  uploads: Map<string, string>;
  posts: Post[];
  requests: RequestLogEntry[];
  /** Sliding-window hit times per `${token}|${endpoint}`. */
  rateHits: Map<string, number[]>;
}

export function createState(): EmulatorState {
  return {
    apps: new Map(),
    creators: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    publishes: new Map(),
    uploads: new Map(),
    posts: [],
    requests: [],
    rateHits: new Map(),
  };
}
