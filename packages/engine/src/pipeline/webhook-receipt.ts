// Receiving a TikTok webhook delivery (docs/tiktok-api.md §13, docs/rest-api.md "TikTok webhooks"): the receiver
// answers TikTok at once, so everything here is quick and the event's processing is a job.
//
//   1. the body names its app (`client_key`); an app tokpost does not know is refused;
//   2. `TikTok-Signature: t=…,s=…` must be the HMAC-SHA256 of `${t}.${rawBody}` with that app's
//      client secret (the bytes exactly as received, never a re-serialised body);
//   3. `t` must be within 5 minutes of now: an older (or future) delivery is refused as stale;
//   4. a signature accepted before is a replay: refused. TikTok signs each delivery; the same event
//      delivered again (TikTok delivers at least once) carries its own signature and is a duplicate:
//      acknowledged, with no effect (the event's idempotency key is recorded once);
//   5. the event is recorded and its processing job queued in the same transaction as the
//      signature, so an accepted delivery is never lost and a refused one leaves nothing behind.
import { createHash } from 'node:crypto';
import { DEFAULT_WEBHOOK_TOLERANCE_SEC, parseSignatureHeader, parseWebhookEvent, verifyWebhookSignature, type TikTokWebhookEvent } from '@tokpost/tiktok';
import type { EngineDeps } from '../engine-deps.js';
import { recordWebhookEvent } from './webhook-job.js';

export interface WebhookDeliveryInput {
  /** The body exactly as received. */
  rawBody: Uint8Array | string;
  /** The `TikTok-Signature` header (undefined when absent). */
  signatureHeader: string | undefined;
  /** The receiving time (default: the engine's clock). */
  now?: number;
}

export type WebhookRefusal = 'invalid_body' | 'unknown_app' | 'signature' | 'stale' | 'replayed';

export type WebhookReceiptResult =
  | { status: 'accepted' | 'duplicate'; event: TikTokWebhookEvent }
  | { status: 'refused'; reason: WebhookRefusal; message: string };

export const WEBHOOK_TOLERANCE_MS = DEFAULT_WEBHOOK_TOLERANCE_SEC * 1000;

const refused = (reason: WebhookRefusal, message: string): WebhookReceiptResult => ({ status: 'refused', reason, message });

function clientKeyOf(raw: Uint8Array | string): string | undefined {
  try {
    const body = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8')) as unknown;
    const key = body && typeof body === 'object' ? (body as Record<string, unknown>)['client_key'] : undefined;
    return typeof key === 'string' && key !== '' ? key : undefined;
  } catch {
    return undefined;
  }
}

export async function receiveTikTokWebhook(deps: EngineDeps, input: WebhookDeliveryInput): Promise<WebhookReceiptResult> {
  const now = input.now ?? deps.clock.now();
  const clientKey = clientKeyOf(input.rawBody);
  if (!clientKey) return refused('invalid_body', 'The body is not a TikTok webhook envelope: JSON with client_key, event, create_time and content.');
  const app = await deps.store.apps.getByClientKey(clientKey);
  if (!app) return refused('unknown_app', 'No TikTok app with this client key is registered in tokpost; register it (POST /api/apps) or correct the webhook URL in the TikTok developer portal.');

  const verified = verifyWebhookSignature({ clientSecret: app.clientSecret, signatureHeader: input.signatureHeader, rawBody: input.rawBody, nowMs: now, toleranceSec: deps.settings.webhookToleranceMs / 1000 });
  if (!verified.ok) {
    if (verified.reason === 'timestamp_too_old' || verified.reason === 'timestamp_in_future') {
      return refused('stale', `The signature's timestamp is more than ${Math.round(deps.settings.webhookToleranceMs / 1000)} s from now; the delivery is refused as stale (check the server's clock if this repeats).`);
    }
    const why = verified.reason === 'missing_signature' ? 'the TikTok-Signature header is missing' : verified.reason === 'malformed_signature' ? 'the TikTok-Signature header is not t=…,s=…' : "the signature does not match the body and the app's client secret";
    return refused('signature', `The delivery is not signed by TikTok: ${why}.`);
  }

  let event: TikTokWebhookEvent;
  try {
    event = parseWebhookEvent(input.rawBody);
  } catch (e) {
    return refused('invalid_body', e instanceof Error ? e.message : 'The webhook body could not be read.');
  }

  // The parsed pair, so the same signature written with other spacing or case is still the same.
  const sig = parseSignatureHeader(input.signatureHeader);
  const signatureHash = createHash('sha256').update(`${sig?.t ?? ''}.${sig?.s ?? ''}`).digest('hex');
  const outcome = await deps.store.transaction(async (tx) => {
    if (!(await tx.webhookSignatures.claim(signatureHash, now))) return 'replayed' as const;
    await tx.webhookSignatures.prune(now - 2 * deps.settings.webhookToleranceMs);
    return (await recordWebhookEvent(deps, tx, event, now)) ? ('accepted' as const) : ('duplicate' as const);
  });
  if (outcome === 'replayed') return refused('replayed', 'This exact delivery (same signature) was received before; a replay is refused. A redelivery of the event under its own signature is acknowledged.');
  if (outcome === 'accepted') deps.events.emit('work');
  deps.log.info({ event: event.event, key: event.idempotencyKey, outcome }, 'TikTok webhook received');
  return { status: outcome, event };
}
