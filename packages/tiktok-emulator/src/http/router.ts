// Routes a request to its endpoint, applies injected faults, and records every API request
// (endpoint, token owner, time, status, error code) for GET /_emulator/requests. Any exception
// becomes a TikTok-shaped 500 — the emulator never crashes on bad input.
import { endpointForPath, errorEnvelope, type DataEndpointId, type EndpointId } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import { handleAdmin, type AdminOps } from '../routes/admin.js';
import { apiError, type ApiResult } from '../routes/api-support.js';
import { handleAuthorize } from '../routes/authorize.js';
import { handleCreatorInfo } from '../routes/creator-info.js';
import { handleContentInit, handleVideoInit } from '../routes/inits.js';
import { handleRevoke, handleToken } from '../routes/oauth.js';
import { handleCancel, handleStatusFetch } from '../routes/status.js';
import { handleUpload } from '../routes/upload.js';
import { handleUserInfo } from '../routes/user-info.js';
import { jsonResponse, type EmuRequest, type EmuResult, type Handler } from './types.js';

type Target = EndpointId | 'upload';

const METHOD: Record<Target, string[]> = {
  authorize: ['GET', 'POST'],
  oauth_token: ['POST'],
  oauth_revoke: ['POST'],
  user_info: ['GET'],
  creator_info: ['POST'],
  video_init: ['POST'],
  inbox_video_init: ['POST'],
  content_init: ['POST'],
  status_fetch: ['POST'],
  cancel: ['POST'],
  upload: ['PUT'],
};

function isData(t: Target): t is DataEndpointId {
  return !['authorize', 'oauth_token', 'oauth_revoke', 'upload'].includes(t);
}

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
      case 'upload':
        return handleUpload(ctx, req, flow);
    }
  };

  const injectedError = (target: Target, status: number, code: string | undefined): ApiResult => {
    const logId = ctx.ids.logId(ctx.time.now());
    if (isData(target)) {
      const c = code ?? 'internal_error';
      return { result: jsonResponse(status, errorEnvelope(c, 'Injected fault.', logId)), errorCode: c };
    }
    if (target === 'oauth_token' || target === 'oauth_revoke') {
      const c = code ?? 'server_error';
      return { result: jsonResponse(status, { error: c, error_description: 'Injected fault.', log_id: logId }), errorCode: c };
    }
    return { result: jsonResponse(status, { error: { code: code ?? 'internal_error', message: 'Injected fault.' } }), errorCode: code ?? 'internal_error' };
  };

  return async (req) => {
    const path = req.url.pathname;
    if (path === '/_emulator' || path.startsWith('/_emulator/')) return handleAdmin(ctx, req, flow, ops);
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
    if (!METHOD[target].includes(req.method)) {
      const out: ApiResult = isData(target)
        ? apiError(ctx, target, 'invalid_params', `Use ${METHOD[target].join(' or ')} for this endpoint.`)
        : { result: jsonResponse(405, { error: 'invalid_request', error_description: `Use ${METHOD[target].join(' or ')}.`, log_id: ctx.ids.logId(started) }) };
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
    } catch {
      out = injectedError(target, 500, undefined);
      out.errorCode = 'internal_error';
    }
    if (resetAfter) {
      // The request took effect (a post may now exist); the client never hears back.
      log(out, 'reset_after');
      return { kind: 'reset' };
    }
    log(out);
    return out.result;
  };
}
