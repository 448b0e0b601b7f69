// Routes a request to its endpoint, applies injected faults, and records every API request
// (endpoint, token owner, time, status, error code) for GET /_emulator/requests. A route that
// throws is an emulator bug, not TikTok behaviour: it is recorded (GET /_emulator/errors) and
// answered with a TikTok-shaped 500 `internal_error` whose message says so, so that it can never
// pass for an injected fault.
import { ENDPOINTS, endpointForPath, errorEnvelope, isDataEndpoint, type DataEndpointId, type EndpointId } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { EMULATOR_BUG_MESSAGE } from '../error-log.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import { handleAdmin, type AdminOps } from '../routes/admin.js';
import { apiError, type ApiResult } from '../routes/api-support.js';
import { handleAuthorize } from '../routes/authorize.js';
import { handleCreatorInfo } from '../routes/creator-info.js';
import { handleVideoList, handleVideoQuery } from '../routes/display-videos.js';
import { handleContentInit, handleVideoInit } from '../routes/inits.js';
import { handleRevoke, handleToken } from '../routes/oauth.js';
import { handleCancel, handleStatusFetch } from '../routes/status.js';
import { handleUpload } from '../routes/upload.js';
import { handleUserInfo } from '../routes/user-info.js';
import { jsonResponse, type EmuRequest, type EmuResult, type Handler } from './types.js';

type Target = EndpointId | 'upload';

/** Methods a target answers. The consent page's form posts back to the authorize path. */
function methodsOf(t: Target): readonly string[] {
  if (t === 'upload') return ['PUT'];
  if (t === 'authorize') return [ENDPOINTS.authorize.method, 'POST'];
  return [ENDPOINTS[t].method];
}

const isAdminPath = (path: string) => path === '/_emulator' || path.startsWith('/_emulator/');

function isData(t: Target): t is DataEndpointId {
  return t !== 'upload' && isDataEndpoint(t);
}

const isOAuth = (t: Target) => t !== 'upload' && ENDPOINTS[t].kind === 'oauth';

export function createRouter(ctx: EmulatorContext, flow: PublishFlow, ops: AdminOps): Handler {
  const dispatch = async (target: Target, req: EmuRequest): Promise<ApiResult> => {
    switch (target) {
      case 'authorize':
        return { result: await handleAuthorize(ctx, req) };
      case 'oauth_token':
        return handleToken(ctx, req);
      case 'oauth_revoke':
        return handleRevoke(ctx, req, flow);
      case 'user_info':
        return handleUserInfo(ctx, req);
      case 'creator_info':
        return handleCreatorInfo(ctx, req);
      case 'video_init':
        return handleVideoInit(ctx, req, flow, 'direct');
      case 'inbox_video_init':
        return handleVideoInit(ctx, req, flow, 'inbox');
      case 'content_init':
        return handleContentInit(ctx, req, flow);
      case 'status_fetch':
        return handleStatusFetch(ctx, req);
      case 'cancel':
        return handleCancel(ctx, req, flow);
      case 'video_list':
        return handleVideoList(ctx, req);
      case 'video_query':
        return handleVideoQuery(ctx, req);
      case 'upload':
        return handleUpload(ctx, req, flow);
    }
  };

  /** An error answer in the target's own shape: the v2 envelope, OAuth's flat body, or a bare one. */
  const errorAnswer = (target: Target, status: number, code: string, message: string): ApiResult => {
    const logId = ctx.ids.logId(ctx.time.now());
    if (isData(target)) return { result: jsonResponse(status, errorEnvelope(code, message, logId)), errorCode: code };
    if (isOAuth(target)) {
      return { result: jsonResponse(status, { error: code, error_description: message, log_id: logId }), errorCode: code };
    }
    return { result: jsonResponse(status, { error: { code, message } }), errorCode: code };
  };

  const injectedError = (target: Target, status: number, code: string | undefined): ApiResult =>
    errorAnswer(target, status, code ?? (isOAuth(target) ? 'server_error' : 'internal_error'), 'Injected fault.');

  const route = async (req: EmuRequest): Promise<EmuResult> => {
    const path = req.url.pathname;
    if (isAdminPath(path)) return handleAdmin(ctx, req, flow, ops);
    const target: Target | undefined = path === '/upload/' || path === '/upload' ? 'upload' : endpointForPath(path);
    const started = ctx.time.now();
    const log = (out: ApiResult, fault?: string) => {
      ctx.state.requests.push({
        time: started,
        method: req.method,
        path,
        endpoint: target ?? 'unknown',
        client_key: out.clientKey,
        open_id: out.openId,
        status: out.result.kind === 'response' ? out.result.status : 0,
        error_code: out.errorCode,
        fault,
      });
    };
    if (!target) {
      const out = { result: jsonResponse(404, errorEnvelope('not_found', `No TikTok endpoint at ${path}. Paths end with a slash, e.g. /v2/post/publish/video/init/.`, ctx.ids.logId(started))), errorCode: 'not_found' };
      log(out);
      return out.result;
    }
    const methods = methodsOf(target);
    if (!methods.includes(req.method)) {
      const out: ApiResult = isData(target)
        ? apiError(ctx, target, 'invalid_params', `Use ${methods.join(' or ')} for this endpoint.`)
        : { result: jsonResponse(405, { error: 'invalid_request', error_description: `Use ${methods.join(' or ')}.`, log_id: ctx.ids.logId(started) }) };
      if (isData(target)) out.result = { ...(out.result as Extract<EmuResult, { kind: 'response' }>), status: 405 };
      log(out);
      return out.result;
    }

    let resetAfter = false;
    for (const fault of ctx.faults.pick(target)) {
      if (fault.kind === 'delay') await ctx.time.sleep(fault.delay_ms ?? 0);
      else if (fault.kind === 'reset_before') {
        log({ result: { kind: 'reset' } }, 'reset_before');
        return { kind: 'reset' };
      } else if (fault.kind === 'error') {
        const out = injectedError(target, fault.status ?? 500, fault.code);
        log(out, 'error');
        return out.result;
      } else resetAfter = true;
    }

    let out: ApiResult;
    try {
      out = await dispatch(target, req);
    } catch (e) {
      ctx.errors.record(`route ${target}`, e);
      out = errorAnswer(target, 500, 'internal_error', EMULATOR_BUG_MESSAGE);
    }
    if (resetAfter) {
      // The request took effect (a post may now exist); the client never hears back.
      log(out, 'reset_after');
      return { kind: 'reset' };
    }
    log(out);
    return out.result;
  };

  // Whatever escapes the routes (the admin API, fault handling, the request log) is a bug too.
  return async (req) => {
    try {
      return await route(req);
    } catch (e) {
      const admin = isAdminPath(req.url.pathname);
      ctx.errors.record(`${admin ? 'admin' : 'request'} ${req.method} ${req.url.pathname}`, e);
      // Admin errors are `{"error": "…"}`; everything else gets TikTok's `{error: {code, message}}`.
      return jsonResponse(500, admin ? { error: EMULATOR_BUG_MESSAGE } : { error: { code: 'internal_error', message: EMULATOR_BUG_MESSAGE } });
    }
  };
}
