// The Display API's two video calls, POST /v2/video/list/ and POST /v2/video/query/
// (docs/tiktok-api.md §17): the VideoObject fields, the request bodies and their limits, and the
// answers. Both take the wanted fields as the `fields` query parameter, never in the body.
import { z } from 'zod';
import { envelopeSchema } from './envelope.js';
import { postIdSchema } from './status.js';

/** Every VideoObject field TikTok documents, in the order of its table (docs/tiktok-api.md §17). */
export const VIDEO_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
] as const;
export const videoFieldSchema = z.enum(VIDEO_FIELDS);
export type VideoField = z.infer<typeof videoFieldSchema>;

/** video/list: `max_count` is 1..20 and defaults to 10. */
export const VIDEO_LIST_MAX_COUNT = 20;
export const VIDEO_LIST_DEFAULT_COUNT = 10;
/** video/query: at most 20 ids per call. */
export const VIDEO_QUERY_MAX_IDS = 20;
/** `title` and `video_description` are at most 150 characters. */
export const VIDEO_TEXT_FIELD_MAX = 150;
/** `cover_image_url` stops working 6 hours after it was handed out. */
export const COVER_IMAGE_URL_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * `cursor` is a UTC timestamp in milliseconds taken from the previous page (absent on the first);
 * it is int64 on the wire, but a millisecond timestamp is far below 2^53.
 */
export const videoListRequestSchema = z.object({
  cursor: z.number().int().nonnegative().optional(),
  max_count: z.number().int().min(1).max(VIDEO_LIST_MAX_COUNT).optional(),
});
export type VideoListRequest = z.infer<typeof videoListRequestSchema>;

/** Ids are strings on this endpoint (docs/tiktok-api.md §1 "int64 ids"), 1 to 20 of them. */
export const videoQueryRequestSchema = z.object({
  filters: z.object({
    video_ids: z
      .array(z.string().regex(/^\d+$/, 'each video id is a decimal string'))
      .min(1, 'video_ids must list at least one id')
      .max(VIDEO_QUERY_MAX_IDS, `video_ids may list at most ${VIDEO_QUERY_MAX_IDS} ids`),
  }),
});
export type VideoQueryRequest = z.infer<typeof videoQueryRequestSchema>;

/**
 * Only the requested fields come back. `id` is documented as a string; numbers (raw int64, read
 * losslessly as bigint when beyond 2^53) are accepted too so that an id is never rounded.
 * `view_count` is int64: a lossless read may make it a bigint.
 */
export const videoObjectSchema = z
  .object({
    id: postIdSchema,
    create_time: z.number().int(),
    cover_image_url: z.string(),
    share_url: z.string(),
    video_description: z.string(),
    duration: z.number().int(),
    height: z.number().int(),
    width: z.number().int(),
    title: z.string(),
    embed_html: z.string(),
    embed_link: z.string(),
    like_count: z.number().int(),
    comment_count: z.number().int(),
    share_count: z.number().int(),
    view_count: z.union([z.number().int(), z.bigint()]),
  })
  .partial();
export type WireVideo = z.infer<typeof videoObjectSchema>;

export const videoListDataSchema = z.object({
  videos: z.array(videoObjectSchema),
  cursor: z.number().int(),
  has_more: z.boolean(),
});
export type VideoListData = z.infer<typeof videoListDataSchema>;
export const videoListResponseSchema = envelopeSchema(videoListDataSchema);

export const videoQueryDataSchema = z.object({ videos: z.array(videoObjectSchema) });
export type VideoQueryData = z.infer<typeof videoQueryDataSchema>;
export const videoQueryResponseSchema = envelopeSchema(videoQueryDataSchema);

/** Splits and checks a `fields` query value: the known fields, and the unknown names. */
export function parseVideoFields(value: string | null | undefined): { fields: VideoField[]; unknown: string[] } {
  const names = (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const known = new Set<string>(VIDEO_FIELDS);
  return {
    fields: [...new Set(names.filter((n): n is VideoField => known.has(n)))],
    unknown: names.filter((n) => !known.has(n)),
  };
}
