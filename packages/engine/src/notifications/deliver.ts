// One try of one delivery, whatever the endpoint's kind.
import type { EngineSettings } from '../engine-deps.js';
import { sendEmail } from './email-delivery.js';
import type { NotificationEndpoint, NotificationEvent } from './notification-types.js';
import { sendWebhook } from './webhook-delivery.js';

export type DeliveryResult = { outcome: 'delivered' } | { outcome: 'skipped'; error: string } | { outcome: 'error'; error: string };

export function deliverOnce(settings: EngineSettings, endpoint: NotificationEndpoint, event: NotificationEvent, nowMs: number): Promise<DeliveryResult> {
  return endpoint.kind === 'webhook'
    ? sendWebhook(endpoint, event, { nowMs, timeoutMs: settings.notifyTimeoutMs })
    : sendEmail(settings.smtp, endpoint, event, { timeoutMs: settings.notifyTimeoutMs });
}
