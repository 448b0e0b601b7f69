// The notification log and each delivery's fate. The unique dedupe key is what makes "raised once"
// hold across workers, retries and restarts.
import type { NotificationsRepo } from '../../domain/store-port.js';
import type { DeliveryStatus, NotificationDelivery, NotificationEvent, NotificationType } from '../../notifications/notification-types.js';
import type { NotificationDeliveriesTable, NotificationEventsTable } from '../schema.js';
import { fromJson, toJson, type RepoContext } from './context.js';

const eventFromRow = (r: NotificationEventsTable): NotificationEvent => ({
  id: r.id,
  type: r.type as NotificationType,
  dedupeKey: r.dedupe_key,
  at: Number(r.at),
  accountId: r.account_id,
  postId: r.post_id,
  summary: r.summary,
  data: fromJson<Record<string, unknown>>(r.data, {}),
});

const deliveryFromRow = (r: NotificationDeliveriesTable): NotificationDelivery => ({
  eventId: r.event_id,
  endpointId: r.endpoint_id,
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});

export function createNotificationsRepo(ctx: RepoContext): NotificationsRepo {
  const { db } = ctx;
  return {
    async record(input) {
      const e = { id: ctx.ids.next('ntf'), ...input };
      const r = await db
        .insertInto('notification_events')
        .values({ id: e.id, dedupe_key: e.dedupeKey, type: e.type, at: e.at, account_id: e.accountId, post_id: e.postId, summary: e.summary, data: toJson(e.data) })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? e : undefined;
    },
    async get(id) {
      const r = await db.selectFrom('notification_events').selectAll().where('id', '=', id).executeTakeFirst();
      return r && eventFromRow(r);
    },
    async getByKey(key) {
      const r = await db.selectFrom('notification_events').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
      return r && eventFromRow(r);
    },
    async list({ before, limit }) {
      let q = db.selectFrom('notification_events').selectAll();
      if (before) q = q.where((eb) => eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]));
      return (await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(eventFromRow);
    },
    async addDelivery(d, now) {
      await db
        .insertInto('notification_deliveries')
        .values({ event_id: d.eventId, endpoint_id: d.endpointId, status: 'pending', attempts: 0, last_error: null, last_attempt_at: null, delivered_at: null, created_at: now })
        .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
        .execute();
    },
    async getDelivery(eventId, endpointId) {
      const r = await db.selectFrom('notification_deliveries').selectAll().where('event_id', '=', eventId).where('endpoint_id', '=', endpointId).executeTakeFirst();
      return r && deliveryFromRow(r);
    },
    async deliveriesOf(eventIds) {
      if (eventIds.length === 0) return [];
      const rows = await db.selectFrom('notification_deliveries').selectAll().where('event_id', 'in', [...eventIds]).orderBy('created_at').orderBy('endpoint_id').execute();
      return rows.map(deliveryFromRow);
    },
    async updateDelivery(eventId, endpointId, p, now) {
      await db
        .updateTable('notification_deliveries')
        .set((eb) => ({
          status: p.status,
          attempts: eb('attempts', '+', p.tried),
          last_error: p.error,
          ...(p.tried ? { last_attempt_at: now } : {}),
          ...(p.status === 'delivered' ? { delivered_at: now } : {}),
        }))
        .where('event_id', '=', eventId)
        .where('endpoint_id', '=', endpointId)
        .execute();
    },
  };
}
