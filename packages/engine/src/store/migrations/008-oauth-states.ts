// Pending OAuth connections (docs/connect.md): one row per authorize URL handed out. The `state`
// TikTok echoes back is kept only as its SHA-256 (a copy of the database cannot complete anyone's
// connection), the PKCE code verifier is sealed like the tokens, and `used_at` makes a state single
// use: the callback claims it with one conditional update.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('code_verifier_enc', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_states_expires').on('oauth_states').column('expires_at').execute();
}
