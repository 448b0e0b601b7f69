// Webhook delivery as TikTok does it (docs/tiktok-api.md §13): a JSON envelope whose `content` is itself a
// JSON string, signed `TikTok-Signature: t=…,s=…` with the app's client secret, retried with
// exponential backoff on anything but HTTP 200 for up to 72 h. Settings can make it misbehave
// (duplicates, bad signatures, stale timestamps) so receivers can be tested against it.
import type { EventEmitter } from 'node:events';
import { computeWebhookSignature, formatSignatureHeader, type WebhookEnvelope } from '@tokpost/tiktok/contract';
import type { EmulatorTime } from '../emulator-time.js';
import type { FetchLike } from '../http/fetch-adapter.js';
import type { Settings } from '../settings.js';
import type { EmulatorState } from '../state.js';
import type { FaultRegistry } from './faults.js';

export interface DeliveryAttempt {
  time: number;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: number;
  client_key: string;
  event: string;
  url: string;
  body: string;
  signature_header: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  gave_up: boolean;
  duplicate_of?: number;
}

export interface WebhookDispatcher {
  emit(clientKey: string, event: string, userOpenId: string | undefined, content: Record<string, unknown>): void;
  deliveries(): WebhookDelivery[];
  clear(): void;
}

interface Deps {
  state: EmulatorState;
  settings: () => Settings;
  time: EmulatorTime;
  fetch: FetchLike;
  events: EventEmitter;
  faults: FaultRegistry;
  track(work: Promise<unknown>, label: string): void;
}

const MAX_BACKOFF_MS = 3600 * 1000;

export function createWebhookDispatcher(deps: Deps): WebhookDispatcher {
  let log: WebhookDelivery[] = [];
  let nextId = 1;

  const attempt = async (d: WebhookDelivery, firstAt: number) => {
    const settings = deps.settings();
    const rec: DeliveryAttempt = { time: deps.time.now() };
    d.attempts.push(rec);
    const fault = deps.faults.pick('webhook')[0];
    try {
      if (fault) throw new Error(`injected ${fault.kind} fault`);
      const res = await deps.fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'TikTok-Signature': d.signature_header },
        body: d.body,
      });
      rec.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      rec.error = e instanceof Error ? e.message : String(e);
    }
    if (rec.status === 200) {
      d.delivered = true;
      deps.events.emit('webhook', d);
      return;
    }
    const n = d.attempts.length;
    const backoff = Math.min(MAX_BACKOFF_MS, settings.webhook_retry_base_ms * 2 ** (n - 1));
    if (deps.time.now() + backoff - firstAt > settings.webhook_retry_horizon_ms) {
      d.gave_up = true;
      deps.events.emit('webhook', d);
      return;
    }
    deps.events.emit('webhook', d);
    deps.time.at(deps.time.now() + backoff, () => deps.track(attempt(d, firstAt), `webhook delivery ${d.id}`), 'webhook retry');
  };

  const send = (clientKey: string, event: string, body: string, url: string, secret: string, duplicateOf?: number) => {
    const settings = deps.settings();
    const t = Math.floor(deps.time.now() / 1000) - settings.webhook_stale_seconds;
    const key = settings.webhook_bad_signature ? `${secret}-wrong` : secret;
    const d: WebhookDelivery = {
      id: nextId++,
      client_key: clientKey,
      event,
      url,
      body,
      signature_header: formatSignatureHeader(t, computeWebhookSignature(key, t, body)),
      attempts: [],
      delivered: false,
      gave_up: false,
      duplicate_of: duplicateOf,
    };
    log.push(d);
    deps.track(attempt(d, deps.time.now()), `webhook delivery ${d.id}`);
    return d;
  };

  return {
    emit(clientKey, event, userOpenId, content) {
      const app = deps.state.apps.get(clientKey);
      if (!app?.webhook_url) return;
      const envelope: WebhookEnvelope = {
        client_key: clientKey,
        event,
        create_time: Math.floor(deps.time.now() / 1000),
        ...(userOpenId ? { user_openid: userOpenId } : {}),
        content: JSON.stringify(content),
      };
      const body = JSON.stringify(envelope);
      const first = send(clientKey, event, body, app.webhook_url, app.client_secret);
      // At-least-once delivery: a receiver must cope with the same event twice.
      if (deps.settings().webhook_duplicates) send(clientKey, event, body, app.webhook_url, app.client_secret, first.id);
    },
    deliveries: () => log.map((d) => ({ ...d, attempts: [...d.attempts] })),
    clear() {
      log = [];
    },
  };
}
