import type { MetaRepo } from '../../domain/store-port.js';
import type { RepoContext } from './context.js';

export function createMetaRepo(ctx: RepoContext): MetaRepo {
  const { db } = ctx;
  return {
    async get(key) {
      return (await db.selectFrom('engine_meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
    },
    async set(key, value) {
      await db
        .insertInto('engine_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}
