// Media arriving over the REST API (docs/media.md): resumable upload sessions and fix runs.
// - media_uploads: one row per resumable upload. `received_bytes` is what is safely on disk in
//   `temp_path`, so a client that lost its connection asks for it and resumes from there; the row
//   remembers the media it became (`media_id`) so a repeated last chunk answers the same asset.
// - media_fixes: one row per fix of a media asset, run by a `fix` job. `progress` (0..1) is written
//   as ffmpeg reports it; a finished fix points at the new asset it registered (`fixed_media_id`).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('declared_size', 'bigint', (c) => c.notNull())
    .addColumn('received_bytes', 'bigint', (c) => c.notNull())
    .addColumn('temp_path', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_uploads_expires').on('media_uploads').column('expires_at').execute();

  await db.schema
    .createTable('media_fixes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'double precision', (c) => c.notNull())
    .addColumn('fixed_media_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_fixes_media').on('media_fixes').columns(['media_id', 'created_at']).execute();
}
