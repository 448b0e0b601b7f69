// Where notifications go. A webhook's signing secret is sealed at rest like the tokens
// (docs/architecture.md §4.8).
import type { NotificationEndpointsRepo } from '../../domain/store-port.js';
import type { EndpointKind, NotificationEndpoint, NotificationType } from '../../notifications/notification-types.js';
import type { NotificationEndpointsTable } from '../schema.js';
import { changed, fromJson, toJson, type RepoContext } from './context.js';

export function createNotificationEndpointsRepo(ctx: RepoContext): NotificationEndpointsRepo {
  const { db, box } = ctx;
  const fromRow = (r: NotificationEndpointsTable): NotificationEndpoint => ({
    id: r.id,
    kind: r.kind as EndpointKind,
    url: r.url,
    to: r.to_address,
    secret: r.secret_enc === null ? null : box.open(r.secret_enc),
    types: fromJson<NotificationType[] | null>(r.types, null),
    createdAt: Number(r.created_at),
  });
  return {
    async insert(e) {
      await db
        .insertInto('notification_endpoints')
        .values({
          id: e.id,
          kind: e.kind,
          url: e.url,
          to_address: e.to,
          secret_enc: e.secret === null ? null : box.seal(e.secret),
          types: e.types === null ? null : toJson(e.types),
          created_at: e.createdAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('notification_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async list() {
      return (await db.selectFrom('notification_endpoints').selectAll().orderBy('created_at').orderBy('id').execute()).map(fromRow);
    },
    async remove(id) {
      return changed(await db.deleteFrom('notification_endpoints').where('id', '=', id).executeTakeFirst());
    },
  };
}
