// One try of an email delivery over SMTP (nodemailer). Without SMTP settings nothing is sent: the
// delivery is recorded as skipped. Errors carry SMTP's answer, never the password.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../engine-deps.js';
import { notificationEmail } from './notification-body.js';
import type { NotificationEndpoint, NotificationEvent } from './notification-types.js';
import type { DeliveryResult } from './deliver.js';

export async function sendEmail(smtp: SmtpSettings | undefined, endpoint: NotificationEndpoint, event: NotificationEvent, o: { timeoutMs: number }): Promise<DeliveryResult> {
  if (!smtp) return { outcome: 'skipped', error: 'no SMTP server is configured' };
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.pass } : undefined,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
  });
  const { subject, text } = notificationEmail(event);
  try {
    await transport.sendMail({ from: smtp.from, to: endpoint.to ?? '', subject, text, headers: { 'X-Tokpost-Event-Id': event.id } });
    return { outcome: 'delivered' };
  } catch (e) {
    const err = e as { responseCode?: number; code?: string; message?: string };
    const what = err.responseCode ? `SMTP ${err.responseCode}` : (err.code ?? 'error');
    return { outcome: 'error', error: `the mail server refused or could not be reached (${what})` };
  } finally {
    transport.close();
  }
}
