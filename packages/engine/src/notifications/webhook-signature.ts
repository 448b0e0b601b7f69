// Signing of outbound notification webhooks (docs/notifications.md §3): the signature is the hex
// HMAC-SHA256 of `${timestamp}.${body}` under the endpoint's secret, sent as `sha256=<hex>` next to
// the timestamp (Unix seconds). Signing the timestamp with the body lets a receiver refuse replays
// outside a short window; the secret never travels.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  signature: 'tokpost-signature',
  timestamp: 'tokpost-timestamp',
  eventId: 'tokpost-event-id',
  eventType: 'tokpost-event-type',
} as const;

/** Receivers should refuse a timestamp further than this from their own clock (default 5 min). */
export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60_000;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyWebhookInput {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  nowMs: number;
  windowMs?: number;
}

/** What a receiver does (docs/notifications.md §3.2): fresh timestamp, then a constant-time compare. */
export function verifyWebhook(input: VerifyWebhookInput): { ok: true } | { ok: false; why: 'malformed' | 'stale' | 'mismatch' } {
  const ts = Number(input.timestamp);
  if (!input.timestamp || !Number.isInteger(ts) || !input.signature) return { ok: false, why: 'malformed' };
  if (Math.abs(input.nowMs - ts * 1000) > (input.windowMs ?? DEFAULT_REPLAY_WINDOW_MS)) return { ok: false, why: 'stale' };
  const expected = Buffer.from(signWebhook(input.secret, ts, input.body));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, why: 'mismatch' };
  return { ok: true };
}
