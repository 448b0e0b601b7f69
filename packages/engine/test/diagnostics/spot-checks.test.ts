// Spot checks of the catalog against docs/field-notes.md §1 and docs/tiktok-api.md §2.7, §8.2, §9:
// family, retryability and severity written out by hand, one row per code.
import { describe, expect, it } from 'vitest';
import { FAILURE_FAMILIES, lookupEntry, type DiagnosticSource } from '../../src/index.js';

const CASES: { source: DiagnosticSource; code: string; family: number | null; retryable: boolean; severity?: string }[] = [
  // Family 1: token expiry and invalidation
  { source: 'tiktok_error', code: 'access_token_invalid', family: 1, retryable: false, severity: 'error' },
  { source: 'oauth', code: 'invalid_grant', family: 1, retryable: false, severity: 'error' },
  { source: 'oauth', code: 'server_error', family: 1, retryable: true, severity: 'warning' },
  { source: 'oauth', code: 'temporarily_unavailable', family: 1, retryable: true },
  { source: 'local', code: 'refresh_token_expired', family: 1, retryable: false },
  // Family 2: unaudited app
  { source: 'tiktok_error', code: 'unaudited_client_can_only_post_to_private_accounts', family: 2, retryable: false, severity: 'error' },
  { source: 'local', code: 'unaudited_self_only', family: 2, retryable: false, severity: 'info' },
  // Family 3: daily caps
  { source: 'tiktok_error', code: 'spam_risk_too_many_posts', family: 3, retryable: false },
  { source: 'fail_reason', code: 'spam_risk_too_many_posts', family: 3, retryable: false },
  { source: 'tiktok_error', code: 'spam_risk_too_many_pending_share', family: 3, retryable: false },
  { source: 'tiktok_error', code: 'reached_active_user_cap', family: 3, retryable: false },
  { source: 'tiktok_error', code: 'rate_limit_exceeded', family: 3, retryable: true },
  // Family 4: privacy level
  { source: 'tiktok_error', code: 'privacy_level_option_mismatch', family: 4, retryable: false, severity: 'error' },
  { source: 'local', code: 'branded_content_private', family: 4, retryable: false },
  { source: 'local', code: 'privacy_not_offered', family: 4, retryable: false },
  // Family 5: media requirements
  { source: 'fail_reason', code: 'picture_size_check_failed', family: 5, retryable: false, severity: 'error' },
  { source: 'fail_reason', code: 'file_format_check_failed', family: 5, retryable: false },
  { source: 'fail_reason', code: 'frame_rate_check_failed', family: 5, retryable: false },
  { source: 'fail_reason', code: 'duration_check_failed', family: 5, retryable: false },
  { source: 'fail_reason', code: 'video_pull_failed', family: 5, retryable: true },
  { source: 'tiktok_error', code: 'url_ownership_unverified', family: 5, retryable: false },
  { source: 'preflight', code: 'video_fps_too_low', family: 5, retryable: false, severity: 'error' },
  { source: 'preflight', code: 'video_below_720p', family: 5, retryable: false, severity: 'warning' },
  { source: 'local', code: 'upload_window_expired', family: 5, retryable: false },
  // Family 6: moderation
  { source: 'fail_reason', code: 'spam_risk_text', family: 6, retryable: false, severity: 'error' },
  { source: 'fail_reason', code: 'spam_risk', family: 6, retryable: false },
  { source: 'fail_reason', code: 'internal', family: 6, retryable: true },
  { source: 'local', code: 'processing_timeout', family: 6, retryable: false },
  // Family 7: scopes
  { source: 'tiktok_error', code: 'scope_not_authorized', family: 7, retryable: false, severity: 'error' },
  { source: 'tiktok_error', code: 'scope_permission_missed', family: 7, retryable: false },
  { source: 'oauth', code: 'invalid_scope', family: 7, retryable: false },
  { source: 'local', code: 'scope_missing', family: 7, retryable: false },
  // Family 8: no native scheduling
  { source: 'local', code: 'init_outcome_unknown', family: 8, retryable: false },
  { source: 'local', code: 'outcome_unknown', family: 8, retryable: false },
  { source: 'local', code: 'post_missed', family: 8, retryable: false },
  // Family 9: account changes
  { source: 'fail_reason', code: 'auth_removed', family: 9, retryable: false },
  { source: 'local', code: 'authorization_removed', family: 9, retryable: false },
  { source: 'tiktok_error', code: 'spam_risk_user_banned_from_posting', family: 9, retryable: false },
  // No family: TikTok-side or transport faults
  { source: 'tiktok_error', code: 'internal_error', family: null, retryable: true },
  { source: 'local', code: 'network_error', family: null, retryable: true },
];

describe('catalog spot checks', () => {
  it.each(CASES)('$source:$code → family $family, retryable $retryable', ({ source, code, family, retryable, severity }) => {
    const entry = lookupEntry(code, source);
    expect(entry).toMatchObject({ source, code, family, retryable });
    if (severity) expect(entry!.severity).toBe(severity);
  });

  it('names the nine families as docs/field-notes.md §1 does', () => {
    expect(FAILURE_FAMILIES).toEqual({
      1: 'Token expiry and invalidation',
      2: 'Unaudited app',
      3: 'Daily caps',
      4: 'Privacy level',
      5: 'Media requirements',
      6: 'Moderation',
      7: 'Scopes',
      8: 'No native scheduling',
      9: 'Account changes',
    });
  });

  it('quotes the contract’s limits in its texts', () => {
    expect(lookupEntry('frame_rate_check_failed', 'fail_reason')!.summary).toContain('between 23 and 60 frames per second');
    expect(lookupEntry('photo_too_many', 'preflight')!.summary).toContain('(35)');
    expect(lookupEntry('video_file_too_large', 'preflight')!.summary).toContain('4 GB');
    expect(lookupEntry('spam_risk_too_many_pending_share', 'tiktok_error')!.summary).toContain('5 unfinished drafts');
  });
});
