// Keys for the REST API: `tp_` + 32 random bytes (base64url). The plain key is answered once, by
// `create`; the store keeps only its SHA-256, so `verify` hashes what a caller presents and looks
// the hash up. A revoked key stays listed (with `revokedAt`) and never verifies again.
import { createHash } from 'node:crypto';
import type { ApiKey } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { invalidInput, notFound } from '../errors.js';

export const API_KEY_PREFIX = 'tp_';
/** Characters of the key kept in clear for listings: `tp_` and four of the random part. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 4;
const MAX_NAME = 100;

/** A key as callers may see it: never its hash. */
export type ApiKeyView = Omit<ApiKey, 'keyHash'>;

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  /** The key itself, shown this once. */
  key: string;
}

export interface ApiKeysService {
  create(input: { name: string }): Promise<CreatedApiKey>;
  list(): Promise<ApiKeyView[]>;
  revoke(id: string): Promise<ApiKeyView>;
  /** The key's record when `key` is a live key; undefined when unknown, malformed or revoked. */
  verify(key: string): Promise<ApiKeyView | undefined>;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export function viewApiKey(k: ApiKey): ApiKeyView {
  const { keyHash: _h, ...rest } = k;
  return rest;
}

export function createApiKeysService(deps: EngineDeps): ApiKeysService {
  const { store, clock, ids } = deps;
  return {
    async create(input) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > MAX_NAME) throw invalidInput([{ field: 'name', message: `required: 1 to ${MAX_NAME} characters saying who or what uses the key` }]);
      const key = `${API_KEY_PREFIX}${ids.secret(32)}`;
      const record: ApiKey = { id: ids.next('key'), name, keyHash: hashApiKey(key), prefix: key.slice(0, SHOWN_CHARS), createdAt: clock.now(), revokedAt: null };
      await store.apiKeys.insert(record);
      return { apiKey: viewApiKey(record), key };
    },
    async list() {
      return (await store.apiKeys.list()).map(viewApiKey);
    },
    async revoke(id) {
      await store.apiKeys.revoke(id, clock.now());
      const found = await store.apiKeys.get(id);
      if (!found) throw notFound('API key', id);
      return viewApiKey(found);
    },
    async verify(key) {
      if (typeof key !== 'string' || !key.startsWith(API_KEY_PREFIX)) return undefined;
      const found = await store.apiKeys.getByHash(hashApiKey(key));
      return found && found.revokedAt === null ? viewApiKey(found) : undefined;
    },
  };
}
