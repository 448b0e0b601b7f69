// GET /v2/user/info/?fields=… (docs/tiktok-api.md §4). Only the requested fields come back.
import { z } from 'zod';
import { envelopeSchema } from './envelope.js';

export const userSchema = z
  .object({
    open_id: z.string(),
    union_id: z.string(),
    avatar_url: z.string(),
    avatar_url_100: z.string(),
    avatar_large_url: z.string(),
    display_name: z.string(),
    bio_description: z.string(),
    profile_deep_link: z.string(),
    is_verified: z.boolean(),
    username: z.string(),
    follower_count: z.number().int(),
    following_count: z.number().int(),
    likes_count: z.number().int(),
    video_count: z.number().int(),
  })
  .partial();
export type TikTokUser = z.infer<typeof userSchema>;

export const userInfoDataSchema = z.object({ user: userSchema });
export const userInfoResponseSchema = envelopeSchema(userInfoDataSchema);
