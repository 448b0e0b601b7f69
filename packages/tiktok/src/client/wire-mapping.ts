// The one place where TikTok's snake_case wire shapes (contract/) and the client's camelCase
// domain types (types.ts) meet. Brand toggles are always sent explicitly (TikTok marks them
// required although its own examples omit them).
import type {
  ContentInitRequest,
  CreatorInfo as WireCreatorInfo,
  InitData,
  TikTokUser,
  TokenResponse,
  VideoPostInfo as WireVideoPostInfo,
  VideoSourceInfo,
  WireVideo,
  statusDataSchema,
} from '../contract/index.js';
import type { z } from 'zod';
import { lookupError, parseScopeList } from '../contract/index.js';
import { toIdList, toIdString } from './lossless-json.js';
import type { ChunkPlan, CreatorInfoResult, InitResult, PhotoInitInput, PublishStatusResult, TokenSet, User, Video, VideoPostSettings } from './types.js';

export function toWireVideoPostInfo(p: VideoPostSettings): WireVideoPostInfo {
  const out: WireVideoPostInfo = {
    privacy_level: p.privacyLevel,
    brand_content_toggle: p.brandContentToggle ?? false,
    brand_organic_toggle: p.brandOrganicToggle ?? false,
  };
  if (p.title !== undefined) out.title = p.title;
  if (p.disableDuet !== undefined) out.disable_duet = p.disableDuet;
  if (p.disableStitch !== undefined) out.disable_stitch = p.disableStitch;
  if (p.disableComment !== undefined) out.disable_comment = p.disableComment;
  if (p.videoCoverTimestampMs !== undefined) out.video_cover_timestamp_ms = p.videoCoverTimestampMs;
  if (p.isAigc !== undefined) out.is_aigc = p.isAigc;
  return out;
}

export function toWireFileSource(plan: ChunkPlan): VideoSourceInfo {
  return { source: 'FILE_UPLOAD', video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount };
}

export function toWireUrlSource(videoUrl: string): VideoSourceInfo {
  return { source: 'PULL_FROM_URL', video_url: videoUrl };
}

export function toWirePhotoInit(input: PhotoInitInput): ContentInitRequest {
  const p = input.postInfo;
  const post_info: ContentInitRequest['post_info'] = {};
  if (p.title !== undefined) post_info.title = p.title;
  if (p.description !== undefined) post_info.description = p.description;
  if (input.postMode === 'DIRECT_POST') {
    // These fields are DIRECT_POST only (docs/tiktok-api.md §6.2).
    if (p.privacyLevel !== undefined) post_info.privacy_level = p.privacyLevel;
    if (p.disableComment !== undefined) post_info.disable_comment = p.disableComment;
    if (p.autoAddMusic !== undefined) post_info.auto_add_music = p.autoAddMusic;
    post_info.brand_content_toggle = p.brandContentToggle ?? false;
    post_info.brand_organic_toggle = p.brandOrganicToggle ?? false;
  }
  const body: ContentInitRequest = {
    media_type: 'PHOTO',
    post_mode: input.postMode,
    post_info,
    source_info: { source: 'PULL_FROM_URL', photo_images: input.photoImages, photo_cover_index: input.photoCoverIndex },
  };
  if (input.isAigc !== undefined) body.is_aigc = input.isAigc;
  return body;
}

const USER_KEYS: Record<keyof TikTokUser, keyof User> = {
  open_id: 'openId',
  union_id: 'unionId',
  avatar_url: 'avatarUrl',
  avatar_url_100: 'avatarUrl100',
  avatar_large_url: 'avatarLargeUrl',
  display_name: 'displayName',
  bio_description: 'bioDescription',
  profile_deep_link: 'profileDeepLink',
  is_verified: 'isVerified',
  username: 'username',
  follower_count: 'followerCount',
  following_count: 'followingCount',
  likes_count: 'likesCount',
  video_count: 'videoCount',
};

export function fromWireUser(u: TikTokUser): User {
  const out: Record<string, unknown> = {};
  for (const [wire, domain] of Object.entries(USER_KEYS)) {
    const v = u[wire as keyof TikTokUser];
    if (v !== undefined) out[domain] = v;
  }
  return out as User;
}

const VIDEO_KEYS: Record<Exclude<keyof WireVideo, 'id' | 'view_count'>, keyof Video> = {
  create_time: 'createTime',
  cover_image_url: 'coverImageUrl',
  share_url: 'shareUrl',
  video_description: 'videoDescription',
  duration: 'duration',
  height: 'height',
  width: 'width',
  title: 'title',
  embed_html: 'embedHtml',
  embed_link: 'embedLink',
  like_count: 'likeCount',
  comment_count: 'commentCount',
  share_count: 'shareCount',
};

/** A Display API video (docs/tiktok-api.md §17); undefined when it carries no usable id. */
export function fromWireVideo(v: WireVideo): Video | undefined {
  const id = toIdString(v.id);
  if (id === undefined) return undefined;
  const out: Record<string, unknown> = { id };
  for (const [wire, domain] of Object.entries(VIDEO_KEYS)) {
    const value = v[wire as keyof typeof VIDEO_KEYS];
    if (value !== undefined) out[domain] = value;
  }
  // A view count is int64 but no real one nears 2^53; a number is what callers can use.
  if (v.view_count !== undefined) out['viewCount'] = Number(v.view_count);
  return out as unknown as Video;
}

export function fromWireCreatorInfo(c: WireCreatorInfo, logId: string | undefined): CreatorInfoResult {
  return {
    avatarUrl: c.creator_avatar_url,
    username: c.creator_username,
    nickname: c.creator_nickname,
    privacyLevelOptions: c.privacy_level_options,
    commentDisabled: c.comment_disabled,
    duetDisabled: c.duet_disabled,
    stitchDisabled: c.stitch_disabled,
    maxVideoPostDurationSec: c.max_video_post_duration_sec,
    logId,
  };
}

export function fromWireInit(d: InitData, logId: string | undefined): InitResult {
  const out: InitResult = { publishId: d.publish_id, logId };
  if (d.upload_url !== undefined) out.uploadUrl = d.upload_url;
  return out;
}

export function fromWireStatus(d: z.infer<typeof statusDataSchema>, logId: string | undefined): PublishStatusResult {
  const out: PublishStatusResult = { status: d.status, publiclyAvailablePostIds: toIdList(d.publicaly_available_post_id), logId };
  if (d.fail_reason !== undefined && d.fail_reason !== '') {
    out.failReason = d.fail_reason;
    const entry = lookupError('fail_reason', d.fail_reason);
    out.failure = { reason: d.fail_reason, errorClass: entry?.errorClass ?? 'permanent', summary: entry?.summary ?? 'TikTok gave no documented reason.' };
  }
  if (d.uploaded_bytes !== undefined) out.uploadedBytes = d.uploaded_bytes;
  if (d.downloaded_bytes !== undefined) out.downloadedBytes = d.downloaded_bytes;
  return out;
}

/** Absolute expiry times are computed from when the request was sent: never later than TikTok's. */
export function fromWireToken(t: TokenResponse, sentAt: number, logId: string | undefined): TokenSet {
  const out: TokenSet = {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    openId: t.open_id,
    scopes: parseScopeList(t.scope),
    tokenType: t.token_type,
    expiresIn: t.expires_in,
    refreshExpiresIn: t.refresh_expires_in,
    accessExpiresAt: sentAt + t.expires_in * 1000,
    refreshExpiresAt: sentAt + t.refresh_expires_in * 1000,
    obtainedAt: sentAt,
  };
  if (logId !== undefined) out.logId = logId;
  return out;
}
