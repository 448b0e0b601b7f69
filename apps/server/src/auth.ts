// API-key authentication for /api routes: `Authorization: Bearer tp_…`, checked against the hashes
// engine.apiKeys keeps. The routes TikTok or a monitor calls without a key are exempt: the health
// check, metrics, the OAuth callback (TikTok's redirect carries a state instead), the webhook
// receiver (signed by TikTok). The media endpoint for URL pulls lives outside /api, at the path of
// TOKPOST_MEDIA_PREFIX, and opens only with a per-attempt capability token (docs/architecture.md §2.3). Every failure is the same 401, so a caller learns nothing about
// which keys exist.
import type { ApiKeysService } from '@tokpost/engine';
import type { FastifyRequest } from 'fastify';
import { OAUTH_CALLBACK_PATH } from './config.js';
import { HttpError } from './errors/catalog.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The id of the API key the request authenticated with (null on public paths). */
    apiKeyId: string | null;
  }
}

/** Paths (exact, or a prefix when ending in "/") that need no API key. */
// The API's description (/api/openapi.json, /api/docs) is open too: it holds no data.
export const PUBLIC_PATHS: readonly string[] = ['/healthz', '/metrics', OAUTH_CALLBACK_PATH, '/api/webhooks/tiktok', '/api/openapi.json', '/api/docs', '/api/docs/'];

const BEARER = /^Bearer\s+(tp_[A-Za-z0-9_-]{20,200})\s*$/;

export function needsApiKey(path: string): boolean {
  if (path !== '/api' && !path.startsWith('/api/')) return false;
  return !PUBLIC_PATHS.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
}

export function createAuthHook(apiKeys: ApiKeysService): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    // The matched route's pattern decides, not the raw URL: a path like /api/media/../apps must
    // not borrow the media endpoint's exemption. Unmatched paths (404s) go by the raw path.
    const path = request.routeOptions.url ?? request.url.split('?', 1)[0] ?? '/';
    if (!needsApiKey(path)) return;
    const header = request.headers.authorization;
    if (header === undefined) throw new HttpError('ERR_UNAUTHORIZED');
    const key = BEARER.exec(header)?.[1];
    if (key === undefined) throw new HttpError('ERR_UNAUTHORIZED', 'The Authorization header must be `Bearer tp_…` with a tokpost API key.');
    const found = await apiKeys.verify(key);
    if (!found) throw new HttpError('ERR_UNAUTHORIZED', 'The API key is not valid: it is unknown or was revoked.');
    request.apiKeyId = found.id;
    request.log.debug({ apiKeyId: found.id }, 'authenticated');
  };
}
