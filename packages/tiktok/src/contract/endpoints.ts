// Every TikTok endpoint tokpost uses, declared once (docs/tiktok-api.md §1, §3, §10, §17): path, method, host,
// kind, the documented per-token rate limit and the scopes that grant it. Every other list, type
// and map of endpoints (data endpoints, rate limits, the emulator's routes and fault targets, the
// error catalog's "every endpoint" rows) is derived from this table, so adding an endpoint is one
// entry here plus its schemas, route and tests. Paths keep TikTok's trailing slash.
import { POST_MODE_SCOPE } from './post-info.js';
import type { Scope } from './scopes.js';

/**
 * - data: a v2 endpoint answering the `{data, error}` envelope, called with a user access token
 *   and counted against a per-token rate limit.
 * - oauth: form-encoded in, flat JSON out (token, revoke); no documented rate limit.
 * - page: a browser-facing page (the consent screen).
 */
export type EndpointKind = 'data' | 'oauth' | 'page';
export type EndpointHost = 'auth' | 'api';

interface EndpointBase {
  path: string;
  method: 'GET' | 'POST';
  host: EndpointHost;
  /** Any one of these scopes grants the endpoint; empty when it takes no user token. */
  scopes: readonly Scope[];
}

export type EndpointSpec =
  /** `rateLimitPerMinute`: requests per minute per user access token (sliding 60 s window). */
  | (EndpointBase & { kind: 'data'; rateLimitPerMinute: number })
  | (EndpointBase & { kind: 'oauth' | 'page'; rateLimitPerMinute: null });

const PUBLISH_OR_UPLOAD: readonly Scope[] = ['video.publish', 'video.upload'];

export const ENDPOINTS = {
  authorize: { path: '/v2/auth/authorize/', method: 'GET', host: 'auth', kind: 'page', rateLimitPerMinute: null, scopes: [] },
  oauth_token: { path: '/v2/oauth/token/', method: 'POST', host: 'api', kind: 'oauth', rateLimitPerMinute: null, scopes: [] },
  oauth_revoke: { path: '/v2/oauth/revoke/', method: 'POST', host: 'api', kind: 'oauth', rateLimitPerMinute: null, scopes: [] },
  user_info: { path: '/v2/user/info/', method: 'GET', host: 'api', kind: 'data', rateLimitPerMinute: 600, scopes: ['user.info.basic'] },
  creator_info: { path: '/v2/post/publish/creator_info/query/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 20, scopes: ['video.publish'] },
  video_init: { path: '/v2/post/publish/video/init/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 6, scopes: ['video.publish'] },
  inbox_video_init: { path: '/v2/post/publish/inbox/video/init/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 6, scopes: ['video.upload'] },
  /** Which of the two scopes applies depends on `post_mode` (POST_MODE_SCOPE). */
  content_init: {
    path: '/v2/post/publish/content/init/',
    method: 'POST',
    host: 'api',
    kind: 'data',
    rateLimitPerMinute: 6,
    scopes: [POST_MODE_SCOPE.DIRECT_POST, POST_MODE_SCOPE.MEDIA_UPLOAD],
  },
  status_fetch: { path: '/v2/post/publish/status/fetch/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 30, scopes: PUBLISH_OR_UPLOAD },
  /**
   * Cancel has no documented limit (docs/tiktok-api.md §5.7); the init limit is used, which is
   * the conservative reading.
   */
  cancel: { path: '/v2/post/publish/cancel/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 6, scopes: PUBLISH_OR_UPLOAD },
  /** Display API (docs/tiktok-api.md §17): the creator's videos, newest first, a page at a time. */
  video_list: { path: '/v2/video/list/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 600, scopes: ['video.list'] },
  /** Display API (docs/tiktok-api.md §17): up to 20 of the creator's videos by id. */
  video_query: { path: '/v2/video/query/', method: 'POST', host: 'api', kind: 'data', rateLimitPerMinute: 600, scopes: ['video.list'] },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointId = keyof typeof ENDPOINTS;
type EndpointsOfKind<K extends EndpointKind> = { [Id in EndpointId]: (typeof ENDPOINTS)[Id]['kind'] extends K ? Id : never }[EndpointId];
/** The data endpoints: `{data, error}` envelope, user access token, per-token rate limit. */
export type DataEndpointId = EndpointsOfKind<'data'>;
/** The form-encoded OAuth endpoints (token, revoke). */
export type OAuthEndpointId = EndpointsOfKind<'oauth'>;

export const ENDPOINT_IDS = Object.keys(ENDPOINTS) as EndpointId[];
export const DATA_ENDPOINTS: readonly DataEndpointId[] = ENDPOINT_IDS.filter((id): id is DataEndpointId => ENDPOINTS[id].kind === 'data');

export function isDataEndpoint(id: string): id is DataEndpointId {
  return (DATA_ENDPOINTS as readonly string[]).includes(id);
}

/** Requests per minute per user access token, per data endpoint (from ENDPOINTS). */
export const RATE_LIMITS_PER_MINUTE: Readonly<Record<DataEndpointId, number>> = Object.fromEntries(
  DATA_ENDPOINTS.map((id) => [id, ENDPOINTS[id].rateLimitPerMinute]),
) as Record<DataEndpointId, number>;
export const RATE_LIMIT_WINDOW_MS = 60_000;

export function endpointForPath(pathname: string): EndpointId | undefined {
  return ENDPOINT_IDS.find((id) => ENDPOINTS[id].path === pathname);
}

export const DEFAULT_BASE_URLS = {
  /** Browser-facing authorization page. */
  auth: 'https://www.tiktok.com',
  /** OAuth token/revoke, user info, every Content Posting endpoint and the Display API. */
  api: 'https://open.tiktokapis.com',
} as const;
