// POST /v2/post/publish/status/fetch/ and /cancel/ (docs/tiktok-api.md §5.6, §5.7).
import { ENDPOINTS, cancelRequestSchema, statusFetchRequestSchema, type DataEndpointId } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { int64, type EmuRequest } from '../http/types.js';
import { isVerifiedUrl } from '../engine/caps.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import type { Publish } from '../state.js';
import { apiError, apiOk, authenticate, isApiResult, readJsonBody, requireScope, type ApiResult, type Caller } from './api-support.js';

async function findPublish(
  ctx: EmulatorContext,
  req: EmuRequest,
  endpoint: DataEndpointId,
): Promise<{ who: Caller; p: Publish } | ApiResult> {
  const who = authenticate(ctx, req, endpoint);
  if (isApiResult(who)) return who;
  const denied = requireScope(ctx, endpoint, who, ENDPOINTS[endpoint].scopes);
  if (denied) return denied;
  const body = await readJsonBody(ctx, req, endpoint, who);
  if (!body.ok) return body.error;
  const schema = endpoint === 'cancel' ? cancelRequestSchema : statusFetchRequestSchema;
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return apiError(ctx, endpoint, 'invalid_publish_id', 'publish_id is missing or not a string.', who);
  const p = ctx.state.publishes.get(parsed.data.publish_id);
  if (!p) return apiError(ctx, endpoint, 'invalid_publish_id', 'No publish exists with this publish_id.', who);
  if (p.client_key !== who.app.client_key || p.open_id !== who.creator.open_id) {
    return apiError(ctx, endpoint, 'token_not_authorized_for_specified_publish_id', 'This access token may not read this publish_id.', who);
  }
  return { who, p };
}

export async function handleStatusFetch(ctx: EmulatorContext, req: EmuRequest): Promise<ApiResult> {
  const found = await findPublish(ctx, req, 'status_fetch');
  if ('result' in found) return found;
  const { who, p } = found;
  const data: Record<string, unknown> = { status: p.status };
  if (p.fail_reason) data.fail_reason = p.fail_reason;
  data.publicaly_available_post_id = p.post_ids.map((id) => (ctx.settings.post_ids_as === 'number' ? int64(id) : id.toString()));
  if (p.source === 'FILE_UPLOAD') data.uploaded_bytes = p.uploaded_bytes ?? 0;
  else data.downloaded_bytes = p.downloaded_bytes ?? 0;
  return apiOk(ctx, data, who);
}

export async function handleCancel(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow): Promise<ApiResult> {
  const found = await findPublish(ctx, req, 'cancel');
  if ('result' in found) return found;
  const { who, p } = found;
  // Cancel acts on the pulled URL, so TikTok re-checks that it still belongs to the app.
  const urls = p.video_url ? [p.video_url] : (p.photo_urls ?? []);
  if (urls.some((u) => !isVerifiedUrl(who.app, u))) {
    return apiError(ctx, 'cancel', 'url_ownership_unverified', "The publish's media URL is no longer under a verified domain or URL prefix of this app.", who);
  }
  if (!flow.cancel(p)) {
    return apiError(ctx, 'cancel', 'publish_not_cancellable', 'Only a URL pull that is still downloading can be cancelled.', who);
  }
  return apiOk(ctx, {}, who);
}
