// The contract's error catalog against expectations written out by hand (support/expected-errors):
// every code's class, the HTTP status per endpoint for a representative set, and the fallbacks.
import { describe, expect, it } from 'vitest';
import { FAIL_REASONS, FAIL_REASON_CATALOG, OAUTH_ERROR_CATALOG, OAUTH_ERROR_CODES, V2_ERROR_CATALOG, canonicalCode, httpStatusFor, lookupError, oauthHttpStatus } from '../src/index.js';
import type { DataEndpointId } from '../src/index.js';
import { EXPECTED_FAIL_REASON_CLASS, EXPECTED_HTTP_STATUS, EXPECTED_OAUTH, EXPECTED_V2_CLASS } from './support/expected-errors.js';

describe('error catalog', () => {
  it('holds exactly the documented codes, each with its class', () => {
    expect(Object.fromEntries(V2_ERROR_CATALOG.map((e) => [e.code, e.errorClass]))).toEqual(EXPECTED_V2_CLASS);
    expect(Object.fromEntries(OAUTH_ERROR_CATALOG.map((e) => [e.code, e.errorClass]))).toEqual(Object.fromEntries(Object.entries(EXPECTED_OAUTH).map(([c, e]) => [c, e.errorClass])));
    expect(Object.fromEntries(FAIL_REASON_CATALOG.map((e) => [e.code, e.errorClass]))).toEqual(EXPECTED_FAIL_REASON_CLASS);
    expect(OAUTH_ERROR_CODES).toEqual(Object.keys(EXPECTED_OAUTH));
    expect(FAIL_REASONS).toEqual(Object.keys(EXPECTED_FAIL_REASON_CLASS));
  });

  it('looks codes up by shape, the docs spelling `invalid_param` included', () => {
    expect(lookupError('v2', 'invalid_param')).toMatchObject({ code: 'invalid_params', errorClass: 'permanent' });
    expect(canonicalCode('invalid_param')).toBe('invalid_params');
    expect(lookupError('fail_reason', 'spam_risk_too_many_posts')).toMatchObject({ shape: 'fail_reason', errorClass: 'quota' });
    expect(lookupError('oauth', 'spam_risk_too_many_posts')).toBeUndefined();
    expect(lookupError('v2', 'brand_new_code')).toBeUndefined();
  });

  it.each(EXPECTED_HTTP_STATUS)('%s on %s is HTTP %i', (code, endpoint, status) => {
    expect(httpStatusFor(code, endpoint as DataEndpointId)).toBe(status);
  });

  it('answers 200 for ok and 400 for a code not listed on the endpoint', () => {
    expect(httpStatusFor('ok', 'creator_info')).toBe(200);
    expect(httpStatusFor('brand_new_code', 'video_init')).toBe(400);
    expect(httpStatusFor('invalid_publish_id', 'video_init')).toBe(400);
    expect(httpStatusFor('invalid_param', 'inbox_video_init')).toBe(400);
  });

  it.each(Object.entries(EXPECTED_OAUTH).map(([code, e]) => [code, e.http] as const))('OAuth %s is HTTP %i', (code, http) => {
    expect(oauthHttpStatus(code)).toBe(http);
  });

  it('answers 400 for an OAuth code TikTok has not listed', () => {
    expect(oauthHttpStatus('brand_new_error')).toBe(400);
    expect(oauthHttpStatus('constructor')).toBe(400);
  });
});
