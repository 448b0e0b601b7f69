// diagnose(): known codes with their raw values kept, the lookup rules (aliases, `preflight.`
// warnings, bare HTTP codes, sources) and the generic entry for codes nobody knows — which keeps
// the raw code and log_id in its text and never throws.
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseInput } from '../../src/index.js';

describe('diagnose', () => {
  it('returns the entry with the raw code, log_id, HTTP status and message kept', () => {
    const d = diagnose({ source: 'tiktok_error', code: 'privacy_level_option_mismatch', logId: '20261202101500A1B2C3D4E5F60718', httpStatus: 403, message: 'privacy_level is invalid' });
    expect(d).toMatchObject({
      known: true,
      code: 'privacy_level_option_mismatch',
      rawCode: 'privacy_level_option_mismatch',
      source: 'tiktok_error',
      family: 4,
      retryable: false,
      errorClass: 'user_action',
      logId: '20261202101500A1B2C3D4E5F60718',
      httpStatus: 403,
      message: 'privacy_level is invalid',
    });
  });

  it('searches every source when none is given, TikTok’s first', () => {
    expect(diagnose({ code: 'spam_risk_text' })).toMatchObject({ known: true, source: 'fail_reason', family: 6 });
    expect(diagnose({ code: 'scope_missing' })).toMatchObject({ known: true, source: 'local', family: 7 });
    expect(diagnose({ code: 'spam_risk_too_many_posts' })).toMatchObject({ known: true, source: 'tiktok_error', family: 3 });
  });

  it('falls back to other sources when the given one does not know the code', () => {
    // Attempts keep the client's own codes in their error code column.
    expect(diagnose({ source: 'tiktok_error', code: 'network_error' })).toMatchObject({ known: true, source: 'local', retryable: true });
  });

  it('reads invalid_param as invalid_params, keeping the spelling received', () => {
    expect(diagnose({ code: 'invalid_param', httpStatus: 400 })).toMatchObject({ known: true, code: 'invalid_params', rawCode: 'invalid_param', source: 'tiktok_error', family: null });
  });

  it('reads preflight warnings by their finding code', () => {
    expect(diagnose({ code: 'preflight.video_side_too_small' })).toMatchObject({ known: true, code: 'video_side_too_small', rawCode: 'preflight.video_side_too_small', source: 'preflight', family: 5 });
  });

  it('reads the client’s http_<status> codes as a bare HTTP error, status included', () => {
    expect(diagnose({ code: 'http_418' })).toMatchObject({ known: true, code: 'http_error', rawCode: 'http_418', httpStatus: 418 });
  });

  it('gives an unknown code a generic entry that keeps the raw code and log_id in its text', () => {
    const d = diagnose({ source: 'fail_reason', code: 'video_size_check_failed', logId: '202612021015009F8E7D6C5B4A3921', httpStatus: 200, message: 'too big' });
    expect(d).toMatchObject({
      known: false,
      code: 'video_size_check_failed',
      rawCode: 'video_size_check_failed',
      source: 'fail_reason',
      family: null,
      severity: 'error',
      retryable: false,
      logId: '202612021015009F8E7D6C5B4A3921',
      httpStatus: 200,
      message: 'too big',
    });
    expect(d.summary).toContain('"video_size_check_failed"');
    expect(d.summary).toContain('log_id 202612021015009F8E7D6C5B4A3921');
    expect(d.fix).toContain('202612021015009F8E7D6C5B4A3921');
    expect(d.familyNote).toBe('The code is not in the catalog, so its family is unknown.');
  });

  it('gives an unknown code without log_id or source a generic entry too', () => {
    const d = diagnose({ code: 'brand_new_code' });
    expect(d).toMatchObject({ known: false, rawCode: 'brand_new_code', source: 'local', logId: null, httpStatus: null, message: null });
    expect(d.summary).toContain('"brand_new_code"');
    expect(d.summary).not.toContain('log_id');
  });

  it('never throws, whatever it is given', () => {
    const odd = [{ code: '' }, { code: undefined }, { code: null }, { code: 42 }, { code: 'x', httpStatus: Number.NaN, logId: 7 }, { code: 'constructor' }, { code: '__proto__' }] as unknown as DiagnoseInput[];
    for (const input of odd) {
      const d = diagnose(input);
      expect(d.known).toBe(false);
      expect(d.summary.length).toBeGreaterThan(10);
      expect(d.httpStatus).toBeNull();
    }
    expect(diagnose({ code: '' }).summary).toContain('an empty code');
    expect(diagnose({ code: 42 } as unknown as DiagnoseInput).rawCode).toBe('42');
  });
});
