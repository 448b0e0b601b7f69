// redactUrl: what the request log writes for a URL. The OAuth callback's query values (the
// authorization code and the state) are blanked, however the path is spelled; other URLs are
// written as they came.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/index.js';

describe('redactUrl', () => {
  it('blanks every query value of the callback and keeps the names', () => {
    expect(redactUrl('/api/oauth/tiktok/callback?code=Iw*1!6431.u1&scopes=user.info.basic,video.publish&state=abc')).toBe('/api/oauth/tiktok/callback?code=[redacted]&scopes=[redacted]&state=[redacted]');
    expect(redactUrl('/api/oauth/tiktok/callback/?error=access_denied&error_description=no&state=s')).toBe('/api/oauth/tiktok/callback/?error=[redacted]&error_description=[redacted]&state=[redacted]');
    expect(redactUrl('/api/oauth/tiktok/%63allback?code=secret-code')).toBe('/api/oauth/tiktok/%63allback?code=[redacted]');
    expect(redactUrl('/api/oauth/tiktok/callback?code=x#frag')).toBe('/api/oauth/tiktok/callback?code=[redacted]');
    expect(redactUrl('/api/oauth/tiktok/callback?&code')).toBe('/api/oauth/tiktok/callback?code=[redacted]');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/oauth/tiktok/callback')).toBe('/api/oauth/tiktok/callback');
    expect(redactUrl('/api/posts?state=scheduled&limit=5')).toBe('/api/posts?state=scheduled&limit=5');
    expect(redactUrl('/api/%zz?code=1')).toBe('/api/%zz?code=1');
  });
});
