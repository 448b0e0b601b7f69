// Paging posts, receiving TikTok's webhooks, and reading the operations metrics:
// - posts are paged in (time, id) order, time being the scheduled time or else the creation time
//   (services/post-paging.ts); one expression index for the whole list, one per account and one per
//   state, so each filter is a range scan however many posts there are. The expression is written
//   exactly as the queries write it (store/repos/posts-repo.ts PAGE_TIME).
// - webhook_signatures: each TikTok signature accepted, for as long as its timestamp is within the
//   tolerance, so a delivery replayed byte for byte is refused (pipeline/webhook-receipt.ts).
// - attempts by endpoint and code: the TikTok-calls metric groups on them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index posts_page on posts ((coalesce(scheduled_at, created_at)), id)`.execute(db);
  await sql`create index posts_account_page on posts (account_id, (coalesce(scheduled_at, created_at)), id)`.execute(db);
  await sql`create index posts_state_page on posts (state, (coalesce(scheduled_at, created_at)), id)`.execute(db);

  await db.schema
    .createTable('webhook_signatures')
    .addColumn('signature_hash', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_signatures_received').on('webhook_signatures').column('received_at').execute();

  await db.schema.createIndex('attempts_endpoint_code').on('attempts').columns(['endpoint', 'error_code']).execute();
}
