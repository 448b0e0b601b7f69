// Claims read due jobs in (run_at, id) order and stop after a page (store/repos/job-rows.ts): an
// index on both columns lets them walk it instead of sorting every due row.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_due').on('jobs').columns(['run_at', 'id']).execute();
  await db.schema.dropIndex('jobs_run_at').execute();
}
