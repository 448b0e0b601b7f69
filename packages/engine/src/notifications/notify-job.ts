// The notify job (key `notify:<event>:<endpoint>`): delivers one event to one endpoint. A try that
// fails (5xx, timeout, refused connection) runs again after a backoff, up to
// settings.notifyMaxAttempts tries, and then the delivery is recorded as failed. Once a receiver
// acknowledged it the delivery is `delivered` and the job is gone, so it is never sent again; a
// crash between the receiver's answer and that commit can repeat it once, which is why receivers
// dedupe on the event id (docs/notifications.md §4).
import type { Repos } from '../domain/store-port.js';
import type { EngineDeps } from '../engine-deps.js';
import { backoffDelay } from '../jobs/backoff.js';
import type { JobHandler } from '../jobs/worker.js';
import { deliverOnce } from './deliver.js';
import type { DeliveryStatus } from './notification-types.js';

export function createNotifyHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const { eventId, endpointId } = lease.job.payload as { eventId: string; endpointId: string };
    const [event, endpoint, delivery] = await Promise.all([
      deps.store.notifications.get(eventId),
      deps.store.notificationEndpoints.get(endpointId),
      deps.store.notifications.getDelivery(eventId, endpointId),
    ]);
    if (!event || !delivery || delivery.status !== 'pending') return lease.done();
    const mark = (status: DeliveryStatus, tried: 0 | 1, error: string | null) => async (tx: Repos) => {
      await tx.notifications.updateDelivery(eventId, endpointId, { status, tried, error }, deps.clock.now());
    };
    if (!endpoint) return lease.done(mark('cancelled', 0, 'the endpoint was removed'));

    const r = await deliverOnce(deps.settings, endpoint, event, deps.clock.now());
    if (r.outcome === 'delivered') return lease.done(mark('delivered', 1, null));
    if (r.outcome === 'skipped') return lease.done(mark('skipped', 0, r.error));
    const tries = delivery.attempts + 1;
    deps.log.warn({ event: event.id, type: event.type, endpoint: endpoint.id, kind: endpoint.kind, tries, error: r.error }, 'a notification delivery failed');
    if (tries >= deps.settings.notifyMaxAttempts) return lease.done(mark('failed', 1, `${r.error}; gave up after ${tries} tries`));
    const delay = backoffDelay(tries - 1, { baseMs: deps.settings.notifyRetryBaseMs, maxMs: deps.settings.notifyRetryMaxMs }, deps.random);
    return lease.retry(deps.clock.now() + delay, r.error, mark('pending', 1, r.error));
  };
}
