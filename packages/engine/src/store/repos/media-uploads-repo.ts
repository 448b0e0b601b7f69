// Resumable upload sessions (migration 009). `advance` is one conditional update on the count the
// caller saw, so two chunks for the same offset cannot both be counted.
import type { MediaUploadsRepo } from '../../domain/store-port.js';
import type { MediaUpload } from '../../domain/types.js';
import type { MediaUploadsTable } from '../schema.js';
import { changed, type RepoContext } from './context.js';

const fromRow = (r: MediaUploadsTable): MediaUpload => ({
  id: r.id,
  fileName: r.file_name,
  declaredSize: r.declared_size,
  receivedBytes: r.received_bytes,
  tempPath: r.temp_path,
  mediaId: r.media_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  expiresAt: r.expires_at,
});

export function createMediaUploadsRepo(ctx: RepoContext): MediaUploadsRepo {
  const { db } = ctx;
  return {
    async insert(u) {
      await db
        .insertInto('media_uploads')
        .values({
          id: u.id,
          file_name: u.fileName,
          declared_size: u.declaredSize,
          received_bytes: u.receivedBytes,
          temp_path: u.tempPath,
          media_id: u.mediaId,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
          expires_at: u.expiresAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('media_uploads').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async advance(id, from, to, now) {
      const r = await db
        .updateTable('media_uploads')
        .set({ received_bytes: to, updated_at: now })
        .where('id', '=', id)
        .where('received_bytes', '=', from)
        .where('media_id', 'is', null)
        .executeTakeFirst();
      return changed(r);
    },
    async complete(id, mediaId, now) {
      const r = await db.updateTable('media_uploads').set({ media_id: mediaId, updated_at: now }).where('id', '=', id).where('media_id', 'is', null).executeTakeFirst();
      return changed(r);
    },
    async listExpired(now, limit) {
      const rows = await db.selectFrom('media_uploads').selectAll().where('expires_at', '<=', now).where('media_id', 'is', null).orderBy('expires_at').orderBy('id').limit(limit).execute();
      return rows.map(fromRow);
    },
    async remove(id) {
      await db.deleteFrom('media_uploads').where('id', '=', id).execute();
    },
  };
}
