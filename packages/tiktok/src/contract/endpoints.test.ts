import { describe, expect, it } from 'vitest';
import { DATA_ENDPOINTS, ENDPOINTS, ENDPOINT_IDS, RATE_LIMITS_PER_MINUTE, endpointForPath, isDataEndpoint } from './endpoints.js';

describe('ENDPOINTS and what is derived from it', () => {
  it('lists the data endpoints in declaration order', () => {
    expect(ENDPOINT_IDS).toEqual(['authorize', 'oauth_token', 'oauth_revoke', 'user_info', 'creator_info', 'video_init', 'inbox_video_init', 'content_init', 'status_fetch', 'cancel', 'video_list', 'video_query']);
    expect(DATA_ENDPOINTS).toEqual(['user_info', 'creator_info', 'video_init', 'inbox_video_init', 'content_init', 'status_fetch', 'cancel', 'video_list', 'video_query']);
    expect(isDataEndpoint('status_fetch')).toBe(true);
    expect(isDataEndpoint('oauth_token')).toBe(false);
    expect(isDataEndpoint('upload')).toBe(false);
  });

  it("carries TikTok's documented per-token rate limits (docs/tiktok-api.md §10, §17)", () => {
    expect(RATE_LIMITS_PER_MINUTE).toEqual({ user_info: 600, creator_info: 20, video_init: 6, inbox_video_init: 6, content_init: 6, status_fetch: 30, cancel: 6, video_list: 600, video_query: 600 });
    expect([ENDPOINTS.authorize.rateLimitPerMinute, ENDPOINTS.oauth_token.rateLimitPerMinute, ENDPOINTS.oauth_revoke.rateLimitPerMinute]).toEqual([null, null, null]);
  });

  it('names the scopes that grant each endpoint and the host it lives on', () => {
    expect(Object.fromEntries(ENDPOINT_IDS.map((id) => [id, [ENDPOINTS[id].method, ENDPOINTS[id].host, ENDPOINTS[id].kind, ENDPOINTS[id].scopes]]))).toEqual({
      authorize: ['GET', 'auth', 'page', []],
      oauth_token: ['POST', 'api', 'oauth', []],
      oauth_revoke: ['POST', 'api', 'oauth', []],
      user_info: ['GET', 'api', 'data', ['user.info.basic']],
      creator_info: ['POST', 'api', 'data', ['video.publish']],
      video_init: ['POST', 'api', 'data', ['video.publish']],
      inbox_video_init: ['POST', 'api', 'data', ['video.upload']],
      content_init: ['POST', 'api', 'data', ['video.publish', 'video.upload']],
      status_fetch: ['POST', 'api', 'data', ['video.publish', 'video.upload']],
      cancel: ['POST', 'api', 'data', ['video.publish', 'video.upload']],
      video_list: ['POST', 'api', 'data', ['video.list']],
      video_query: ['POST', 'api', 'data', ['video.list']],
    });
  });

  it('maps paths back to ids, trailing slash included', () => {
    expect(endpointForPath('/v2/post/publish/inbox/video/init/')).toBe('inbox_video_init');
    expect(endpointForPath('/v2/oauth/token/')).toBe('oauth_token');
    expect(endpointForPath('/v2/video/list/')).toBe('video_list');
    expect(endpointForPath('/v2/video/query/')).toBe('video_query');
    expect(endpointForPath('/v2/post/publish/inbox/video/init')).toBeUndefined();
  });
});
