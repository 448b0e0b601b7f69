// One try of a signed webhook delivery (docs/notifications.md §3): POST the JSON body with the
// timestamp and signature headers; any 2xx acknowledges it. Errors name the HTTP status or the
// network failure, never the URL (its query string may be a credential) or the secret.
import { notificationBody } from './notification-body.js';
import type { NotificationEndpoint, NotificationEvent } from './notification-types.js';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.js';
import type { DeliveryResult } from './deliver.js';

export async function sendWebhook(endpoint: NotificationEndpoint, event: NotificationEvent, o: { nowMs: number; timeoutMs: number }): Promise<DeliveryResult> {
  const body = JSON.stringify(notificationBody(event));
  const timestamp = Math.floor(o.nowMs / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'tokpost-notifications',
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.eventId]: event.id,
    [WEBHOOK_HEADERS.eventType]: event.type,
  };
  if (endpoint.secret) headers[WEBHOOK_HEADERS.signature] = signWebhook(endpoint.secret, timestamp, body);
  try {
    const res = await fetch(endpoint.url ?? '', { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs) });
    // The answer's body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { outcome: 'delivered' };
    return { outcome: 'error', error: `the receiver answered HTTP ${res.status}` };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    const name = (e as Error).name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : (cause ?? (e as Error).name);
    return { outcome: 'error', error: `the receiver could not be reached (${name})` };
  }
}
