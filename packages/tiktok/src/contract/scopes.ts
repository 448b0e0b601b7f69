// Scopes and the user-info fields each one unlocks (docs/tiktok-api.md §3, §4).
import { z } from 'zod';

export const SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.publish',
  'video.upload',
  'video.list',
] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

export const USER_FIELD_SCOPE = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
} as const satisfies Record<string, Scope>;
export type UserField = keyof typeof USER_FIELD_SCOPE;
export const USER_FIELDS = Object.keys(USER_FIELD_SCOPE) as UserField[];

/** Parses TikTok's comma-separated scope lists ("a,b" — spaces tolerated). Unknown names are kept. */
export function parseScopeList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
