// The one catalog of TikTok's error codes (reference §2.7, §8.2, §9): for each code, the shape it
// arrives in, the HTTP status per endpoint, and what kind of problem it is. The emulator answers
// with these statuses; the client classifies errors from this table, never from message text.
import type { DataEndpointId } from './endpoints.js';

/**
 * - retryable: try again later (backoff), nothing is wrong with the request.
 * - needs_reconnect: the grant is gone or lacks a scope; the creator must connect again.
 * - user_action: the creator or operator must change something (media, privacy, account, app).
 * - quota: a cap or limit; wait for the window to move.
 * - permanent: the request itself is wrong or the outcome is final; retrying won't help.
 */
export type ErrorClass = 'retryable' | 'needs_reconnect' | 'user_action' | 'quota' | 'permanent';
export type ErrorShape = 'v2' | 'oauth' | 'fail_reason';

export interface CatalogEntry {
  code: string;
  shape: ErrorShape;
  errorClass: ErrorClass;
  /** HTTP status per data endpoint (v2 codes only). */
  http: Partial<Record<DataEndpointId, number>>;
  summary: string;
}

const POST_INITS = ['video_init', 'inbox_video_init', 'content_init'] as const;
const ALL: readonly DataEndpointId[] = ['user_info', 'creator_info', 'video_init', 'inbox_video_init', 'content_init', 'status_fetch', 'cancel'];

function on(status: number, endpoints: readonly DataEndpointId[]): Partial<Record<DataEndpointId, number>> {
  return Object.fromEntries(endpoints.map((e) => [e, status]));
}

const v2 = (code: string, errorClass: ErrorClass, http: Partial<Record<DataEndpointId, number>>, summary: string): CatalogEntry => ({
  code,
  shape: 'v2',
  errorClass,
  http,
  summary,
});
const oauth = (code: string, errorClass: ErrorClass, summary: string): CatalogEntry => ({ code, shape: 'oauth', errorClass, http: {}, summary });
const fail = (code: string, errorClass: ErrorClass, summary: string): CatalogEntry => ({ code, shape: 'fail_reason', errorClass, http: {}, summary });

export const V2_ERROR_CATALOG: readonly CatalogEntry[] = [
  v2('invalid_params', 'permanent', { ...on(400, POST_INITS), user_info: 400 }, 'The request was malformed or a parameter is invalid; the message says which.'),
  v2('invalid_file_upload', 'permanent', on(400, POST_INITS), 'The upload parameters do not describe a valid file upload.'),
  v2('app_version_check_failed', 'user_action', { content_init: 400 }, "The creator's TikTok app is too old for uploads to the inbox (needs 31.8 or later)."),
  v2('invalid_publish_id', 'permanent', { status_fetch: 400, cancel: 400 }, 'No publish with this publish_id exists.'),
  v2('token_not_authorized_for_specified_publish_id', 'permanent', { status_fetch: 400, cancel: 400 }, 'This publish_id belongs to another creator or app.'),
  v2('publish_not_cancellable', 'permanent', { cancel: 400 }, 'Only a URL pull still downloading can be cancelled.'),
  v2('spam_risk_too_many_posts', 'quota', { creator_info: 200, video_init: 403, content_init: 403 }, "The creator reached TikTok's daily limit of API posts (shared by every app)."),
  v2(
    'spam_risk_user_banned_from_posting',
    'user_action',
    { creator_info: 200, video_init: 403, inbox_video_init: 403, content_init: 403 },
    'TikTok has banned this creator from posting.',
  ),
  v2('spam_risk_too_many_pending_share', 'quota', { inbox_video_init: 403, content_init: 403 }, 'The creator already has 5 drafts waiting in the inbox within 24 hours.'),
  v2('reached_active_user_cap', 'quota', { creator_info: 200, video_init: 403, content_init: 403 }, 'The app reached its daily cap of distinct posting creators.'),
  v2(
    'unaudited_client_can_only_post_to_private_accounts',
    'user_action',
    { video_init: 403, content_init: 403 },
    'The app is not audited yet, so it may only post to private accounts, as SELF_ONLY.',
  ),
  v2('url_ownership_unverified', 'user_action', { video_init: 403, inbox_video_init: 403, content_init: 403, cancel: 403 }, "The media URL is not under one of the app's verified URL prefixes or domains."),
  v2('privacy_level_option_mismatch', 'user_action', { video_init: 403, content_init: 403 }, "privacy_level is missing or not among the creator's privacy_level_options."),
  v2('access_token_invalid', 'needs_reconnect', on(401, ALL), 'The access token is invalid, expired or revoked.'),
  v2('scope_not_authorized', 'needs_reconnect', on(401, ALL), 'The creator did not grant the scope this endpoint needs.'),
  v2('scope_permission_missed', 'needs_reconnect', { user_info: 400 }, 'A requested field needs a scope the creator did not grant.'),
  v2('rate_limit_exceeded', 'retryable', on(429, ALL), 'Too many requests for this token and endpoint in the last minute.'),
  v2('internal_error', 'retryable', on(500, ALL), 'TikTok had an internal error; try again.'),
];

