// TikTok webhooks (docs/tiktok-api.md §13): verify `TikTok-Signature: t=…,s=…` (HMAC-SHA256 of
// `${t}.${rawBody}` with the client secret, constant-time compare, timestamp tolerance), parse the
// envelope and its JSON-in-a-string `content` into typed events, and recognise redeliveries
// (TikTok delivers at least once and retries for 72 hours).
import { createHash, timingSafeEqual } from 'node:crypto';
import { AUTH_REMOVED_REASONS, SIGNATURE_HEADER, WEBHOOK_EVENTS, computeWebhookSignature, parseSignatureHeader, systemClock } from '../contract/index.js';
import type { Clock } from '../contract/index.js';
import { TikTokError } from './errors.js';
import { parseLosslessJson, toIdString } from './lossless-json.js';

export type WebhookRejection = 'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'timestamp_too_old' | 'timestamp_in_future';
export type WebhookVerification = { ok: true; timestampSec: number } | { ok: false; reason: WebhookRejection };

/** TikTok sets no tolerance; 300 s is what receivers use. */
export const DEFAULT_WEBHOOK_TOLERANCE_SEC = 300;

export interface VerifyWebhookInput {
  clientSecret: string;
  signatureHeader: string | null | undefined;
  /** The body exactly as received (bytes or the undecoded string). */
  rawBody: string | Uint8Array;
  nowMs: number;
  toleranceSec?: number;
}

