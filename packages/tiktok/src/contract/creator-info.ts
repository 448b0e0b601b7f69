// POST /v2/post/publish/creator_info/query/ (docs/tiktok-api.md §5.1). Must be called before composing and
// before publishing; spam/cap errors arrive with HTTP 200 and a non-ok code.
import { z } from 'zod';
import { envelopeSchema } from './envelope.js';
import { privacyLevelSchema } from './post-info.js';

export const creatorInfoSchema = z.object({
  creator_avatar_url: z.string(),
  creator_username: z.string(),
  creator_nickname: z.string(),
  privacy_level_options: z.array(privacyLevelSchema),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean(),
  max_video_post_duration_sec: z.number().int(),
});
export type CreatorInfo = z.infer<typeof creatorInfoSchema>;

/** No body is documented; `{}` or an empty body are both accepted. */
export const creatorInfoRequestSchema = z.object({}).loose();
export const creatorInfoResponseSchema = envelopeSchema(creatorInfoSchema);
