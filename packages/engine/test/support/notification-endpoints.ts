// A webhook receiver and an SMTP server for a scenario, the engine's endpoints pointing at them, and
// the receiver's side of the signature check done the way docs/notifications.md §3.2 tells a
// receiver to (node:crypto directly, not tokpost's own function).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach } from 'vitest';
import type { Engine, NotificationType, SmtpSettings } from '../../src/index.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { startWebhookSink, type SinkRequest, type WebhookSink } from './webhook-sink.js';
import { createWorld, type World, type WorldOptions } from './world.js';

export const MAIL_FROM = 'tokpost@tokpost.test';
export const MAIL_TO = 'ops@tokpost.test';

export interface Sinks {
  hooks: WebhookSink;
  smtp: SmtpSink;
  settings: { smtp: SmtpSettings };
  close(): Promise<void>;
}

export async function startSinks(): Promise<Sinks> {
  const hooks = await startWebhookSink();
  const smtp = await startSmtpSink();
  return {
    hooks,
    smtp,
    settings: { smtp: { host: smtp.host, port: smtp.port, secure: false, from: MAIL_FROM } },
    close: async () => {
      await hooks.close();
      await smtp.close();
    },
  };
}

/** A webhook endpoint at the sink and an email endpoint at the SMTP server; answers the webhook's secret. */
export async function addEndpoints(engine: Engine, sinks: Sinks, events?: NotificationType[]): Promise<{ secret: string; webhookId: string; emailId: string }> {
  const hook = await engine.notifications.endpoints.create({ kind: 'webhook', url: sinks.hooks.url, events });
  const mail = await engine.notifications.endpoints.create({ kind: 'email', to: MAIL_TO, events });
  return { secret: hook.secret!, webhookId: hook.endpoint.id, emailId: mail.endpoint.id };
}

/** The receiver's check: fresh timestamp (5 minutes either way), then HMAC-SHA256 of "timestamp.body". */
export function receiverAccepts(req: SinkRequest, secret: string, nowMs: number): boolean {
  const ts = String(req.headers['tokpost-timestamp'] ?? '');
  const given = String(req.headers['tokpost-signature'] ?? '');
  if (!/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > 300) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`;
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export const bodyOf = (req: SinkRequest) => JSON.parse(req.body) as { id: string; type: NotificationType; summary: string; occurredAt: string; postId: string | null; accountId: string | null; data: Record<string, unknown> };

/** Sinks and worlds opened by a test, closed after it (worlds first). */
export function scenarioParts(): { sinks(): Promise<Sinks>; world(o: WorldOptions): Promise<World> } {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const part of open.splice(0).reverse()) await part.close();
  });
  return {
    async sinks() {
      const s = await startSinks();
      open.push(s);
      return s;
    },
    async world(o) {
      const w = await createWorld(o);
      open.push(w);
      return w;
    },
  };
}
