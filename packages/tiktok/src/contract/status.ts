// POST /v2/post/publish/status/fetch/ and /cancel/ (docs/tiktok-api.md §5.6, §5.7, §8).
import { z } from 'zod';
import { envelopeSchema } from './envelope.js';

export const PUBLISH_STATUSES = ['PROCESSING_UPLOAD', 'PROCESSING_DOWNLOAD', 'SEND_TO_USER_INBOX', 'PUBLISH_COMPLETE', 'FAILED'] as const;
export const publishStatusSchema = z.enum(PUBLISH_STATUSES);
export type PublishStatus = z.infer<typeof publishStatusSchema>;
// The `fail_reason` values are FAIL_REASONS, declared with their class in error-catalog.ts.

export const statusFetchRequestSchema = z.object({ publish_id: z.string().min(1, 'publish_id is required') });

/**
 * `publicaly_available_post_id` is list<int64> on the wire and real ids exceed 2^53: after a plain
 * JSON.parse the numbers are already rounded. The client parses the raw text losslessly before
 * validating; this schema accepts strings, bigints, numbers, and a scalar where a list is expected.
 */
export const postIdSchema = z.union([z.string(), z.bigint(), z.number()]);
export const statusDataSchema = z.object({
  status: z.string(),
  fail_reason: z.string().optional(),
  publicaly_available_post_id: z.union([z.array(postIdSchema), postIdSchema]).optional(),
  uploaded_bytes: z.number().optional(),
  downloaded_bytes: z.number().optional(),
});
export const statusResponseSchema = envelopeSchema(statusDataSchema);

export const cancelRequestSchema = z.object({ publish_id: z.string().min(1, 'publish_id is required') });
