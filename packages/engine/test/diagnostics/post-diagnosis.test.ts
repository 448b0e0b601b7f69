// diagnosePost(): which posts carry a diagnosis, and how the state reason and the last attempt's
// TikTok code, log_id and HTTP status combine into it. Pure: posts and attempts are built here.
import { describe, expect, it } from 'vitest';
import { diagnosePost, type Attempt, type AttemptKind, type PostState } from '../../src/index.js';

let seq = 0;
function attempt(kind: AttemptKind, o: Partial<Attempt> = {}): Attempt {
  seq += 1;
  return {
    id: `att_${seq}`,
    postId: 'post_1',
    accountId: 'acc_1',
    kind,
    endpoint: kind,
    startedAt: 1_780_000_000_000 + seq,
    finishedAt: 1_780_000_000_100 + seq,
    durationMs: 100,
    request: {},
    httpStatus: 200,
    errorCode: null,
    failReason: null,
    logId: null,
    outcome: 'ok',
    message: null,
    publishId: null,
    source: null,
    ...o,
  };
}

const post = (state: PostState, stateReason: string | null, stateMessage: string | null = null) => ({ state, stateReason, stateMessage });

describe('diagnosePost', () => {
  it.each(['draft', 'scheduled', 'publishing', 'processing', 'inbox_pending', 'published', 'cancelled'] as const)('gives a %s post no diagnosis', (state) => {
    expect(diagnosePost(post(state, 'spam_risk_text'), [attempt('status', { failReason: 'spam_risk_text' })])).toBeUndefined();
  });

  it('diagnoses a failed post from its fail_reason, with the status attempt’s log_id', () => {
    const attempts = [attempt('init', { publishId: 'v_pub_1' }), attempt('status', { failReason: 'frame_rate_check_failed', logId: '20261202093000ABCDEF0123456789' })];
    const d = diagnosePost(post('failed', 'frame_rate_check_failed', 'The frame rate is outside 23–60 fps.'), attempts);
    expect(d).toMatchObject({
      known: true,
      source: 'fail_reason',
      code: 'frame_rate_check_failed',
      family: 5,
      retryable: false,
      tiktokCode: 'frame_rate_check_failed',
      logId: '20261202093000ABCDEF0123456789',
      httpStatus: 200,
      message: 'The frame rate is outside 23–60 fps.',
    });
  });

  it('diagnoses a held post by its local reason, keeping the TikTok code it wraps', () => {
    const attempts = [attempt('init', { httpStatus: 401, errorCode: 'scope_not_authorized', logId: '20261202093100FEDCBA9876543210', outcome: 'error' })];
    const d = diagnosePost(post('needs_action', 'scope_missing'), attempts);
    expect(d).toMatchObject({ source: 'local', code: 'scope_missing', family: 7, tiktokCode: 'scope_not_authorized', logId: '20261202093100FEDCBA9876543210', httpStatus: 401 });
  });

  it('reads a held post’s TikTok reason as the init’s error.code, not the fail_reason of the same name', () => {
    const attempts = [attempt('init', { httpStatus: 403, errorCode: 'spam_risk_too_many_posts', logId: '20261202093200000000000000000A', outcome: 'error' })];
    expect(diagnosePost(post('needs_action', 'spam_risk_too_many_posts'), attempts)).toMatchObject({ source: 'tiktok_error', family: 3, httpStatus: 403, errorClass: 'quota' });
  });

  it('reads a token call’s code as an OAuth error', () => {
    const attempts = [attempt('token_refresh', { httpStatus: 400, errorCode: 'invalid_request', outcome: 'error' })];
    expect(diagnosePost(post('needs_action', 'invalid_request'), attempts)).toMatchObject({ source: 'oauth', code: 'invalid_request', family: 1 });
  });

  it('attaches no TikTok fields when the last attempt succeeded', () => {
    const attempts = [attempt('init', { errorCode: 'rate_limit_exceeded', httpStatus: 429, logId: '20261202093300000000000000000B', outcome: 'error' }), attempt('creator_info', { logId: '20261202093400000000000000000C' })];
    expect(diagnosePost(post('needs_action', 'privacy_not_offered'), attempts)).toMatchObject({ code: 'privacy_not_offered', family: 4, tiktokCode: null, logId: null, httpStatus: null });
  });

  it('falls back to the last attempt’s code when the post has no reason', () => {
    const attempts = [attempt('status', { failReason: 'spam_risk', logId: '20261202093500000000000000000D' })];
    expect(diagnosePost(post('failed', null), attempts)).toMatchObject({ source: 'fail_reason', code: 'spam_risk', family: 6, logId: '20261202093500000000000000000D' });
  });

  it('falls back to the state when there is neither reason nor code', () => {
    expect(diagnosePost(post('missed', null), [])).toMatchObject({ known: true, code: 'post_missed', family: 8, tiktokCode: null });
    expect(diagnosePost(post('failed', null), [])).toMatchObject({ known: true, code: 'post_failed', family: null });
    expect(diagnosePost(post('needs_action', null), [])).toMatchObject({ known: true, code: 'post_held', family: null });
  });

  it('keeps an unknown reason and its log_id in the generic text', () => {
    const attempts = [attempt('status', { failReason: 'video_size_check_failed', logId: '20261202093600000000000000000E' })];
    const d = diagnosePost(post('failed', 'video_size_check_failed'), attempts)!;
    expect(d).toMatchObject({ known: false, source: 'fail_reason', rawCode: 'video_size_check_failed', logId: '20261202093600000000000000000E' });
    expect(d.summary).toContain('video_size_check_failed');
    expect(d.summary).toContain('20261202093600000000000000000E');
  });
});
