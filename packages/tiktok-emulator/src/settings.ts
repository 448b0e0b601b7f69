// Emulator-wide behaviour switches. Defaults follow TikTok's docs; each point TikTok leaves
// undocumented (docs/tiktok-api.md §15) is a setting rather than a guess.
import { z } from 'zod';
import { DATA_ENDPOINTS, POSTING_CAPS, RATE_LIMITS_PER_MINUTE, VIDEO_LIMITS, type DataEndpointId } from '@tokpost/tiktok/contract';

/** One optional per-minute override per data endpoint; unknown keys are dropped, as for any object. */
const rateLimitOverrides = z.object(
  Object.fromEntries(DATA_ENDPOINTS.map((id) => [id, z.number().int().positive().optional()])) as Record<DataEndpointId, z.ZodOptional<z.ZodNumber>>,
);

export const settingsSchema = z.object({
  /** Emulator time between the last byte arriving and PUBLISH_COMPLETE (or a media failure). */
  processing_delay_ms: z.number().int().nonnegative().default(2_000),
  /** Emulator time between PUBLISH_COMPLETE and the moderation verdict (hours is realistic). */
  moderation_delay_ms: z.number().int().nonnegative().default(5_000),
  /** Smallest accepted video side; TikTok documents 360, some creators see 720 enforced. */
  min_side_px: z.number().int().positive().default(VIDEO_LIMITS.minSidePx),
  /** Spelling of the invalid-parameter code: the docs say invalid_param, responses say invalid_params. */
  invalid_param_code: z.enum(['invalid_params', 'invalid_param']).default('invalid_params'),
  /** How "5 MB / 64 MB / 128 MB" are read when validating chunk plans. */
  chunk_mb_unit: z.enum(['decimal', 'binary', 'both']).default('both'),
  /** PKCE S256 challenge encodings accepted: TikTok desktop docs say hex, RFC 7636 says base64url. */
  pkce_encoding: z.enum(['either', 'hex', 'base64url']).default('either'),
  /** Issue a new refresh token on each refresh (the used one stops working). */
  rotate_refresh_tokens: z.boolean().default(true),
  /** Lifetime of an authorization code (undocumented). */
  auth_code_ttl_s: z.number().int().positive().default(600),
  /** Send `publicaly_available_post_id` as raw int64 numbers (TikTok) or as strings. */
  post_ids_as: z.enum(['number', 'string']).default('number'),
  /** user/info with a field whose scope was not granted: error (scope_permission_missed) or omit it. */
  user_info_missing_scope: z.enum(['error', 'omit']).default('error'),
  /**
   * Which posts video/list and video/query return (docs/tiktok-api.md §17, not documented):
   * `public` (publicly available only) or `all` (also SELF_ONLY, friends/followers-only, in moderation).
   */
  display_api_lists: z.enum(['public', 'all']).default('public'),
  /** Whether the Display API's video calls return photo posts (not documented). */
  display_api_photos: z.enum(['listed', 'hidden']).default('listed'),
  /** Per-token requests per minute, per endpoint (TikTok's RATE_LIMITS_PER_MINUTE where unset). */
  rate_limits: rateLimitOverrides.default({}),
  /** Words that make moderation answer spam_risk_text for a caption. */
  spam_terms: z.array(z.string()).default([]),
  /** Inbox drafts pending per creator in 24 h. */
  pending_share_cap: z.number().int().positive().default(POSTING_CAPS.pendingInboxShares),
  /** Webhook retry: first backoff and the give-up horizon (TikTok retries for 72 h). */
  webhook_retry_base_ms: z.number().int().positive().default(1_000),
  webhook_retry_horizon_ms: z.number().int().positive().default(72 * 3600 * 1000),
  /** Misbehaviours for webhook receivers to survive. */
  webhook_duplicates: z.boolean().default(false),
  webhook_bad_signature: z.boolean().default(false),
  webhook_stale_seconds: z.number().int().nonnegative().default(0),
});
export type Settings = z.infer<typeof settingsSchema>;

export function rateLimitFor(settings: Settings, endpoint: DataEndpointId): number {
  return settings.rate_limits[endpoint] ?? RATE_LIMITS_PER_MINUTE[endpoint];
}
