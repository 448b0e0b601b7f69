// The three init endpoints (docs/tiktok-api.md §5.2–5.4): direct video, inbox video, photo content. Checks
// run in this order — token and rate limit, scope, body shape, chunk plan, ban, audit status,
// privacy, URL ownership, caps — each answered with TikTok's code and the status for the endpoint.
import {
  ENDPOINTS,
  POST_MODE_SCOPE,
  checkChunkPlan,
  contentInitRequestSchema,
  inboxVideoInitRequestSchema,
  videoInitRequestSchema,
  UPLOAD_URL_TTL_MS,
  type DataEndpointId,
  type InitData,
  type PrivacyLevel,
  type VideoSourceInfo,
} from '@tokpost/tiktok/contract';
import { join } from 'node:path';
import type { EmulatorContext } from '../context.js';
import type { EmuRequest } from '../http/types.js';
import { activeCreatorCapReached, isVerifiedUrl, pendingShareCapReached, postCapReached, privacyOptions } from '../engine/caps.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import type { Publish, PublishKind } from '../state.js';
import { apiError, apiOk, authenticate, describeIssue, isApiResult, readJsonBody, requireScope, type ApiResult, type Caller } from './api-support.js';

const MEDIA_UPLOAD_MIN_APP_VERSION = [31, 8];

function versionAtLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0;
    const b = min[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

const PUBLISH_ID_PREFIX: Record<PublishKind, Record<'FILE_UPLOAD' | 'PULL_FROM_URL', string>> = {
  direct_video: { FILE_UPLOAD: 'v_pub_file~v2-1.', PULL_FROM_URL: 'v_pub_url~v2-1.' },
  inbox_video: { FILE_UPLOAD: 'v_inbox_file~v2.', PULL_FROM_URL: 'v_inbox_url~v2.' },
  photo_direct: { FILE_UPLOAD: 'p_pub_file~v2.', PULL_FROM_URL: 'p_pub_url~v2.' },
  photo_upload: { FILE_UPLOAD: 'p_inbox_file~v2.', PULL_FROM_URL: 'p_inbox_url~v2.' },
};

function newPublish(ctx: EmulatorContext, who: Caller, kind: PublishKind, source: Publish['source']): Publish {
  return {
    publish_id: `${PUBLISH_ID_PREFIX[kind][source]}${ctx.ids.postId().toString()}`,
    kind,
    source,
    client_key: who.app.client_key,
    open_id: who.creator.open_id,
    grant_id: who.grant.id,
    created_at: ctx.time.now(),
    status: source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
    post_ids: [],
    interaction: { disable_comment: false, disable_duet: false, disable_stitch: false },
    brand_content_toggle: false,
    brand_organic_toggle: false,
    is_aigc: false,
    media_paths: [],
    processing: false,
    pending_share: kind === 'inbox_video' || kind === 'photo_upload',
  };
}

/** Registers the publish and, for FILE_UPLOAD, opens its one-hour upload session. */
function start(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow, p: Publish, source: VideoSourceInfo | undefined): InitData {
  ctx.state.publishes.set(p.publish_id, p);
  if (source?.source === 'FILE_UPLOAD') {
    const uploadId = ctx.ids.digits(19);
    const token = ctx.ids.hex(16);
    const path = join(ctx.dataDir, `upload-${uploadId}`);
    p.upload = {
      upload_id: uploadId,
      upload_token: token,
      video_size: source.video_size,
      chunk_size: source.chunk_size,
      total_chunk_count: source.total_chunk_count,
      next_index: 0,
      received: 0,
      expires_at: ctx.time.now() + UPLOAD_URL_TTL_MS,
      path,
      in_flight: false,
    };
    p.uploaded_bytes = 0;
    p.media_paths = [path];
    ctx.state.uploads.set(uploadId, p.publish_id);
    return { publish_id: p.publish_id, upload_url: `${req.url.origin}/upload?upload_id=${uploadId}&upload_token=${token}` };
  }
  p.downloaded_bytes = 0;
  flow.startPull(p);
  return { publish_id: p.publish_id };
}

function sourceProblem(ctx: EmulatorContext, endpoint: DataEndpointId, who: Caller, source: VideoSourceInfo): ApiResult | undefined {
  if (source.source !== 'FILE_UPLOAD') return undefined;
  const plan = checkChunkPlan(source.video_size, source.chunk_size, source.total_chunk_count, ctx.settings.chunk_mb_unit);
  return plan.ok ? undefined : apiError(ctx, endpoint, 'invalid_params', plan.message, who);
}

function privacyProblem(ctx: EmulatorContext, endpoint: DataEndpointId, who: Caller, level: string | undefined): ApiResult | undefined {
  const options = privacyOptions(who.app, who.creator);
  if (level && (options as string[]).includes(level)) return undefined;
  const msg = level
    ? `privacy_level ${level} is not one of this creator's options (${options.join(', ')}); call creator_info and use one of its privacy_level_options.`
    : `privacy_level is required; pick one of ${options.join(', ')}.`;
  return apiError(ctx, endpoint, 'privacy_level_option_mismatch', msg, who);
}

function urlProblem(ctx: EmulatorContext, endpoint: DataEndpointId, who: Caller, urls: string[]): ApiResult | undefined {
  const bad = urls.findIndex((u) => !isVerifiedUrl(who.app, u));
  if (bad < 0) return undefined;
  const which = urls.length > 1 ? ` (image ${bad + 1} of ${urls.length})` : '';
  return apiError(ctx, endpoint, 'url_ownership_unverified', `The media URL${which} is not under a verified domain or URL prefix of this app.`, who);
}

function directPostGates(ctx: EmulatorContext, endpoint: DataEndpointId, who: Caller, privacy: string | undefined, urls: string[]): ApiResult | undefined {
  if (who.creator.banned) return apiError(ctx, endpoint, 'spam_risk_user_banned_from_posting', 'This user is banned from posting.', who);
  if (!who.app.audited && !who.creator.is_private) {
    return apiError(ctx, endpoint, 'unaudited_client_can_only_post_to_private_accounts', 'This app is not audited: the target account must be set to private.', who);
  }
  return (
    privacyProblem(ctx, endpoint, who, privacy) ??
    urlProblem(ctx, endpoint, who, urls) ??
    (activeCreatorCapReached(ctx, who.app, who.creator.open_id)
      ? apiError(ctx, endpoint, 'reached_active_user_cap', "The app has reached its daily quota of active publishing users.", who)
      : undefined) ??
    (postCapReached(ctx, who.creator) ? apiError(ctx, endpoint, 'spam_risk_too_many_posts', 'The user has reached the daily post limit for API posts.', who) : undefined)
  );
}

export async function handleVideoInit(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow, mode: 'direct' | 'inbox'): Promise<ApiResult> {
  const endpoint: DataEndpointId = mode === 'direct' ? 'video_init' : 'inbox_video_init';
  const who = authenticate(ctx, req, endpoint);
  if (isApiResult(who)) return who;
  const denied = requireScope(ctx, endpoint, who, ENDPOINTS[endpoint].scopes);
  if (denied) return denied;
  const body = await readJsonBody(ctx, req, endpoint, who);
  if (!body.ok) return body.error;

  if (mode === 'inbox') {
    const parsed = inboxVideoInitRequestSchema.safeParse(body.value);
    if (!parsed.success) return apiError(ctx, endpoint, 'invalid_params', describeIssue(parsed.error.issues), who);
    const source = parsed.data.source_info;
    const problem =
      sourceProblem(ctx, endpoint, who, source) ??
      (who.creator.banned ? apiError(ctx, endpoint, 'spam_risk_user_banned_from_posting', 'This user is banned from posting.', who) : undefined) ??
      urlProblem(ctx, endpoint, who, source.source === 'PULL_FROM_URL' ? [source.video_url] : []) ??
      (pendingShareCapReached(ctx, who.creator.open_id)
        ? apiError(ctx, endpoint, 'spam_risk_too_many_pending_share', `The user already has ${ctx.settings.pending_share_cap} pending shares in the last 24 hours.`, who)
        : undefined);
    if (problem) return problem;
    const p = newPublish(ctx, who, 'inbox_video', source.source);
    if (source.source === 'PULL_FROM_URL') p.video_url = source.video_url;
    return apiOk(ctx, start(ctx, req, flow, p, source), who);
  }

  const parsed = videoInitRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(ctx, endpoint, 'invalid_params', describeIssue(parsed.error.issues), who);
  const { post_info: info, source_info: source } = parsed.data;
  const problem =
    sourceProblem(ctx, endpoint, who, source) ??
    directPostGates(ctx, endpoint, who, info.privacy_level, source.source === 'PULL_FROM_URL' ? [source.video_url] : []);
  if (problem) return problem;
  const p = newPublish(ctx, who, 'direct_video', source.source);
  p.privacy_level = info.privacy_level as PrivacyLevel;
  p.title = info.title ?? '';
  // TikTok forces interactions off where the creator's settings (or a private account) say so.
  const priv = who.creator.is_private;
  p.interaction = {
    disable_comment: (info.disable_comment ?? false) || who.creator.comment_disabled,
    disable_duet: (info.disable_duet ?? false) || who.creator.duet_disabled || priv,
    disable_stitch: (info.disable_stitch ?? false) || who.creator.stitch_disabled || priv,
  };
  p.brand_content_toggle = info.brand_content_toggle ?? false;
  p.brand_organic_toggle = info.brand_organic_toggle ?? false;
  p.is_aigc = info.is_aigc ?? false;
  if (source.source === 'PULL_FROM_URL') p.video_url = source.video_url;
  return apiOk(ctx, start(ctx, req, flow, p, source), who);
}

export async function handleContentInit(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow): Promise<ApiResult> {
  const endpoint: DataEndpointId = 'content_init';
  const who = authenticate(ctx, req, endpoint);
  if (isApiResult(who)) return who;
  const body = await readJsonBody(ctx, req, endpoint, who);
  if (!body.ok) return body.error;
  // The scope depends on post_mode, read before validation: a bad body still gets the scope check first.
  const mode = (body.value as { post_mode?: unknown } | null)?.post_mode;
  const denied = requireScope(ctx, endpoint, who, [POST_MODE_SCOPE[mode === 'MEDIA_UPLOAD' ? 'MEDIA_UPLOAD' : 'DIRECT_POST']]);
  if (denied) return denied;
  const parsed = contentInitRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(ctx, endpoint, 'invalid_params', describeIssue(parsed.error.issues), who);
  const { post_info: info, source_info: source } = parsed.data;
  if (source.photo_cover_index >= source.photo_images.length) {
    return apiError(ctx, endpoint, 'invalid_params', `photo_cover_index ${source.photo_cover_index} is out of range for ${source.photo_images.length} image(s).`, who);
  }
  let problem: ApiResult | undefined;
  if (parsed.data.post_mode === 'MEDIA_UPLOAD') {
    problem =
      (!versionAtLeast(who.creator.app_version, MEDIA_UPLOAD_MIN_APP_VERSION)
        ? apiError(ctx, endpoint, 'app_version_check_failed', "The user's TikTok app is too old for photo uploads; it needs version 31.8 or later.", who)
        : undefined) ??
      (who.creator.banned ? apiError(ctx, endpoint, 'spam_risk_user_banned_from_posting', 'This user is banned from posting.', who) : undefined) ??
      urlProblem(ctx, endpoint, who, source.photo_images) ??
      (pendingShareCapReached(ctx, who.creator.open_id)
        ? apiError(ctx, endpoint, 'spam_risk_too_many_pending_share', `The user already has ${ctx.settings.pending_share_cap} pending shares in the last 24 hours.`, who)
        : undefined);
  } else {
    problem = directPostGates(ctx, endpoint, who, info.privacy_level, source.photo_images);
  }
  if (problem) return problem;
  const p = newPublish(ctx, who, parsed.data.post_mode === 'DIRECT_POST' ? 'photo_direct' : 'photo_upload', 'PULL_FROM_URL');
  p.privacy_level = info.privacy_level as PrivacyLevel | undefined;
  p.title = info.title ?? '';
  p.description = info.description ?? '';
  p.interaction.disable_comment = (info.disable_comment ?? false) || who.creator.comment_disabled;
  p.brand_content_toggle = info.brand_content_toggle ?? false;
  p.brand_organic_toggle = info.brand_organic_toggle ?? false;
  p.is_aigc = parsed.data.is_aigc ?? false;
  p.photo_urls = source.photo_images;
  p.photo_cover_index = source.photo_cover_index;
  return apiOk(ctx, start(ctx, req, flow, p, undefined), who);
}
