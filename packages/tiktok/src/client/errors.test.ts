import { describe, expect, it } from 'vitest';
import { V2_ERROR_CATALOG } from '../contract/index.js';
import { EXPECTED_OAUTH, EXPECTED_V2_CLASS } from '../../test/support/expected-errors.js';
import { TikTokApiError, TikTokOAuthError, TikTokOutcomeUnknownError, TikTokResponseError, createTikTokError } from './errors.js';

const envelope = (code: string, extra: Record<string, unknown> = {}) => ({ data: {}, error: { code, message: `msg for ${code}`, log_id: '202210112248442CB9319E1FB30C1073F3', ...extra } });

describe('createTikTokError', () => {
  it('returns undefined for success bodies', () => {
    expect(createTikTokError({ endpoint: 'creator_info', httpStatus: 200, body: envelope('ok') })).toBeUndefined();
    expect(createTikTokError({ endpoint: 'oauth_token', httpStatus: 200, body: { access_token: 'act.x' } })).toBeUndefined();
    expect(createTikTokError({ endpoint: 'oauth_revoke', httpStatus: 200, body: undefined })).toBeUndefined();
  });

  it('classifies every v2 code on every endpoint it occurs on, keeping code, message, logId and status', () => {
    // Which (code, endpoint, status) to try comes from the catalog; the class expected is written by hand.
    expect(V2_ERROR_CATALOG.map((e) => e.code).sort()).toEqual(Object.keys(EXPECTED_V2_CLASS).sort());
    for (const entry of V2_ERROR_CATALOG) {
      for (const [endpoint, status] of Object.entries(entry.http)) {
        const e = createTikTokError({ endpoint, httpStatus: status, body: envelope(entry.code) });
        expect(e).toBeInstanceOf(TikTokApiError);
        expect(e).toMatchObject({ code: entry.code, errorClass: EXPECTED_V2_CLASS[entry.code], httpStatus: status, logId: '202210112248442CB9319E1FB30C1073F3', endpoint, tiktokMessage: `msg for ${entry.code}` });
        expect(e!.message).toContain(entry.code);
      }
    }
  });

  it('treats HTTP 200 with a non-ok code as an error (creator_info caps arrive that way)', () => {
    const e = createTikTokError({ endpoint: 'creator_info', httpStatus: 200, body: envelope('spam_risk_too_many_posts') });
    expect(e).toMatchObject({ code: 'spam_risk_too_many_posts', errorClass: 'quota', httpStatus: 200, isQuota: true });
  });

  it('treats invalid_param and invalid_params as the same error, keeping the wire spelling', () => {
    const a = createTikTokError({ endpoint: 'video_init', httpStatus: 400, body: envelope('invalid_param') })!;
    const b = createTikTokError({ endpoint: 'video_init', httpStatus: 400, body: envelope('invalid_params') })!;
    expect([a.code, a.errorClass, b.code, b.errorClass]).toEqual(['invalid_params', 'permanent', 'invalid_params', 'permanent']);
    expect([a.wireCode, b.wireCode]).toEqual(['invalid_param', 'invalid_params']);
  });

  it('reads the docs-table spelling `logid` too', () => {
    const e = createTikTokError({ endpoint: 'status_fetch', httpStatus: 400, body: { data: {}, error: { code: 'invalid_publish_id', message: '', logid: 'L1' } } })!;
    expect(e.logId).toBe('L1');
    expect(e.message).toContain('No publish with this publish_id exists');
  });

  it('classifies every OAuth error code from the flat shape, whatever the HTTP status', () => {
    for (const [code, { errorClass }] of Object.entries(EXPECTED_OAUTH)) {
      const e = createTikTokError({ endpoint: 'oauth_token', httpStatus: 200, body: { error: code, error_description: 'd', log_id: 'L' } });
      expect(e).toBeInstanceOf(TikTokOAuthError);
      expect(e).toMatchObject({ code, errorClass, logId: 'L', httpStatus: 200, tiktokMessage: 'd' });
    }
  });

  it('classifies unknown codes by HTTP status and never by message text', () => {
    const msg = (m: string) => ({ data: {}, error: { code: 'brand_new_code', message: m } });
    expect(createTikTokError({ endpoint: 'video_init', httpStatus: 503, body: msg('please refresh token') })!.errorClass).toBe('retryable');
    expect(createTikTokError({ endpoint: 'video_init', httpStatus: 401, body: msg('rate limit') })!.errorClass).toBe('needs_reconnect');
    expect(createTikTokError({ endpoint: 'video_init', httpStatus: 400, body: msg('internal error, retry') })!.errorClass).toBe('permanent');
    const known = createTikTokError({ endpoint: 'creator_info', httpStatus: 401, body: msg('x') });
    expect(known!.code).toBe('brand_new_code');
  });

  it('reports bodies without a TikTok error as response errors', () => {
    expect(createTikTokError({ endpoint: 'status_fetch', httpStatus: 502, body: undefined })).toMatchObject({ code: 'internal_error', errorClass: 'retryable' });
    expect(createTikTokError({ endpoint: 'status_fetch', httpStatus: 404, body: 'nope' })).toBeInstanceOf(TikTokResponseError);
    expect(createTikTokError({ endpoint: 'status_fetch', httpStatus: 400, body: { error: { message: 'no code' } } })).toMatchObject({ code: 'invalid_response' });
  });

  it('keeps what an outcome-unknown mutation sent, out of enumerable properties', () => {
    const e = new TikTokOutcomeUnknownError({ message: 'lost', endpoint: 'video_init', sentRequest: { endpoint: 'video_init', method: 'POST', path: '/p/', body: { a: 1 }, sentAt: 5 } });
    expect(e.sentRequest.body).toEqual({ a: 1 });
    expect(Object.keys(e)).not.toContain('sentRequest');
    // Its own class: not retryable, so nothing that retries by class repeats the mutation.
    expect(e).toMatchObject({ code: 'outcome_unknown', errorClass: 'outcome_unknown', outcomeUnknown: true, retryable: false, permanent: false });
  });
});
