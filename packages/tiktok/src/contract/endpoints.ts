// Every TikTok endpoint tokpost uses: path, method, the scope(s) that grant it, and the documented
// per-token rate limit (reference §1, §3, §10). Paths keep TikTok's trailing slash.

export const ENDPOINTS = {
  authorize: { path: '/v2/auth/authorize/', method: 'GET', host: 'auth' },
  oauth_token: { path: '/v2/oauth/token/', method: 'POST', host: 'api' },
  oauth_revoke: { path: '/v2/oauth/revoke/', method: 'POST', host: 'api' },
  user_info: { path: '/v2/user/info/', method: 'GET', host: 'api' },
  creator_info: { path: '/v2/post/publish/creator_info/query/', method: 'POST', host: 'api' },
  video_init: { path: '/v2/post/publish/video/init/', method: 'POST', host: 'api' },
  inbox_video_init: { path: '/v2/post/publish/inbox/video/init/', method: 'POST', host: 'api' },
  content_init: { path: '/v2/post/publish/content/init/', method: 'POST', host: 'api' },
  status_fetch: { path: '/v2/post/publish/status/fetch/', method: 'POST', host: 'api' },
  cancel: { path: '/v2/post/publish/cancel/', method: 'POST', host: 'api' },
} as const;

export type EndpointId = keyof typeof ENDPOINTS;
/** The data endpoints that answer with the `{data, error}` envelope and count against rate limits. */
export type DataEndpointId = 'user_info' | 'creator_info' | 'video_init' | 'inbox_video_init' | 'content_init' | 'status_fetch' | 'cancel';
export const DATA_ENDPOINTS: readonly DataEndpointId[] = [
  'user_info',
  'creator_info',
  'video_init',
  'inbox_video_init',
  'content_init',
  'status_fetch',
  'cancel',
];

/**
 * Requests per minute per user access token (sliding 60 s window). Cancel has no documented limit
 * (reference §5.7, UNCERTAIN); we use the init limit, which is the conservative reading.
 */
export const RATE_LIMITS_PER_MINUTE: Record<DataEndpointId, number> = {
  user_info: 600,
  creator_info: 20,
  video_init: 6,
  inbox_video_init: 6,
  content_init: 6,
  status_fetch: 30,
  cancel: 6,
};
export const RATE_LIMIT_WINDOW_MS = 60_000;

export function endpointForPath(pathname: string): EndpointId | undefined {
  for (const [id, e] of Object.entries(ENDPOINTS)) if (e.path === pathname) return id as EndpointId;
  return undefined;
}

export const DEFAULT_BASE_URLS = {
  /** Browser-facing authorization page. */
  auth: 'https://www.tiktok.com',
  /** OAuth token/revoke, user info and every Content Posting endpoint. */
  api: 'https://open.tiktokapis.com',
} as const;
