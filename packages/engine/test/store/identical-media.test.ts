// Store conformance on both databases for the identical-media check (ledger.accountsWithMedia):
// the other accounts with a live post of the same file (by SHA-256) due or sent within the
// window — walked through the file's posts when it has few, asked account by account when it has
// more than MANY_USES (migration 011); both ways answer the same accounts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { MANY_USES } from '../../src/store/repos/ledger-repo.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { ACCOUNT_ID, fixtureAccount, fixtureMedia, fixturePost, seedOwners } from '../support/store-fixtures.js';

const T = 1_780_000_000_000;
const HOUR = 3_600_000;
const OTHERS = ['acc_b', 'acc_c', 'acc_d', 'acc_e', 'acc_f', 'acc_g'];

describe.each(DIALECTS)('identical media across accounts (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await db?.drop();
    store = undefined;
    db = undefined;
  });

  async function open(): Promise<Store> {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
    await seedOwners(store);
    for (const [i, id] of OTHERS.entries()) await store.accounts.insert(fixtureAccount({ id, openId: `open-id-${id}`, createdAt: T + i }));
    // A second copy of med_a's file under another id: the check goes by content.
    await store.media.insert({ ...fixtureMedia('med_x'), sha256: fixtureMedia('med_a').sha256 });
    let n = 0;
    const post = (o: Parameters<typeof fixturePost>[0]) => store!.posts.insert(fixturePost({ id: `post_${n++}`, publishId: null, initStartedAt: null, state: 'scheduled', scheduledAt: T, ...o }));
    await post({ accountId: 'acc_b', mediaIds: ['med_a'] });
    await post({ accountId: 'acc_c', mediaIds: ['med_a'], state: 'cancelled' });
    await post({ accountId: 'acc_d', mediaIds: ['med_a'], scheduledAt: T + 30 * HOUR });
    await post({ accountId: 'acc_e', mediaIds: ['med_b'] });
    // Scheduled outside the window but sent inside it: the send time counts.
    await post({ accountId: 'acc_f', mediaIds: ['med_b', 'med_a'], state: 'published', scheduledAt: T - 40 * HOUR, initStartedAt: T - HOUR });
    await post({ accountId: 'acc_g', mediaIds: ['med_x'], scheduledAt: T + 2 * HOUR });
    await post({ accountId: ACCOUNT_ID, mediaIds: ['med_a'] });
    return store;
  }

  const check = (s: Store, limit = 100) => s.ledger.accountsWithMedia({ sha256: fixtureMedia('med_a').sha256, from: T - 24 * HOUR, to: T + 24 * HOUR, excludeAccountId: ACCOUNT_ID, limit });

  it('a file with few posts: the live posts of other accounts in the window', async () => {
    const s = await open();
    expect((await check(s)).sort()).toEqual(['acc_b', 'acc_f', 'acc_g']);
    expect(await check(s, 2)).toHaveLength(2);
    expect(await s.ledger.accountsWithMedia({ sha256: 'no-such-file', from: T - HOUR, to: T + HOUR, excludeAccountId: ACCOUNT_ID, limit: 100 })).toEqual([]);
  });

  it(`a file with more than ${MANY_USES} posts: the same accounts, asked account by account`, async () => {
    const s = await open();
    // The excluded account's own posts of the file, in the window and out of it.
    await s.transaction(async (tx) => {
      for (let i = 0; i < MANY_USES; i++) await tx.posts.insert(fixturePost({ id: `post_many_${i}`, accountId: ACCOUNT_ID, mediaIds: ['med_a'], publishId: null, initStartedAt: null, state: 'scheduled', scheduledAt: T + (i % 2 === 0 ? 0 : 60 * HOUR) }));
    });
    expect((await check(s)).sort()).toEqual(['acc_b', 'acc_f', 'acc_g']);
    expect(await check(s, 2)).toHaveLength(2);
  });
});
