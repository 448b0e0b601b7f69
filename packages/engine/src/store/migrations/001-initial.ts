// The initial schema. Written once with Kysely's schema builder for both dialects: the column types
// used (text, integer, bigint) mean the same on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('engine_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_key', 'text', (c) => c.notNull().unique())
    .addColumn('client_secret_enc', 'text', (c) => c.notNull())
    .addColumn('audited', 'integer', (c) => c.notNull())
    .addColumn('verified_url_prefixes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('open_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('access_token_enc', 'text', (c) => c.notNull())
    .addColumn('refresh_token_enc', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('refresh_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_message', 'text')
    .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('last_refresh_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('accounts_app_open_id', ['app_id', 'open_id'])
    .execute();
  await db.schema.createIndex('accounts_open_id').on('accounts').column('open_id').execute();

  await db.schema
    .createTable('media_assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('probe', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_assets_sha256').on('media_assets').column('sha256').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('privacy_level', 'text')
    .addColumn('allow_comment', 'integer', (c) => c.notNull())
    .addColumn('allow_duet', 'integer', (c) => c.notNull())
    .addColumn('allow_stitch', 'integer', (c) => c.notNull())
    .addColumn('brand_organic', 'integer', (c) => c.notNull())
    .addColumn('brand_content', 'integer', (c) => c.notNull())
    .addColumn('ai_generated', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('photo_cover_index', 'integer', (c) => c.notNull())
    .addColumn('video_cover_timestamp_ms', 'integer')
    .addColumn('auto_add_music', 'integer', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    .addColumn('publish_if_late', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('state_message', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('publish_id', 'text')
    .addColumn('tiktok_post_ids', 'text', (c) => c.notNull())
    .addColumn('share_url', 'text')
    .addColumn('init_started_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('init_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_account_state').on('posts').columns(['account_id', 'state']).execute();
  await db.schema.createIndex('posts_state_scheduled').on('posts').columns(['state', 'scheduled_at']).execute();
  await db.schema.createIndex('posts_publish_id').on('posts').column('publish_id').execute();

  await db.schema
    .createTable('post_media')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull().references('media_assets.id'))
    .addPrimaryKeyConstraint('post_media_pk', ['post_id', 'position'])
    .execute();

  await db.schema
    .createTable('post_events')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('message', 'text')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('post_events_pk', ['post_id', 'seq'])
    .execute();

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('duration_ms', 'integer')
    .addColumn('request_summary', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('fail_reason', 'text')
    .addColumn('log_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('publish_id', 'text')
    .addColumn('source', 'text')
    .addColumn('upload_url_enc', 'text')
    .addColumn('upload_expires_at', 'bigint')
    .addColumn('video_size', 'bigint')
    .addColumn('chunk_size', 'bigint')
    .execute();
  await db.schema.createIndex('attempts_post').on('attempts').columns(['post_id', 'started_at']).execute();
  await db.schema.createIndex('attempts_account').on('attempts').columns(['account_id', 'started_at']).execute();
  await db.schema.createIndex('attempts_publish_id').on('attempts').column('publish_id').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('group_key', 'text')
    .addColumn('post_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_token', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_run_at').on('jobs').column('run_at').execute();
  await db.schema.createIndex('jobs_group_lease').on('jobs').columns(['group_key', 'lease_expires_at']).execute();
  await db.schema.createIndex('jobs_account').on('jobs').column('account_id').execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('publish_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .addColumn('outcome', 'text')
    .execute();

  await db.schema
    .createTable('media_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('first_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_tokens_attempt').on('media_tokens').column('attempt_id').execute();

  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_key_at').on('rate_limit_hits').columns(['key', 'at']).execute();
}
