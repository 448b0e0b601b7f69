// Fix runs of media assets (migration 009), written by the fix job as it goes.
import type { MediaFixesRepo } from '../../domain/store-port.js';
import type { MediaFix, MediaFixStatus } from '../../domain/types.js';
import type { MediaFixesTable } from '../schema.js';
import { changed, type RepoContext } from './context.js';

const fromRow = (r: MediaFixesTable): MediaFix => ({
  id: r.id,
  mediaId: r.media_id,
  status: r.status as MediaFixStatus,
  progress: Number(r.progress),
  fixedMediaId: r.fixed_media_id,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createMediaFixesRepo(ctx: RepoContext): MediaFixesRepo {
  const { db } = ctx;
  return {
    async insert(f) {
      await db
        .insertInto('media_fixes')
        .values({
          id: f.id,
          media_id: f.mediaId,
          status: f.status,
          progress: f.progress,
          fixed_media_id: f.fixedMediaId,
          error: f.error,
          created_at: f.createdAt,
          updated_at: f.updatedAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('media_fixes').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async latestFor(mediaId) {
      const r = await db.selectFrom('media_fixes').selectAll().where('media_id', '=', mediaId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r && fromRow(r);
    },
    async update(id, patch, now, states) {
      let q = db
        .updateTable('media_fixes')
        .set({
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
          ...(patch.fixedMediaId !== undefined ? { fixed_media_id: patch.fixedMediaId } : {}),
          ...(patch.error !== undefined ? { error: patch.error } : {}),
          updated_at: now,
        })
        .where('id', '=', id);
      if (states) q = q.where('status', 'in', [...states]);
      return changed(await q.executeTakeFirst());
    },
  };
}