export const OAUTH_ERROR_CATALOG: readonly CatalogEntry[] = [
  oauth('access_denied', 'user_action', 'The creator declined the authorization request.'),
  oauth('invalid_client', 'permanent', 'The client key or client secret is wrong.'),
  oauth('invalid_grant', 'needs_reconnect', 'The code or refresh token is invalid, expired, already used or revoked.'),
  oauth('invalid_request', 'permanent', 'A required parameter is missing or malformed (e.g. redirect_uri or code verifier mismatch).'),
  oauth('invalid_scope', 'permanent', 'A requested scope is unknown or not approved for the app.'),
  oauth('unauthorized_client', 'permanent', 'The app may not use this grant type.'),
  oauth('unsupported_grant_type', 'permanent', 'grant_type must be authorization_code, refresh_token or client_credentials.'),
  oauth('unsupported_response_type', 'permanent', 'response_type must be code.'),
  oauth('server_error', 'retryable', 'TikTok had an internal error; try again.'),
  oauth('temporarily_unavailable', 'retryable', 'TikTok is temporarily unavailable; try again.'),
];

export const FAIL_REASON_CATALOG: readonly CatalogEntry[] = [
  fail('file_format_check_failed', 'user_action', 'TikTok could not read the media format.'),
  fail('duration_check_failed', 'user_action', "The video is longer than the creator may post (or outside TikTok's limits)."),
  fail('frame_rate_check_failed', 'user_action', 'The frame rate is outside 23–60 fps.'),
  fail('picture_size_check_failed', 'user_action', 'A side of the picture is outside 360–4096 px (video) or the photo exceeds 1080p.'),
  fail('internal', 'retryable', 'TikTok had an internal problem processing the post; retrying is safe.'),
  fail('video_pull_failed', 'retryable', 'TikTok could not download the video, or the download took over an hour.'),
  fail('photo_pull_failed', 'retryable', 'TikTok could not download a photo, or the download took over an hour.'),
  fail('publish_cancelled', 'permanent', 'The URL pull was cancelled by the app.'),
  fail('auth_removed', 'needs_reconnect', 'The creator removed the app while the post was processing.'),
  fail('spam_risk_too_many_posts', 'quota', 'The creator reached the daily API post limit.'),
  fail('spam_risk_user_banned_from_posting', 'user_action', 'TikTok has banned this creator from posting.'),
  fail('spam_risk_text', 'permanent', 'TikTok judged the caption as spam; do not retry as is.'),
  fail('spam_risk', 'permanent', 'TikTok judged the request as risky; do not retry.'),
];

/** TikTok's docs spell it `invalid_param`; real responses say `invalid_params`. Same error. */
export const CODE_ALIASES: Readonly<Record<string, string>> = { invalid_param: 'invalid_params' };

export function canonicalCode(code: string): string {
  return CODE_ALIASES[code] ?? code;
}

const byKey = new Map<string, CatalogEntry>();
for (const e of [...V2_ERROR_CATALOG, ...OAUTH_ERROR_CATALOG, ...FAIL_REASON_CATALOG]) byKey.set(`${e.shape}:${e.code}`, e);

export function lookupError(shape: ErrorShape, code: string): CatalogEntry | undefined {
  return byKey.get(`${shape}:${canonicalCode(code)}`);
}

/** HTTP status TikTok uses for `code` on `endpoint`; 400 for an unlisted client error. */
export function httpStatusFor(code: string, endpoint: DataEndpointId): number {
  if (code === 'ok') return 200;
  const entry = lookupError('v2', code);
  return entry?.http[endpoint] ?? (entry?.errorClass === 'retryable' ? 500 : 400);
}

/** HTTP status for OAuth errors. TikTok does not document them (UNCERTAIN); RFC 6749's are used. */
export function oauthHttpStatus(code: string): number {
  switch (code) {
    case 'invalid_client':
      return 401;
    case 'server_error':
      return 500;
    case 'temporarily_unavailable':
      return 503;
    default:
      return 400;
  }
}
