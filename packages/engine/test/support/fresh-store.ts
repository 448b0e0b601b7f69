// A fresh database and store per test of a describe block, closed and dropped after the test.
import { afterEach } from 'vitest';
import type { Dialect, Store } from '../../src/index.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './databases.js';

export function freshStores(dialect: Dialect): () => Promise<{ db: TestDatabase; store: Store }> {
  let opened: { db: TestDatabase; store: Store } | undefined;
  afterEach(async () => {
    if (!opened) return;
    const { db, store } = opened;
    opened = undefined;
    await store.close();
    await db.drop();
  });
  return async () => {
    const db = await createTestDatabase(dialect);
    opened = { db, store: await openTestStore(db) };
    return opened;
  };
}
