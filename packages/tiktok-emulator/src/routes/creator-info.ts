// POST /v2/post/publish/creator_info/query/ (docs/tiktok-api.md §5.1). "Cannot post now" answers come back
// with HTTP 200 and a non-ok code, on purpose.
import { ENDPOINTS, creatorInfoRequestSchema } from '@tokpost/tiktok/contract';
import type { CreatorInfo } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import type { EmuRequest } from '../http/types.js';
import { activeCreatorCapReached, postCapReached, privacyOptions } from '../engine/caps.js';
import { apiError, apiOk, authenticate, isApiResult, readJsonBody, requireScope, type ApiResult } from './api-support.js';

export async function handleCreatorInfo(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const who = authenticate(ctx, req, 'creator_info');
  if (isApiResult(who)) return who;
  const denied = requireScope(ctx, 'creator_info', who, ENDPOINTS.creator_info.scopes);
  if (denied) return denied;
  const body = await readJsonBody(ctx, req, 'creator_info', who, { allowEmpty: true });
  if (!body.ok) return body.error;
  // No body is documented; an empty one or `{}` is fine, but `[]`, `null` or a bare string is not a request.
  if (!creatorInfoRequestSchema.safeParse(body.value).success) return apiError(ctx, 'creator_info', 'invalid_params', 'The request body must be a JSON object (or empty).', who);
  const { app, creator } = who;
  if (creator.banned) return apiError(ctx, 'creator_info', 'spam_risk_user_banned_from_posting', 'This user is banned from posting.', who);
  if (postCapReached(ctx, creator)) return apiError(ctx, 'creator_info', 'spam_risk_too_many_posts', 'The user has reached the daily post limit for API posts.', who);
  if (activeCreatorCapReached(ctx, app, creator.open_id)) {
    return apiError(ctx, 'creator_info', 'reached_active_user_cap', "The app has reached its daily quota of active publishing users.", who);
  }
  const data: CreatorInfo = {
    creator_avatar_url: creator.avatar_url,
    creator_username: creator.username,
    creator_nickname: creator.nickname,
    privacy_level_options: privacyOptions(app, creator),
    comment_disabled: creator.comment_disabled,
    // TikTok reports duet/stitch disabled for private accounts whatever the setting.
    duet_disabled: creator.duet_disabled || creator.is_private,
    stitch_disabled: creator.stitch_disabled || creator.is_private,
    max_video_post_duration_sec: creator.max_video_post_duration_sec,
  };
  return apiOk(ctx, data, who);
}
