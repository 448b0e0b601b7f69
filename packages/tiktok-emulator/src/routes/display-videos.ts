// POST /v2/video/list/ and /v2/video/query/ (docs/tiktok-api.md §17): the Display API's view of
// the creator's posts. Both need `video.list`, take the wanted VideoObject fields as the `fields`
// query parameter, and answer only those fields. Which posts show is engine/profile.ts.
import {
  COVER_IMAGE_URL_TTL_MS,
  ENDPOINTS,
  VIDEO_LIST_DEFAULT_COUNT,
  VIDEO_TEXT_FIELD_MAX,
  parseVideoFields,
  videoListRequestSchema,
  videoQueryRequestSchema,
  type VideoField,
} from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { profilePage, profilePosts } from '../engine/profile.js';
import type { EmuRequest } from '../http/types.js';
import type { Post } from '../state.js';
import { apiError, apiOk, authenticate, describeIssue, isApiResult, readJsonBody, requireScope, type ApiResult, type Caller } from './api-support.js';

type DisplayEndpoint = 'video_list' | 'video_query';

/** At most `max` UTF-16 code units, never cutting an emoji's surrogate pair in half. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A post as a VideoObject, only the requested fields. For a video the caption (post_info.title)
 * is both `title` and `video_description`; a photo post has a separate title and description.
 */
function videoObject(ctx: EmulatorContext, who: Caller, post: Post, fields: readonly VideoField[]): Record<string, unknown> {
  const id = post.post_id.toString();
  const shareUrl = `https://www.tiktok.com/@${encodeURIComponent(who.creator.username)}/${post.media_type === 'PHOTO' ? 'photo' : 'video'}/${id}?utm_campaign=tt4d_open_api&utm_source=${encodeURIComponent(who.app.client_key)}`;
  const embedLink = `https://www.tiktok.com/embed/v2/${id}`;
  const all: Record<VideoField, () => unknown> = {
    id: () => id,
    create_time: () => Math.floor(post.created_at / 1000),
    cover_image_url: () => `https://p16-emulator.tiktokcdn.test/cover/${id}.jpeg?x-expires=${Math.floor((ctx.time.now() + COVER_IMAGE_URL_TTL_MS) / 1000)}`,
    share_url: () => shareUrl,
    video_description: () => clip(post.media_type === 'VIDEO' ? post.title : post.description, VIDEO_TEXT_FIELD_MAX),
    duration: () => post.duration_sec,
    height: () => post.height,
    width: () => post.width,
    title: () => clip(post.title, VIDEO_TEXT_FIELD_MAX),
    embed_html: () =>
      `<blockquote class="tiktok-embed" cite="${escapeHtml(shareUrl)}" data-video-id="${id}" style="max-width: 605px;min-width: 325px;"><section></section></blockquote>` +
      '<script async src="https://www.tiktok.com/embed.js"></script>',
    embed_link: () => embedLink,
    like_count: () => post.like_count,
    comment_count: () => post.comment_count,
    share_count: () => post.share_count,
    view_count: () => post.view_count,
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]()]));
}

/** Authentication, rate limit, the `video.list` scope and the `fields` query parameter. */
function admit(ctx: EmulatorContext, req: EmuRequest, endpoint: DisplayEndpoint): { who: Caller; fields: VideoField[] } | ApiResult {
  const who = authenticate(ctx, req, endpoint);
  if (isApiResult(who)) return who;
  const denied = requireScope(ctx, endpoint, who, ENDPOINTS[endpoint].scopes);
  if (denied) return denied;
  const { fields, unknown } = parseVideoFields(req.url.searchParams.get('fields'));
  if (unknown.length > 0) return apiError(ctx, endpoint, 'invalid_params', `Unknown field(s): ${unknown.join(', ')}.`, who);
  if (fields.length === 0) return apiError(ctx, endpoint, 'invalid_params', 'The fields query parameter is required, e.g. ?fields=id,title,share_url.', who);
  return { who, fields };
}

export async function handleVideoList(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const admitted = admit(ctx, req, 'video_list');
  if ('result' in admitted) return admitted;
  const { who, fields } = admitted;
  const body = await readJsonBody(ctx, req, 'video_list', who, { allowEmpty: true });
  if (!body.ok) return body.error;
  const parsed = videoListRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(ctx, 'video_list', 'invalid_params', describeIssue(parsed.error.issues), who);
  const page = profilePage(ctx, who.creator.open_id, parsed.data.cursor, parsed.data.max_count ?? VIDEO_LIST_DEFAULT_COUNT);
  return apiOk(ctx, { videos: page.posts.map((p) => videoObject(ctx, who, p, fields)), cursor: page.cursor, has_more: page.has_more }, who);
}

export async function handleVideoQuery(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const admitted = admit(ctx, req, 'video_query');
  if ('result' in admitted) return admitted;
  const { who, fields } = admitted;
  const body = await readJsonBody(ctx, req, 'video_query', who);
  if (!body.ok) return body.error;
  const parsed = videoQueryRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(ctx, 'video_query', 'invalid_params', describeIssue(parsed.error.issues), who);
  // Only the caller's own shown posts; unknown ids and other creators' posts are simply absent.
  const mine = new Map(profilePosts(ctx, who.creator.open_id).map((p) => [p.post_id.toString(), p]));
  const found = [...new Set(parsed.data.filters.video_ids)].flatMap((id) => {
    const post = mine.get(id);
    return post ? [videoObject(ctx, who, post, fields)] : [];
  });
  return apiOk(ctx, { videos: found }, who);
}
