// Raising a notification: the event row and one delivery (row + `notify` job) per endpoint that
// receives its type, all in the caller's transaction — the same one as the state change that caused
// it, so a committed change always has its notification queued and a rolled-back one never does
// (docs/notifications.md §1). The in-process EventEmitter is only a wake-up; delivery never relies on it.
import type { JobSpec, Repos } from '../domain/store-port.js';
import { endpointReceives, type NotificationEvent } from './notification-types.js';

export type RaiseInput = Omit<NotificationEvent, 'id' | 'at'>;

export function notifyJobKey(eventId: string, endpointId: string): string {
  return `notify:${eventId}:${endpointId}`;
}

export function notifyJob(eventId: string, endpointId: string, runAt: number): JobSpec {
  return { kind: 'notify', key: notifyJobKey(eventId, endpointId), groupKey: null, runAt, payload: { eventId, endpointId } };
}

/** Records the event once per dedupe key; answers it when new (undefined: raised before). */
export async function raiseNotification(tx: Repos, input: RaiseInput, now: number, o: { enqueue?: boolean } = {}): Promise<NotificationEvent | undefined> {
  const event = await tx.notifications.record({ ...input, at: now });
  if (!event) return undefined;
  for (const endpoint of await tx.notificationEndpoints.list()) {
    if (!endpointReceives(endpoint, event.type)) continue;
    await tx.notifications.addDelivery({ eventId: event.id, endpointId: endpoint.id }, now);
    if (o.enqueue !== false) await tx.jobs.upsert(notifyJob(event.id, endpoint.id, now), now);
  }
  return event;
}
