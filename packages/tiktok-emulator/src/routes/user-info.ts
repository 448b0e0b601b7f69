// GET /v2/user/info/?fields=… (docs/tiktok-api.md §4): only requested fields, each gated by its scope.
import { ENDPOINTS, USER_FIELD_SCOPE, type UserField } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import type { EmuRequest } from '../http/types.js';
import { apiError, apiOk, authenticate, isApiResult, requireScope, type ApiResult } from './api-support.js';

export async function handleUserInfo(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const who = authenticate(ctx, req, 'user_info');
  if (isApiResult(who)) return who;
  const denied = requireScope(ctx, 'user_info', who, ENDPOINTS.user_info.scopes);
  if (denied) return denied;
  const fields = (req.url.searchParams.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) return apiError(ctx, 'user_info', 'invalid_params', 'The fields query parameter is required, e.g. ?fields=open_id,display_name.', who);
  const unknown = fields.filter((f) => !(f in USER_FIELD_SCOPE));
  if (unknown.length > 0) return apiError(ctx, 'user_info', 'invalid_params', `Unknown field(s): ${unknown.join(', ')}.`, who);
  const missing = fields.filter((f) => !who.grant.scopes.includes(USER_FIELD_SCOPE[f as UserField]));
  if (missing.length > 0 && ctx.settings.user_info_missing_scope === 'error') {
    return apiError(ctx, 'user_info', 'scope_permission_missed', `The field(s) ${missing.join(', ')} need a scope the user did not grant.`, who);
  }
  const c = who.creator;
  const all: Record<UserField, unknown> = {
    open_id: c.open_id,
    union_id: c.union_id,
    avatar_url: c.avatar_url,
    avatar_url_100: `${c.avatar_url}?size=100`,
    avatar_large_url: `${c.avatar_url}?size=large`,
    display_name: c.nickname,
    bio_description: c.bio_description,
    profile_deep_link: `https://www.tiktok.com/@${c.username}`,
    is_verified: c.is_verified,
    username: c.username,
    follower_count: c.follower_count,
    following_count: c.following_count,
    likes_count: c.likes_count,
    video_count: c.video_count,
  };
  const user = Object.fromEntries(fields.filter((f) => !missing.includes(f)).map((f) => [f, all[f as UserField]]));
  return apiOk(ctx, { user }, who);
}
