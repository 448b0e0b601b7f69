// Webhooks (docs/tiktok-api.md §13): envelope, events, and the `TikTok-Signature: t=…,s=…` scheme —
// HMAC-SHA256 of `${t}.${rawBody}` keyed with the app's client secret, lowercase hex.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export const SIGNATURE_HEADER = 'tiktok-signature';

export const webhookEnvelopeSchema = z.object({
  client_key: z.string(),
  event: z.string(),
  create_time: z.number().int(),
  user_openid: z.string().optional(),
  /** JSON serialized as a string: parse twice. */
  content: z.string(),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

export const WEBHOOK_EVENTS = {
  authorizationRemoved: 'authorization.removed',
  publishFailed: 'post.publish.failed',
  publishComplete: 'post.publish.complete',
  inboxDelivered: 'post.publish.inbox_delivered',
  publiclyAvailable: 'post.publish.publicly_available',
  /** TikTok's docs spell it with the `publicaly` typo. */
  noLongerPubliclyAvailable: 'post.publish.no_longer_publicaly_available',
  /** The Business API's spelling; receivers accept both. */
  noLongerPubliclyAvailableAlt: 'post.publish.no_longer_publicly_available',
} as const;

export const PUBLISH_TYPES = ['DIRECT_PUBLISH', 'INBOX_SHARE'] as const;
export type PublishType = (typeof PUBLISH_TYPES)[number];

export const publishFailedContentSchema = z.object({
  publish_id: z.string(),
  reason: z.string(),
  publish_type: z.string(),
});
export const publishContentSchema = z.object({ publish_id: z.string(), publish_type: z.string() });
export const postAvailabilityContentSchema = z.object({
  publish_id: z.string(),
  post_id: z.union([z.string(), z.number(), z.bigint()]),
  publish_type: z.string(),
});
export const authorizationRemovedContentSchema = z.object({ reason: z.number().int() });

/** `authorization.removed` reasons. */
export const AUTH_REMOVED_REASONS = {
  0: 'unknown',
  1: 'user disconnected the app in TikTok',
  2: 'account deleted',
  3: 'age changed',
  4: 'account banned',
  5: 'developer revoked the authorization',
} as const;

export function computeWebhookSignature(clientSecret: string, timestampSec: number | string, rawBody: string | Uint8Array): string {
  const h = createHmac('sha256', clientSecret);
  h.update(`${timestampSec}.`);
  h.update(rawBody);
  return h.digest('hex');
}

export function formatSignatureHeader(timestampSec: number, signature: string): string {
  return `t=${timestampSec},s=${signature}`;
}

/** Splits `t=…,s=…`; undefined when either part is missing or malformed. */
export function parseSignatureHeader(value: string | null | undefined): { t: number; s: string } | undefined {
  if (!value) return undefined;
  let t: number | undefined;
  let s: string | undefined;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(val)) t = Number(val);
    if (key === 's' && /^[0-9a-fA-F]+$/.test(val)) s = val.toLowerCase();
  }
  return t === undefined || s === undefined ? undefined : { t, s };
}
