// The Display API's confirmation of a published post (docs/architecture.md §2.7): the video id
// TikTok's video/query answered for, its embed link and when tokpost confirmed it. TikTok's own
// link lives in the existing `share_url` column.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('tiktok_video_id', 'text').execute();
  await db.schema.alterTable('posts').addColumn('embed_link', 'text').execute();
  await db.schema.alterTable('posts').addColumn('confirmed_at', 'bigint').execute();
}
