// API keys of the REST server (docs/architecture.md §1, apps/server): only a SHA-256 of each key is
// kept, so a copy of the database never hands out working keys. `prefix` (the first characters of
// the key) lets a person tell keys apart in a listing; a revoked key keeps its row for the record.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
}
