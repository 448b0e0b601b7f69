// The policy layer's state (docs/architecture.md §2.5): per-account caps, what TikTok taught us
// about them, pauses, the publish-time cap policy and the last creator_info seen; and an app's cap
// of distinct posting creators.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_policies')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('daily_post_cap', 'integer')
    .addColumn('learned_post_cap', 'integer')
    .addColumn('learned_cap_at', 'bigint')
    .addColumn('paused_until', 'bigint')
    .addColumn('paused_reason', 'text')
    .addColumn('cap_policy', 'text')
    .addColumn('creator_info', 'text')
    .addColumn('creator_info_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('apps').addColumn('active_creator_cap', 'integer').execute();
  // The ledgers read init attempts of an account over a time window.
  await db.schema.createIndex('attempts_account_kind').on('attempts').columns(['account_id', 'kind', 'started_at']).execute();
  // The identical-media check finds the posts of a file.
  await db.schema.createIndex('post_media_media').on('post_media').column('media_id').execute();
}
