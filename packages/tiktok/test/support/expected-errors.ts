// What each TikTok error code means, written out by hand from docs/tiktok-api.md (§2.7, §8.2, §9) —
// the fixed expectations the error catalog and the client's classification are tested against.
// Deliberately not read from the catalog: a wrong class there must fail a test, not move with it.
import type { ErrorClass } from '../../src/index.js';

export const EXPECTED_V2_CLASS: Readonly<Record<string, ErrorClass>> = {
  invalid_params: 'permanent',
  invalid_file_upload: 'permanent',
  app_version_check_failed: 'user_action',
  invalid_publish_id: 'permanent',
  token_not_authorized_for_specified_publish_id: 'permanent',
  publish_not_cancellable: 'permanent',
  spam_risk_too_many_posts: 'quota',
  spam_risk_user_banned_from_posting: 'user_action',
  spam_risk_too_many_pending_share: 'quota',
  reached_active_user_cap: 'quota',
  unaudited_client_can_only_post_to_private_accounts: 'user_action',
  url_ownership_unverified: 'user_action',
  privacy_level_option_mismatch: 'user_action',
  access_token_invalid: 'needs_reconnect',
  scope_not_authorized: 'needs_reconnect',
  scope_permission_missed: 'needs_reconnect',
  rate_limit_exceeded: 'retryable',
  internal_error: 'retryable',
};

/** OAuth codes: class, and the HTTP status (TikTok documents none; RFC 6749's). */
export const EXPECTED_OAUTH: Readonly<Record<string, { errorClass: ErrorClass; http: number }>> = {
  access_denied: { errorClass: 'user_action', http: 400 },
  invalid_client: { errorClass: 'permanent', http: 401 },
  invalid_grant: { errorClass: 'needs_reconnect', http: 400 },
  invalid_request: { errorClass: 'permanent', http: 400 },
  invalid_scope: { errorClass: 'permanent', http: 400 },
  unauthorized_client: { errorClass: 'permanent', http: 400 },
  unsupported_grant_type: { errorClass: 'permanent', http: 400 },
  unsupported_response_type: { errorClass: 'permanent', http: 400 },
  server_error: { errorClass: 'retryable', http: 500 },
  temporarily_unavailable: { errorClass: 'retryable', http: 503 },
};

export const EXPECTED_FAIL_REASON_CLASS: Readonly<Record<string, ErrorClass>> = {
  file_format_check_failed: 'user_action',
  duration_check_failed: 'user_action',
  frame_rate_check_failed: 'user_action',
  picture_size_check_failed: 'user_action',
  internal: 'retryable',
  video_pull_failed: 'retryable',
  photo_pull_failed: 'retryable',
  publish_cancelled: 'permanent',
  auth_removed: 'needs_reconnect',
  spam_risk_too_many_posts: 'quota',
  spam_risk_user_banned_from_posting: 'user_action',
  spam_risk_text: 'permanent',
  spam_risk: 'permanent',
};

/** HTTP statuses TikTok uses for a code on an endpoint: a representative set, by hand (docs/tiktok-api.md §5, §9). */
export const EXPECTED_HTTP_STATUS: ReadonlyArray<readonly [code: string, endpoint: string, status: number]> = [
  ['invalid_params', 'video_init', 400],
  ['invalid_params', 'content_init', 400],
  ['invalid_params', 'user_info', 400],
  ['invalid_file_upload', 'inbox_video_init', 400],
  ['app_version_check_failed', 'content_init', 400],
  ['invalid_publish_id', 'status_fetch', 400],
  ['token_not_authorized_for_specified_publish_id', 'cancel', 400],
  ['publish_not_cancellable', 'cancel', 400],
  ['spam_risk_too_many_posts', 'creator_info', 200],
  ['spam_risk_too_many_posts', 'video_init', 403],
  ['spam_risk_user_banned_from_posting', 'creator_info', 200],
  ['spam_risk_user_banned_from_posting', 'inbox_video_init', 403],
  ['spam_risk_too_many_pending_share', 'inbox_video_init', 403],
  ['reached_active_user_cap', 'creator_info', 200],
  ['reached_active_user_cap', 'content_init', 403],
  ['unaudited_client_can_only_post_to_private_accounts', 'video_init', 403],
  ['url_ownership_unverified', 'cancel', 403],
  ['privacy_level_option_mismatch', 'content_init', 403],
  ['access_token_invalid', 'user_info', 401],
  ['access_token_invalid', 'creator_info', 401],
  ['access_token_invalid', 'video_init', 401],
  ['access_token_invalid', 'inbox_video_init', 401],
  ['access_token_invalid', 'content_init', 401],
  ['access_token_invalid', 'status_fetch', 401],
  ['access_token_invalid', 'cancel', 401],
  ['scope_not_authorized', 'creator_info', 401],
  ['scope_permission_missed', 'user_info', 400],
  ['rate_limit_exceeded', 'video_init', 429],
  ['rate_limit_exceeded', 'status_fetch', 429],
  ['internal_error', 'cancel', 500],
];
