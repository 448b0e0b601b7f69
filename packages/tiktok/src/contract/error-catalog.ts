// The one catalog of TikTok's error codes (docs/tiktok-api.md §2.7, §8.2, §9, §17): for each code, the shape it
// arrives in, the HTTP status per endpoint, and what kind of problem it is. The emulator answers
// with these statuses; the client classifies errors from this table, never from message text.
import { DATA_ENDPOINTS, type DataEndpointId } from './endpoints.js';
import { GRANT_TYPES } from './oauth.js';
import { POSTING_CAPS } from './posting-caps.js';

/**
 * - retryable: try again later (backoff), nothing is wrong with the request.
 * - needs_reconnect: the grant is gone or lacks a scope; the creator must connect again.
 * - user_action: the creator or operator must change something (media, privacy, account, app).
 * - quota: a cap or limit; wait for the window to move.
 * - permanent: the request itself is wrong or the outcome is final; retrying won't help.
 * - outcome_unknown: a mutation may or may not have taken effect (its answer was lost). Never
 *   retried by class: repeating an init could publish twice, so the caller reconciles first
 *   (status, webhooks). No TikTok code has this class; the client assigns it.
 */
export type ErrorClass = 'retryable' | 'needs_reconnect' | 'user_action' | 'quota' | 'permanent' | 'outcome_unknown';
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

export const V2_ERROR_CATALOG: readonly CatalogEntry[] = [
  v2('invalid_params', 'permanent', { ...on(400, POST_INITS), user_info: 400, video_list: 400, video_query: 400 }, 'The request was malformed or a parameter is invalid; the message says which.'),
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
  v2(
    'spam_risk_too_many_pending_share',
    'quota',
    { inbox_video_init: 403, content_init: 403 },
    `The creator already has ${POSTING_CAPS.pendingInboxShares} drafts waiting in the inbox within 24 hours.`,
  ),
  v2('reached_active_user_cap', 'quota', { creator_info: 200, video_init: 403, content_init: 403 }, 'The app reached its daily cap of distinct posting creators.'),
  v2(
    'unaudited_client_can_only_post_to_private_accounts',
    'user_action',
    { video_init: 403, content_init: 403 },
    'The app is not audited yet, so it may only post to private accounts, as SELF_ONLY.',
  ),
  v2('url_ownership_unverified', 'user_action', { video_init: 403, inbox_video_init: 403, content_init: 403, cancel: 403 }, "The media URL is not under one of the app's verified URL prefixes or domains."),
  v2('privacy_level_option_mismatch', 'user_action', { video_init: 403, content_init: 403 }, "privacy_level is missing or not among the creator's privacy_level_options."),
  v2('access_token_invalid', 'needs_reconnect', on(401, DATA_ENDPOINTS), 'The access token is invalid, expired or revoked.'),
  v2('scope_not_authorized', 'needs_reconnect', on(401, DATA_ENDPOINTS), 'The creator did not grant the scope this endpoint needs.'),
  v2('scope_permission_missed', 'needs_reconnect', { user_info: 400 }, 'A requested field needs a scope the creator did not grant.'),
  v2('rate_limit_exceeded', 'retryable', on(429, DATA_ENDPOINTS), 'Too many requests for this token and endpoint in the last minute.'),
  v2('internal_error', 'retryable', on(500, DATA_ENDPOINTS), 'TikTok had an internal error; try again.'),
];

/**
 * OAuth's flat `{error, error_description}` codes (docs/tiktok-api.md §2.7) with their class and HTTP status.
 * TikTok does not document the statuses (docs/tiktok-api.md §2.7); RFC 6749's are used.
 */
