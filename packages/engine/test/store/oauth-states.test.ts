// Store conformance, pending OAuth connections (migration 008): the verifier is sealed at rest and
// the state is looked up by its hash; `claim` succeeds once, and never for an expired state, even
// when several callers race; expired rows are cleaned up by age.
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuthState } from '../../src/domain/types.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { encodingsOf, rawQuery } from '../support/raw-sql.js';
import { APP_ID, fixtureApp } from '../support/store-fixtures.js';

const VERIFIER = 'pkce-verifier-never-in-clear-0123456789abcdefghijklmnopqrstuv';

const pending = (o: Partial<OAuthState> = {}): OAuthState => ({
  id: 'oas_one',
  stateHash: 'a'.repeat(64),
  appId: APP_ID,
  codeVerifier: VERIFIER,
  redirectUri: 'https://tokpost.test/api/oauth/tiktok/callback',
  scopes: ['user.info.basic', 'video.publish'],
  accountId: null,
  createdAt: 1_000,
  expiresAt: 601_000,
  usedAt: null,
  ...o,
});

describe.each(DIALECTS)('store conformance: oauth states (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('stores the verifier sealed, finds a state by hash, claims it once and never after expiry', async () => {
    db = await createTestDatabase(dialect);
    const store = await openTestStore(db);
    try {
      await store.apps.insert(fixtureApp());
      await store.oauthStates.insert(pending());
      await store.oauthStates.insert(pending({ id: 'oas_two', stateHash: 'b'.repeat(64), accountId: null, expiresAt: 2_000 }));

      const rows = await rawQuery(db, 'select * from oauth_states order by id');
      expect(rows).toHaveLength(2);
      const text = JSON.stringify(rows);
      for (const form of encodingsOf(VERIFIER)) expect(text).not.toContain(form);
      expect(rows[0]!['code_verifier_enc']).toMatch(/^v1\./);

      expect(await store.oauthStates.getByHash('a'.repeat(64))).toEqual(pending());
      expect(await store.oauthStates.getByHash('c'.repeat(64))).toBeUndefined();

      // Several callbacks at once with the same state: exactly one wins.
      const claims = await Promise.all([0, 1, 2, 3].map(() => store.oauthStates.claim('oas_one', 5_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.oauthStates.getByHash('a'.repeat(64))).toEqual(pending({ usedAt: 5_000 }));
      expect(await store.oauthStates.claim('oas_one', 6_000)).toBe(false);

      // Expired at 2_000: no claim at or after it; the row stays unused.
      expect(await store.oauthStates.claim('oas_two', 2_000)).toBe(false);
      expect((await store.oauthStates.getByHash('b'.repeat(64)))?.usedAt).toBeNull();
      expect(await store.oauthStates.claim('oas_unknown', 1_500)).toBe(false);

      expect(await store.oauthStates.removeExpired(2_000)).toBe(0);
      expect(await store.oauthStates.removeExpired(2_001)).toBe(1);
      expect((await rawQuery(db, 'select id from oauth_states')).map((r) => r['id'])).toEqual(['oas_one']);
    } finally {
      await store.close();
    }
  });
});
