// Request and response bodies of the three init endpoints (docs/tiktok-api.md §5.2–5.4, §6). Wire names are
// TikTok's exactly. Lengths are UTF-16 code units, which is what JavaScript's `length` counts.
import { z } from 'zod';
import { envelopeSchema } from './envelope.js';
import { PHOTO_LIMITS } from './media-limits.js';
import type { Scope } from './scopes.js';

export const PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;
export const privacyLevelSchema = z.enum(PRIVACY_LEVELS);
export type PrivacyLevel = z.infer<typeof privacyLevelSchema>;

export const VIDEO_TITLE_MAX = 2200;

/**
 * TikTok counts caption lengths in UTF-16 code units (JavaScript's `length`). zod's string `.max()`
 * counts code points, which would let an emoji-heavy caption through at up to twice the limit.
 */
function utf16Max(max: number, field: string) {
  return z.string().refine((s) => s.length <= max, { message: `${field} must be at most ${max} UTF-16 code units` });
}
export const PHOTO_TITLE_MAX = 90;
export const PHOTO_DESCRIPTION_MAX = 4000;
/** Also `PHOTO_LIMITS.maxImages`; kept under this name next to the other caption and list limits. */
export const PHOTO_IMAGES_MAX = PHOTO_LIMITS.maxImages;

export const videoPostInfoSchema = z.object({
  // Optional at the schema level so the emulator can answer a missing value with TikTok's own
  // `privacy_level_option_mismatch` (403) rather than a generic invalid_params.
  privacy_level: z.string().optional(),
  title: utf16Max(VIDEO_TITLE_MAX, 'title').optional(),
  disable_duet: z.boolean().optional(),
  disable_stitch: z.boolean().optional(),
  disable_comment: z.boolean().optional(),
  video_cover_timestamp_ms: z.number().int().nonnegative().optional(),
  brand_content_toggle: z.boolean().optional(),
  brand_organic_toggle: z.boolean().optional(),
  is_aigc: z.boolean().optional(),
});
export type VideoPostInfo = Omit<z.infer<typeof videoPostInfoSchema>, 'privacy_level'> & { privacy_level: PrivacyLevel };

const int64 = z.number().int().nonnegative();

export const fileUploadSourceSchema = z.object({
  source: z.literal('FILE_UPLOAD'),
  video_size: int64.positive('video_size must be a positive number of bytes'),
  chunk_size: int64.positive('chunk_size must be a positive number of bytes'),
  total_chunk_count: int64.positive('total_chunk_count must be at least 1'),
});
export const pullFromUrlSourceSchema = z.object({
  source: z.literal('PULL_FROM_URL'),
  video_url: z.string().min(1, 'video_url is required'),
});
export const videoSourceInfoSchema = z.discriminatedUnion('source', [fileUploadSourceSchema, pullFromUrlSourceSchema]);
export type FileUploadSource = z.infer<typeof fileUploadSourceSchema>;
export type PullFromUrlSource = z.infer<typeof pullFromUrlSourceSchema>;
export type VideoSourceInfo = z.infer<typeof videoSourceInfoSchema>;

/** POST /v2/post/publish/video/init/ (Direct Post). */
export const videoInitRequestSchema = z.object({
  post_info: videoPostInfoSchema,
  source_info: videoSourceInfoSchema,
});
export type VideoInitRequest = { post_info: VideoPostInfo; source_info: VideoSourceInfo };

/**
 * POST /v2/post/publish/inbox/video/init/. Only `source_info` is documented; a `post_info` some
 * clients send is tolerated and ignored (the creator writes the caption in the app).
 */
export const inboxVideoInitRequestSchema = z.object({
  source_info: videoSourceInfoSchema,
  post_info: z.object({}).loose().optional(),
});
export type InboxVideoInitRequest = { source_info: VideoSourceInfo };

export const photoPostInfoSchema = z.object({
  title: utf16Max(PHOTO_TITLE_MAX, 'title').optional(),
  description: utf16Max(PHOTO_DESCRIPTION_MAX, 'description').optional(),
  privacy_level: z.string().optional(),
  disable_comment: z.boolean().optional(),
  auto_add_music: z.boolean().optional(),
  brand_content_toggle: z.boolean().optional(),
  brand_organic_toggle: z.boolean().optional(),
});
export type PhotoPostInfo = Omit<z.infer<typeof photoPostInfoSchema>, 'privacy_level'> & { privacy_level?: PrivacyLevel };

export const photoSourceInfoSchema = z.object({
  source: z.literal('PULL_FROM_URL'),
  photo_images: z
    .array(z.string().min(1))
    .min(1, 'photo_images needs at least one URL')
    .max(PHOTO_IMAGES_MAX, `photo_images takes at most ${PHOTO_IMAGES_MAX} URLs`),
  photo_cover_index: z.number().int().nonnegative(),
});
export type PhotoSourceInfo = z.infer<typeof photoSourceInfoSchema>;

/** Photo post modes and the scope each needs (docs/tiktok-api.md §5.4): a direct post publishes, an upload lands in the inbox. */
export const POST_MODE_SCOPE = { DIRECT_POST: 'video.publish', MEDIA_UPLOAD: 'video.upload' } as const satisfies Record<string, Scope>;
export type PostMode = keyof typeof POST_MODE_SCOPE;
export const POST_MODES = Object.keys(POST_MODE_SCOPE) as [PostMode, ...PostMode[]];

/** POST /v2/post/publish/content/init/ (photos). `is_aigc` is top level here, unlike video. */
export const contentInitRequestSchema = z.object({
  media_type: z.literal('PHOTO'),
  post_mode: z.enum(POST_MODES),
  post_info: photoPostInfoSchema,
  source_info: photoSourceInfoSchema,
  is_aigc: z.boolean().optional(),
});
export type ContentInitRequest = Omit<z.infer<typeof contentInitRequestSchema>, 'post_info'> & { post_info: PhotoPostInfo };

export const PUBLISH_ID_MAX = 64;
export const UPLOAD_URL_MAX = 256;

export const initDataSchema = z.object({
  publish_id: z.string().min(1).max(PUBLISH_ID_MAX),
  upload_url: z.string().max(UPLOAD_URL_MAX).optional(),
});
export type InitData = z.infer<typeof initDataSchema>;
export const initResponseSchema = envelopeSchema(initDataSchema);
