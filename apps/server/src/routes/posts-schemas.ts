// The bodies and queries of the post routes, in camelCase (docs/rest-api.md "Posts"). zod checks the
// shape and names the field; the engine checks the rest (caption lengths, media, TikTok's composer
// rules against the creator's current info) and names the field and the rule.
//
// Times in: ISO 8601 with a time zone (`2026-12-03T09:00:00Z`, `…+01:00`), so a time is never read
// in the server's zone by accident. Times out: epoch milliseconds, as every answer of the API.
import { POST_STATES, PRIVACY_LEVELS, type PostEdit, type PostInput, type PostPageQuery, type PostState } from '@tokpost/engine';
import { z } from 'zod';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 time with a zone, as epoch ms. */
export const isoTime = z
  .string({ error: 'must be an ISO 8601 time with a zone, e.g. 2026-12-03T09:00:00Z' })
  .meta({ format: 'date-time', description: 'ISO 8601 with a time zone, e.g. 2026-12-03T09:00:00Z' })
  .refine((v) => ISO_WITH_ZONE.test(v) && Number.isFinite(Date.parse(v)), 'must be an ISO 8601 time with a zone, e.g. 2026-12-03T09:00:00Z')
  .transform((v) => Date.parse(v));

const flag = (what: string) => z.boolean({ error: `required: true or false (${what}; TikTok wants nothing on by default)` });

const disclosure = z.strictObject(
  {
    yourBrand: z.boolean({ error: 'required: true when the post promotes the creator or their own business' }),
    brandedContent: z.boolean({ error: 'required: true when the post promotes a third party (paid partnership)' }),
  },
  { error: 'required: { yourBrand, brandedContent }, both false when the post promotes nothing' },
);

const fields = {
  accountId: z.string({ error: 'required: the id of a connected account' }).min(1, 'required: the id of a connected account'),
  mediaIds: z.array(z.string().min(1), { error: 'required: the ids of uploaded media (one video, or 1 to 35 photos)' }).min(1, 'give one video or at least one photo').max(35, 'at most 35 photos'),
  title: z.string({ error: 'required: the caption (may be empty)' }),
  description: z.string().optional(),
  /** Optional in shape: a missing level is refused by the engine naming the creator's options. */
  privacyLevel: z.enum(PRIVACY_LEVELS, { error: `must be one of ${PRIVACY_LEVELS.join(', ')} (and among the creator's options)` }).optional(),
  allowComment: flag('allow comments'),
  allowDuet: flag('allow Duet; false for photos'),
  allowStitch: flag('allow Stitch; false for photos'),
  disclosure,
  aiGenerated: z.boolean({ error: 'required: true when the content is AI-generated' }),
  mode: z.enum(['direct', 'inbox'], { error: "must be 'direct' (published) or 'inbox' (a draft the creator finishes in TikTok)" }),
  scheduledAt: isoTime.nullable().optional(),
  publishIfLate: z.boolean().optional(),
  source: z.enum(['auto', 'FILE_UPLOAD', 'PULL_FROM_URL']).optional(),
  photoCoverIndex: z.number().int().min(0).optional(),
  videoCoverTimestampMs: z.number().int().min(0).nullable().optional(),
  autoAddMusic: z.boolean().optional(),
  /** Save without queueing (privacy may still be missing). */
  draft: z.boolean().optional(),
};

export const createPostBody = z.strictObject(fields);

const { accountId: _accountId, draft: _draft, ...editable } = fields;
export const patchPostBody = z
  .strictObject(editable)
  .partial()
  .extend({
    /** The version read; a post changed meanwhile is a 409. */
    version: z.number().int().min(1).optional(),
  });

type PatchBody = z.output<typeof patchPostBody>;

export const cancelBody = z.strictObject({ reason: z.string().max(500).optional() });
export const retryBody = z.strictObject({ acknowledgeDuplicateRisk: z.boolean().optional() });

export const MAX_BATCH_ROWS = 500;
export const batchBody = z.strictObject({
  posts: z.array(z.unknown(), { error: 'required: an array of posts, each as POST /api/posts takes it' }).min(1, 'give at least one post').max(MAX_BATCH_ROWS, `at most ${MAX_BATCH_ROWS} posts per batch; split the rest into another batch`),
});

const stateList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(z.enum(POST_STATES, { error: `each state must be one of ${POST_STATES.join(', ')}` })).min(1));

export const listQuery = z.strictObject({
  state: stateList.optional(),
  accountId: z.string().min(1).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number({ error: 'must be a whole number from 1 to 200' }).int('must be a whole number from 1 to 200').min(1, 'must be a whole number from 1 to 200').max(200, 'must be a whole number from 1 to 200').optional(),
});

export function toPostInput(b: z.output<typeof createPostBody>): PostInput {
  return { ...b, scheduledAt: b.scheduledAt ?? null };
}

export function toPostEdit(b: PatchBody): { edit: PostEdit; version: number | undefined } {
  const { version, ...rest } = b;
  return { edit: rest as PostEdit, version };
}

export function toPageQuery(q: z.output<typeof listQuery>): PostPageQuery {
  return { ...q, state: q.state as PostState[] | undefined };
}
