import type { AppsRepo } from '../../domain/store-port.js';
import type { App } from '../../domain/types.js';
import type { AppsTable } from '../schema.js';
import { bool, flag, fromJson, toJson, type RepoContext } from './context.js';

export function createAppsRepo(ctx: RepoContext): AppsRepo {
  const { db, box } = ctx;
  const fromRow = (r: AppsTable): App => ({
    id: r.id,
    clientKey: r.client_key,
    clientSecret: box.open(r.client_secret_enc),
    audited: bool(r.audited),
    verifiedUrlPrefixes: fromJson<string[]>(r.verified_url_prefixes, []),
    activeCreatorCap: r.active_creator_cap ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  return {
    async insert(a) {
      await db
        .insertInto('apps')
        .values({
          id: a.id,
          client_key: a.clientKey,
          client_secret_enc: box.seal(a.clientSecret),
          audited: flag(a.audited),
          verified_url_prefixes: toJson(a.verifiedUrlPrefixes),
          active_creator_cap: a.activeCreatorCap ?? null,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async getByClientKey(clientKey) {
      const r = await db.selectFrom('apps').selectAll().where('client_key', '=', clientKey).executeTakeFirst();
      return r && fromRow(r);
    },
    async list() {
      return (await db.selectFrom('apps').selectAll().orderBy('created_at').orderBy('id').execute()).map(fromRow);
    },
    async update(id, patch, now) {
      const set: Partial<AppsTable> = { updated_at: now };
      if (patch.clientSecret !== undefined) set.client_secret_enc = box.seal(patch.clientSecret);
      if (patch.audited !== undefined) set.audited = flag(patch.audited);
      if (patch.verifiedUrlPrefixes !== undefined) set.verified_url_prefixes = toJson(patch.verifiedUrlPrefixes);
      if (patch.activeCreatorCap !== undefined) set.active_creator_cap = patch.activeCreatorCap;
      await db.updateTable('apps').set(set).where('id', '=', id).execute();
      const r = await db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
  };
}
