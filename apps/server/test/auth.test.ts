// Which paths need an API key: all of /api but the ones TikTok or a monitor calls.
import { describe, expect, it } from 'vitest';
import { needsApiKey } from '../src/index.js';

describe('needsApiKey', () => {
  it('guards /api and leaves the exempt routes open', () => {
    const guarded = ['/api', '/api/apps', '/api/accounts/acc_1/doctor', '/api/oauth/tiktok/callback/x', '/api/webhooks/tiktokx', '/api/media', '/api/media/med_1', '/api/openapi.jsonx'];
    const open = ['/healthz', '/metrics', '/', '/index.html', '/api/oauth/tiktok/callback', '/api/webhooks/tiktok', '/media/tok123/0', '/api/openapi.json', '/api/docs', '/api/docs/static/index.html', '/apix'];
    expect(guarded.filter((p) => !needsApiKey(p))).toEqual([]);
    expect(open.filter((p) => needsApiKey(p))).toEqual([]);
  });
});
