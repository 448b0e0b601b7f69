import { describe, expect, it } from 'vitest';
import { TikTokStateMismatchError } from './errors.js';
import { buildAuthorizeUrl, parseCallback } from './oauth.js';

const cfg = { clientKey: 'awkey123', redirectUri: 'https://app.example.com/callback/', authBaseUrl: 'https://www.tiktok.com' };

describe('buildAuthorizeUrl', () => {
  it("builds TikTok's v2 authorize URL with client_key, comma-separated scopes and state", () => {
    const url = new URL(buildAuthorizeUrl(cfg, { scopes: ['user.info.basic', 'video.publish'], state: 's1' }));
    expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/');
    expect([...url.searchParams.keys()]).toEqual(['client_key', 'response_type', 'scope', 'redirect_uri', 'state']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_key: 'awkey123',
      response_type: 'code',
      scope: 'user.info.basic,video.publish',
      redirect_uri: 'https://app.example.com/callback/',
      state: 's1',
    });
  });

  it('adds the PKCE S256 challenge and disable_auto_auth when asked', () => {
    const url = new URL(buildAuthorizeUrl(cfg, { scopes: ['video.upload'], state: 's', codeChallenge: 'abc', disableAutoAuth: 1, redirectUri: 'http://127.0.0.1:8080/cb/' }));
    expect(url.searchParams.get('code_challenge')).toBe('abc');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('disable_auto_auth')).toBe('1');
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:8080/cb/');
  });

  it('refuses to build a URL without scopes or state', () => {
    expect(() => buildAuthorizeUrl(cfg, { scopes: [], state: 's' })).toThrow(/scope/);
    expect(() => buildAuthorizeUrl(cfg, { scopes: ['video.upload'], state: '' })).toThrow(/state/);
  });
});

describe('parseCallback', () => {
  it('decodes the code (TikTok codes contain * and !) and reads the granted `scopes`', () => {
    const r = parseCallback('https://app.example.com/callback/?code=abc%2A1%216431.u1&scopes=user.info.basic%2Cvideo.publish&state=s1', {
      state: 's1',
      requestedScopes: ['user.info.basic', 'video.publish'],
    });
    expect(r).toEqual({ ok: true, code: 'abc*1!6431.u1', state: 's1', grantedScopes: ['user.info.basic', 'video.publish'], missingScopes: [] });
  });

  it('reports requested scopes the creator did not grant', () => {
    const r = parseCallback({ code: 'c', scopes: 'user.info.basic', state: 's' }, { state: 's', requestedScopes: ['user.info.basic', 'video.publish', 'video.upload'] });
    expect(r).toMatchObject({ ok: true, missingScopes: ['video.publish', 'video.upload'] });
  });

  it('returns the OAuth error of a denied request', () => {
    const r = parseCallback(new URLSearchParams('error=access_denied&error_description=The+user+denied&state=s'), { state: 's' });
    expect(r).toEqual({ ok: false, error: 'access_denied', errorDescription: 'The user denied', state: 's' });
  });

  it('throws on a state that is not the one issued, or missing', () => {
    expect(() => parseCallback('?code=c&state=evil', { state: 'good' })).toThrow(TikTokStateMismatchError);
    expect(() => parseCallback('?code=c', { state: 'good' })).toThrow(TikTokStateMismatchError);
    expect(() => parseCallback('?error=access_denied&state=evil', { state: 'good' })).toThrow(/state does not match/);
  });

  it('flags a callback with neither code nor error', () => {
    expect(parseCallback('?state=s', { state: 's' })).toMatchObject({ ok: false, error: 'invalid_request' });
  });
});
