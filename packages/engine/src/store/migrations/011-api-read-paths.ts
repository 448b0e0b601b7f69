// Indexes for the API's hottest reads with a full database (bench/api.ts):
// - one account's posts in one state, in page order: the per-account and per-state page indexes
//   of 010 each leave the other filter to a scan of every post of that account or state;
// - the identical-media check (store/repos/ledger-repo.ts accountsWithMedia): a media shared by
//   many posts is answered by asking each other account for one live post in the time window,
//   a seek on (account, post time); a rarely used media still walks its own posts, now from an
//   index that holds the post id too, so the walk never reads post_media's rows.
// The time expressions are written exactly as the queries write them: both SQLite and PostgreSQL
// use an expression index only for the same expression.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index posts_account_state_page on posts (account_id, state, (coalesce(scheduled_at, created_at)), id)`.execute(db);
  await sql`create index posts_account_live_at on posts (account_id, (coalesce(init_started_at, scheduled_at, created_at)))`.execute(db);
  await db.schema.createIndex('post_media_media_post').on('post_media').columns(['media_id', 'post_id']).execute();
  await db.schema.dropIndex('post_media_media').execute();
}