export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerification {
  if (!input.signatureHeader) return { ok: false, reason: 'missing_signature' };
  const parsed = parseSignatureHeader(input.signatureHeader);
  if (!parsed || parsed.s.length !== 64) return { ok: false, reason: 'malformed_signature' };
  const expected = Buffer.from(computeWebhookSignature(input.clientSecret, parsed.t, input.rawBody), 'hex');
  const given = Buffer.from(parsed.s, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature_mismatch' };
  const tolerance = input.toleranceSec ?? DEFAULT_WEBHOOK_TOLERANCE_SEC;
  const ageSec = input.nowMs / 1000 - parsed.t;
  if (ageSec > tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (-ageSec > tolerance) return { ok: false, reason: 'timestamp_in_future' };
  return { ok: true, timestampSec: parsed.t };
}

interface WebhookBase {
  /** The event name as received. */
  event: string;
  clientKey: string;
  /** Event time, epoch seconds. */
  createTime: number;
  userOpenId: string | undefined;
  /** Same for every redelivery of this event, different for distinct events. */
  idempotencyKey: string;
}

export type TikTokWebhookEvent =
  | (WebhookBase & { type: 'authorization.removed'; reason: number; reasonText: string })
  | (WebhookBase & { type: 'post.publish.failed'; publishId: string; failReason: string; publishType: string })
  | (WebhookBase & { type: 'post.publish.complete'; publishId: string; publishType: string })
  | (WebhookBase & { type: 'post.publish.inbox_delivered'; publishId: string; publishType: string })
  | (WebhookBase & { type: 'post.publish.publicly_available'; publishId: string; postId: string; publishType: string })
  /** Both spellings (`publicaly`, TikTok's docs; `publicly`, the Business API) map here. */
  | (WebhookBase & { type: 'post.publish.no_longer_publicaly_available'; publishId: string; postId: string; publishType: string })
  | (WebhookBase & { type: 'unknown'; content: unknown });

export class TikTokWebhookError extends TikTokError {
  override name = 'TikTokWebhookError';
  constructor(message: string, cause?: unknown) {
    super({ code: 'invalid_webhook', message: `TikTok webhook: ${message}`, errorClass: 'permanent', endpoint: 'webhook', cause });
  }
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TikTokWebhookError(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function field(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new TikTokWebhookError(`content.${key} is missing`);
  return v;
}

/** Parses a webhook body (already verified) into a typed event. */
export function parseWebhookEvent(rawBody: string | Uint8Array): TikTokWebhookEvent {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  let env: Record<string, unknown>;
  try {
    env = asObject(parseLosslessJson(text), 'the body');
  } catch (e) {
    throw e instanceof TikTokWebhookError ? e : new TikTokWebhookError('the body is not JSON', e);
  }
  const event = env['event'];
  const clientKey = env['client_key'];
  const createTime = typeof env['create_time'] === 'bigint' ? Number(env['create_time']) : env['create_time'];
  if (typeof event !== 'string' || typeof clientKey !== 'string' || typeof createTime !== 'number') {
    throw new TikTokWebhookError('the envelope lacks event, client_key or create_time');
  }
  const userOpenId = typeof env['user_openid'] === 'string' ? env['user_openid'] : undefined;
  // `content` is JSON serialised as a string; tolerate an object too.
  let content: unknown = env['content'];
  if (typeof content === 'string') {
    try {
      content = content.trim() === '' ? {} : parseLosslessJson(content);
    } catch (e) {
      throw new TikTokWebhookError('content is not valid JSON', e);
    }
  }
  const idempotencyKey = `wh_${createHash('sha256')
    .update(`${event}\n${userOpenId ?? ''}\n${createTime}\n${typeof env['content'] === 'string' ? env['content'] : JSON.stringify(env['content'] ?? null)}`)
    .digest('hex')
    .slice(0, 40)}`;
  const base: WebhookBase = { event, clientKey, createTime, userOpenId, idempotencyKey };

  switch (event) {
    case WEBHOOK_EVENTS.authorizationRemoved: {
      const c = asObject(content, 'content');
      const reason = typeof c['reason'] === 'number' ? c['reason'] : Number(c['reason'] ?? 0);
      return { ...base, type: 'authorization.removed', reason, reasonText: AUTH_REMOVED_REASONS[reason as keyof typeof AUTH_REMOVED_REASONS] ?? 'unknown' };
    }
    case WEBHOOK_EVENTS.publishFailed: {
      const c = asObject(content, 'content');
      const failReason = typeof c['reason'] === 'string' ? c['reason'] : typeof c['fail_reason'] === 'string' ? c['fail_reason'] : '';
      return { ...base, type: 'post.publish.failed', publishId: field(c, 'publish_id'), failReason, publishType: String(c['publish_type'] ?? '') };
    }
    case WEBHOOK_EVENTS.publishComplete:
    case WEBHOOK_EVENTS.inboxDelivered: {
      const c = asObject(content, 'content');
      return { ...base, type: event, publishId: field(c, 'publish_id'), publishType: String(c['publish_type'] ?? '') };
    }
    case WEBHOOK_EVENTS.publiclyAvailable:
    case WEBHOOK_EVENTS.noLongerPubliclyAvailable:
    case WEBHOOK_EVENTS.noLongerPubliclyAvailableAlt: {
      const c = asObject(content, 'content');
      const postId = toIdString(c['post_id']);
      if (postId === undefined) throw new TikTokWebhookError('content.post_id is missing');
      const type = event === WEBHOOK_EVENTS.publiclyAvailable ? 'post.publish.publicly_available' : 'post.publish.no_longer_publicaly_available';
      return { ...base, type, publishId: field(c, 'publish_id'), postId, publishType: String(c['publish_type'] ?? '') };
    }
    default:
      return { ...base, type: 'unknown', content };
  }
}

/** Remembers idempotency keys; the engine backs it with its database to dedupe across workers. */
export interface WebhookDedupeStore {
  /** Records `key` until `expiresAtMs`; returns false if it was already recorded (a redelivery). */
  markSeen(key: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
}

export function createMemoryWebhookDedupeStore(): WebhookDedupeStore {
  const seen = new Map<string, number>();
  return {
    markSeen(key, expiresAtMs, nowMs) {
      // Keys arrive with a constant TTL, so insertion order is expiry order: drop from the front.
      for (const [k, exp] of seen) {
        if (exp > nowMs) break;
        seen.delete(k);
      }
      const exp = seen.get(key);
      if (exp !== undefined && exp > nowMs) return false;
      seen.delete(key);
      seen.set(key, expiresAtMs);
      return true;
    },
  };
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

export type WebhookReceipt =
  | { status: 'accepted'; event: TikTokWebhookEvent }
  | { status: 'duplicate'; event: TikTokWebhookEvent }
  | { status: 'rejected'; reason: WebhookRejection | 'client_key_mismatch' | 'invalid_body' };

export interface WebhookReceiverOptions {
  clientSecret: string;
  /** When set, events for another app are rejected. */
  clientKey?: string;
  clock?: Clock;
  toleranceSec?: number;
  dedupe?: WebhookDedupeStore;
  /** How long an idempotency key is remembered; TikTok retries for 72 h (default 73 h). */
  dedupeTtlMs?: number;
}

export interface WebhookReceiver {
  /** Verify, parse and dedupe one delivery. Answer TikTok 200 for accepted and duplicate. */
  receive(input: { rawBody: string | Uint8Array; headers: HeaderSource }): Promise<WebhookReceipt>;
}

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const clock = options.clock ?? systemClock;
  const dedupe = options.dedupe ?? createMemoryWebhookDedupeStore();
  const ttl = options.dedupeTtlMs ?? 73 * 3_600_000;
  return {
    async receive({ rawBody, headers }) {
      const verification = verifyWebhookSignature({
        clientSecret: options.clientSecret,
        signatureHeader: headerValue(headers, SIGNATURE_HEADER),
        rawBody,
        nowMs: clock.now(),
        toleranceSec: options.toleranceSec,
      });
      if (!verification.ok) return { status: 'rejected', reason: verification.reason };
      let event: TikTokWebhookEvent;
      try {
        event = parseWebhookEvent(rawBody);
      } catch {
        return { status: 'rejected', reason: 'invalid_body' };
      }
      if (options.clientKey !== undefined && event.clientKey !== options.clientKey) return { status: 'rejected', reason: 'client_key_mismatch' };
      const now = clock.now();
      const first = await dedupe.markSeen(event.idempotencyKey, now + ttl, now);
      return { status: first ? 'accepted' : 'duplicate', event };
    },
  };
}
