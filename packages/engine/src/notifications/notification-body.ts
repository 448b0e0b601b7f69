// What an endpoint receives for an event (docs/notifications.md §2): the webhook's JSON body, and
// the email's subject and text drawn from the same fields.
import type { NotificationEvent } from './notification-types.js';

export interface NotificationBody {
  id: string;
  type: NotificationEvent['type'];
  occurredAt: string;
  summary: string;
  accountId: string | null;
  postId: string | null;
  data: Record<string, unknown>;
}

export function notificationBody(event: NotificationEvent): NotificationBody {
  return {
    id: event.id,
    type: event.type,
    occurredAt: new Date(event.at).toISOString(),
    summary: event.summary,
    accountId: event.accountId,
    postId: event.postId,
    data: event.data,
  };
}

export function notificationEmail(event: NotificationEvent): { subject: string; text: string } {
  const lines = [event.summary, '', `Event: ${event.type} (${event.id})`, `When: ${new Date(event.at).toISOString()}`];
  if (event.accountId) lines.push(`Account: ${event.accountId}`);
  if (event.postId) lines.push(`Post: ${event.postId}`);
  const post = event.data['post'] as Record<string, unknown> | undefined;
  const message = (post?.['message'] ?? event.data['message'] ?? event.data['waitingFor']) as string | undefined;
  if (message) lines.push('', String(message));
  lines.push('', 'Details:', JSON.stringify(event.data, null, 2));
  return { subject: `[tokpost] ${event.summary}`, text: `${lines.join('\n')}\n` };
}