const OAUTH_ERRORS = {
  access_denied: { errorClass: 'user_action', http: 400, summary: 'The creator declined the authorization request.' },
  invalid_client: { errorClass: 'permanent', http: 401, summary: 'The client key or client secret is wrong.' },
  invalid_grant: { errorClass: 'needs_reconnect', http: 400, summary: 'The code or refresh token is invalid, expired, already used or revoked.' },
  invalid_request: { errorClass: 'permanent', http: 400, summary: 'A required parameter is missing or malformed (e.g. redirect_uri or code verifier mismatch).' },
  invalid_scope: { errorClass: 'permanent', http: 400, summary: 'A requested scope is unknown or not approved for the app.' },
  unauthorized_client: { errorClass: 'permanent', http: 400, summary: 'The app may not use this grant type.' },
  unsupported_grant_type: {
    errorClass: 'permanent',
    http: 400,
    summary: `grant_type must be ${GRANT_TYPES.slice(0, -1).join(', ')} or ${GRANT_TYPES.at(-1)}.`,
  },
  unsupported_response_type: { errorClass: 'permanent', http: 400, summary: 'response_type must be code.' },
  server_error: { errorClass: 'retryable', http: 500, summary: 'TikTok had an internal error; try again.' },
  temporarily_unavailable: { errorClass: 'retryable', http: 503, summary: 'TikTok is temporarily unavailable; try again.' },
} as const satisfies Record<string, { errorClass: ErrorClass; http: number; summary: string }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;
export const OAUTH_ERROR_CODES = Object.keys(OAUTH_ERRORS) as OAuthErrorCode[];

export const OAUTH_ERROR_CATALOG: readonly CatalogEntry[] = OAUTH_ERROR_CODES.map((code) => ({
  code,
  shape: 'oauth',
  errorClass: OAUTH_ERRORS[code].errorClass,
  http: {},
  summary: OAUTH_ERRORS[code].summary,
}));

/** `fail_reason` values of status/fetch and of the failure webhook (docs/tiktok-api.md §8.2). */
const FAIL_REASON_ERRORS = {
  file_format_check_failed: { errorClass: 'user_action', summary: 'TikTok could not read the media format.' },
  duration_check_failed: { errorClass: 'user_action', summary: "The video is longer than the creator may post (or outside TikTok's limits)." },
  frame_rate_check_failed: { errorClass: 'user_action', summary: 'The frame rate is outside 23–60 fps.' },
  picture_size_check_failed: { errorClass: 'user_action', summary: 'A side of the picture is outside 360–4096 px (video) or the photo exceeds 1080p.' },
  internal: { errorClass: 'retryable', summary: 'TikTok had an internal problem processing the post; retrying is safe.' },
  video_pull_failed: { errorClass: 'retryable', summary: 'TikTok could not download the video, or the download took over an hour.' },
  photo_pull_failed: { errorClass: 'retryable', summary: 'TikTok could not download a photo, or the download took over an hour.' },
  publish_cancelled: { errorClass: 'permanent', summary: 'The URL pull was cancelled by the app.' },
  auth_removed: { errorClass: 'needs_reconnect', summary: 'The creator removed the app while the post was processing.' },
  spam_risk_too_many_posts: { errorClass: 'quota', summary: 'The creator reached the daily API post limit.' },
  spam_risk_user_banned_from_posting: { errorClass: 'user_action', summary: 'TikTok has banned this creator from posting.' },
  spam_risk_text: { errorClass: 'permanent', summary: 'TikTok judged the caption as spam; do not retry as is.' },
  spam_risk: { errorClass: 'permanent', summary: 'TikTok judged the request as risky; do not retry.' },
} as const satisfies Record<string, { errorClass: ErrorClass; summary: string }>;

export type FailReason = keyof typeof FAIL_REASON_ERRORS;
export const FAIL_REASONS = Object.keys(FAIL_REASON_ERRORS) as FailReason[];

export const FAIL_REASON_CATALOG: readonly CatalogEntry[] = FAIL_REASONS.map((code) => ({
  code,
  shape: 'fail_reason',
  errorClass: FAIL_REASON_ERRORS[code].errorClass,
  http: {},
  summary: FAIL_REASON_ERRORS[code].summary,
}));

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

/** HTTP status for an OAuth error code (OAUTH_ERRORS); 400 for one TikTok has not listed. */
export function oauthHttpStatus(code: string): number {
  return Object.hasOwn(OAUTH_ERRORS, code) ? OAUTH_ERRORS[code as OAuthErrorCode].http : 400;
}
