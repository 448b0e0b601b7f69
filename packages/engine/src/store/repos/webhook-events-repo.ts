import type { WebhookEventsRepo } from '../../domain/store-port.js';
import { changed, fromJson, toJson, type RepoContext } from './context.js';

export function createWebhookEventsRepo(ctx: RepoContext): WebhookEventsRepo {
  const { db } = ctx;
  return {
    async record(e) {
      const r = await db
        .insertInto('webhook_events')
        .values({
          idempotency_key: e.key,
          event: e.event,
          received_at: e.receivedAt,
          account_id: e.accountId,
          publish_id: e.publishId,
          payload: toJson(e.payload),
          processed_at: null,
          outcome: null,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async get(key) {
      const r = await db.selectFrom('webhook_events').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
      return r && { key: r.idempotency_key, event: r.event, payload: fromJson<unknown>(r.payload, null), accountId: r.account_id, processedAt: r.processed_at, outcome: r.outcome };
    },
    async markProcessed(key, outcome, now) {
      changed(await db.updateTable('webhook_events').set({ processed_at: now, outcome }).where('idempotency_key', '=', key).executeTakeFirst());
    },
  };
}
