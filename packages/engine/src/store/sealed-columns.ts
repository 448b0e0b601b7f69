// Every column that holds a sealed secret (crypto/secret-box.ts), with the key that finds its row:
// the one list a key rotation walks (store/reseal.ts). A table that gains a sealed column adds it
// here, and the rotation test fails until it does (it checks every `*_enc` column is listed).
export interface SealedColumns {
  table: string;
  key: string;
  columns: readonly string[];
  /** Only rows whose key matches (engine_meta holds one sealed row among plain ones). */
  onlyKey?: string;
}

export const SEALED_COLUMNS: readonly SealedColumns[] = [
  { table: 'apps', key: 'id', columns: ['client_secret_enc'] },
  { table: 'accounts', key: 'id', columns: ['access_token_enc', 'refresh_token_enc'] },
  { table: 'attempts', key: 'id', columns: ['upload_url_enc'] },
  { table: 'notification_endpoints', key: 'id', columns: ['secret_enc'] },
  { table: 'oauth_states', key: 'id', columns: ['code_verifier_enc'] },
  { table: 'engine_meta', key: 'key', columns: ['value'], onlyKey: 'encryption_key_check' },
];
