// Inputs of the admin API and scenario files. Defaults describe a plain production app and a
// public creator with TikTok's usual settings.
import { z } from 'zod';
import { AUTH_REMOVED_REASONS, POSTING_CAPS, SCOPES, VIDEO_LIMITS, privacyLevelSchema } from '@tokpost/tiktok/contract';

const AUTH_REMOVED_REASON_MAX = Math.max(...Object.keys(AUTH_REMOVED_REASONS).map(Number));
/** Audited apps have a cap from their audit; high enough here that tests never meet it by accident. */
const AUDITED_ACTIVE_CREATOR_CAP = 10_000;
export const MODERATION_OUTCOMES = ['approve', 'spam_risk_text', 'spam_risk'] as const;

export const appInputSchema = z
  .object({
    client_key: z.string().min(1),
    client_secret: z.string().min(1),
    redirect_uris: z
      .array(
        z.string().refine((u) => URL.canParse(u) || /^https?:\/\/(localhost|127\.0\.0\.1):\*\//.test(u), {
          message: 'each redirect URI must be an absolute URL (a desktop URI may use the wildcard port *)',
        }),
      )
      .default([]),
    audited: z.boolean().default(true),
    verified_url_prefixes: z.array(z.string().min(1)).default([]),
    active_creator_cap: z.number().int().positive().optional(),
    access_token_ttl_s: z.number().int().positive().default(86_400),
    refresh_token_ttl_s: z.number().int().positive().default(31_536_000),
    webhook_url: z.string().url().optional(),
    unaudited_self_only_options: z.boolean().default(false),
  })
  .transform((a) => ({ ...a, active_creator_cap: a.active_creator_cap ?? (a.audited ? AUDITED_ACTIVE_CREATOR_CAP : POSTING_CAPS.unauditedActiveCreators) }));

export const creatorInputSchema = z.object({
  open_id: z.string().min(1).optional(),
  username: z.string().min(1),
  nickname: z.string().min(1).optional(),
  avatar_url: z.string().optional(),
  bio_description: z.string().default(''),
  is_verified: z.boolean().default(false),
  follower_count: z.number().int().nonnegative().default(0),
  following_count: z.number().int().nonnegative().default(0),
  likes_count: z.number().int().nonnegative().default(0),
  video_count: z.number().int().nonnegative().default(0),
  is_private: z.boolean().default(false),
  comment_disabled: z.boolean().default(false),
  duet_disabled: z.boolean().default(false),
  stitch_disabled: z.boolean().default(false),
  max_video_post_duration_sec: z.number().int().positive().default(VIDEO_LIMITS.maxDurationSec),
  daily_post_cap: z.number().int().nonnegative().default(POSTING_CAPS.directPostsPerCreator),
  banned: z.boolean().default(false),
  moderation: z.enum(MODERATION_OUTCOMES).default('approve'),
  app_version: z.string().default('34.1.0'),
});

export const creatorPatchSchema = creatorInputSchema.omit({ open_id: true, username: true }).partial().extend({
  username: z.string().min(1).optional(),
});

export const consentInputSchema = z.object({
  client_key: z.string().min(1),
  open_id: z.string().min(1),
  scopes: z.union([z.array(z.enum(SCOPES)), z.string()]).transform((s) => (Array.isArray(s) ? s : s.split(',').map((x) => x.trim()).filter(Boolean))),
  redirect_uri: z.string().min(1),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.literal('S256').optional(),
});

export const revokeInputSchema = z.object({
  client_key: z.string().min(1),
  reason: z.number().int().min(0).max(AUTH_REMOVED_REASON_MAX).default(1),
});

export const clockInputSchema = z
  .object({ advance_ms: z.number().int().nonnegative().optional(), now_ms: z.number().int().nonnegative().optional() })
  .refine((c) => (c.advance_ms === undefined) !== (c.now_ms === undefined), { message: 'give exactly one of advance_ms or now_ms' });

export const inboxCompleteSchema = z.object({
  privacy_level: privacyLevelSchema.optional(),
  title: z.string().optional(),
});

const INT64_MAX = 2n ** 63n - 1n;

/**
 * A post the creator made in the TikTok app itself, outside any API client (POST /_emulator/posts):
 * what the Display API then lists (docs/tiktok-api.md §17). `publicly_available` defaults to a
 * public post on a public account; `created_at` to now.
 */
export const postSeedSchema = z.object({
  open_id: z.string().min(1),
  post_id: z
    .string()
    .regex(/^[1-9]\d{0,18}$/, 'post_id must be a positive decimal integer')
    .refine((s) => BigInt(s) <= INT64_MAX, { message: 'post_id must fit in int64' })
    .optional(),
  media_type: z.enum(['VIDEO', 'PHOTO']).default('VIDEO'),
  privacy_level: privacyLevelSchema.default('PUBLIC_TO_EVERYONE'),
  title: z.string().default(''),
  description: z.string().default(''),
  created_at: z.number().int().nonnegative().optional(),
  publicly_available: z.boolean().optional(),
  width: z.number().int().nonnegative().default(1080),
  height: z.number().int().nonnegative().default(1920),
  /** Whole seconds; photo posts default to 0, videos to 15. */
  duration_sec: z.number().int().nonnegative().optional(),
  like_count: z.number().int().nonnegative().default(0),
  comment_count: z.number().int().nonnegative().default(0),
  share_count: z.number().int().nonnegative().default(0),
  view_count: z.number().int().nonnegative().default(0),
});
export type PostSeed = z.infer<typeof postSeedSchema>;

export const scenarioSchema = z.object({
  settings: z.record(z.string(), z.unknown()).optional(),
  apps: z.array(appInputSchema).default([]),
  creators: z.array(creatorInputSchema).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;
