// The `{data, error}` envelope of every v2 data endpoint (docs/tiktok-api.md §1). Success is `error.code ===
// "ok"`, whatever the HTTP status; some failures come back with HTTP 200 on purpose.
import { z } from 'zod';

export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string().default(''),
  // Tables in TikTok's docs say `logid`, every example says `log_id`; accept both, emit `log_id`.
  log_id: z.string().optional(),
  logid: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    data: z.union([data, z.object({}).loose()]).optional(),
    error: apiErrorSchema,
  });
}

/** The envelope shape as emitted (the emulator) — `data` is `{}` on error. */
export interface Envelope<T> {
  data: T | Record<string, never>;
  error: { code: string; message: string; log_id: string };
}

export function okEnvelope<T>(data: T, logId: string): Envelope<T> {
  return { data, error: { code: 'ok', message: '', log_id: logId } };
}

export function errorEnvelope(code: string, message: string, logId: string): Envelope<never> {
  return { data: {}, error: { code, message, log_id: logId } };
}
