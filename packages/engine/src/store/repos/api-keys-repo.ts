// API keys of the REST server, stored as SHA-256 hashes (migration 007).
import type { ApiKey } from '../../domain/types.js';
import type { ApiKeysRepo } from '../../domain/store-port.js';
import type { ApiKeysTable } from '../schema.js';
import { changed, type RepoContext } from './context.js';

const fromRow = (r: ApiKeysTable): ApiKey => ({
  id: r.id,
  name: r.name,
  keyHash: r.key_hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export function createApiKeysRepo(ctx: RepoContext): ApiKeysRepo {
  const { db } = ctx;
  return {
    async insert(k) {
      await db
        .insertInto('api_keys')
        .values({ id: k.id, name: k.name, key_hash: k.keyHash, prefix: k.prefix, created_at: k.createdAt, revoked_at: k.revokedAt })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async getByHash(keyHash) {
      const r = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
      return r && fromRow(r);
    },
    async list() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(fromRow);
    },
    async revoke(id, now) {
      const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return changed(r);
    },
  };
}
