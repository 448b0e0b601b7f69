// Store conformance on both databases for what migration 010-post-paging serves: the keyset page of
// posts (ties in time broken by id, unscheduled posts by their creation time, filters), the webhook
// signatures a replay is checked against, and the counts behind /metrics.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { ACCOUNT_ID, fixtureAttempt, fixturePost, OTHER_ACCOUNT_ID, seedOwners } from '../support/store-fixtures.js';

const T = 1_780_000_000_000;

describe.each(DIALECTS)('paging, webhook signatures and metrics (%s)', (dialect) => {
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
    return store;
  }

  it('pages posts by (scheduled time, else creation time; id) from a key, with filters', async () => {
    const s = await open();
    const post = (id: string, scheduledAt: number | null, o: Parameters<typeof fixturePost>[0] = {}) =>
      s.posts.insert(fixturePost({ id, scheduledAt, createdAt: T, state: 'scheduled', publishId: null, ...o }));
    await post('post_c', T + 2_000);
    await post('post_a', T + 2_000);
    await post('post_b', T + 2_000, { accountId: OTHER_ACCOUNT_ID });
    await post('post_d', null, { createdAt: T + 1_000, state: 'draft' });
    await post('post_e', T + 5_000, { state: 'failed' });
    await post('post_f', T - 1, { state: 'cancelled' });

    const ids = async (f: Parameters<Store['posts']['page']>[0]) => (await s.posts.page(f)).map((p) => p.id);
    expect(await ids({ limit: 10 })).toEqual(['post_f', 'post_d', 'post_a', 'post_b', 'post_c', 'post_e']);
    expect(await ids({ limit: 2 })).toEqual(['post_f', 'post_d']);
    expect(await ids({ limit: 2, after: { at: T + 1_000, id: 'post_d' } })).toEqual(['post_a', 'post_b']);
    expect(await ids({ limit: 2, after: { at: T + 2_000, id: 'post_b' } })).toEqual(['post_c', 'post_e']);
    expect(await ids({ limit: 10, accountId: ACCOUNT_ID, after: { at: T + 2_000, id: 'post_a' } })).toEqual(['post_c', 'post_e']);
    expect(await ids({ limit: 10, states: ['draft', 'failed'] })).toEqual(['post_d', 'post_e']);
    expect(await ids({ limit: 10, from: T + 1_000, to: T + 2_000 })).toEqual(['post_d', 'post_a', 'post_b', 'post_c']);
    // Posts come with their media, in order.
    expect((await s.posts.page({ limit: 1 }))[0]!.mediaIds).toEqual(['med_c', 'med_a', 'med_b']);
  });

  it('claims a webhook signature once, and forgets old ones', async () => {
    const s = await open();
    expect(await s.webhookSignatures.claim('sig_1', T)).toBe(true);
    expect(await s.webhookSignatures.claim('sig_1', T + 5)).toBe(false);
    expect(await s.webhookSignatures.claim('sig_2', T + 10)).toBe(true);
    expect(await s.webhookSignatures.prune(T + 10)).toBe(1);
    expect(await s.webhookSignatures.claim('sig_1', T + 20)).toBe(true);
    expect(await s.webhookSignatures.claim('sig_2', T + 20)).toBe(false);
  });

  it('counts the queue, posts by state and reason, stuck posts and TikTok calls', async () => {
    const s = await open();
    const now = T + 3_600_000;
    await s.posts.insert(fixturePost({ id: 'post_due', state: 'scheduled', scheduledAt: now - 20 * 60_000, updatedAt: now - 20 * 60_000, publishId: null }));
    await s.posts.insert(fixturePost({ id: 'post_later', state: 'scheduled', scheduledAt: now + 60_000, updatedAt: now - 20 * 60_000, publishId: null }));
    await s.posts.insert(fixturePost({ id: 'post_failed', state: 'failed', stateReason: 'spam_risk_user_banned_from_posting', publishId: null }));
    await s.posts.insert(fixturePost({ id: 'post_held', state: 'needs_action', stateReason: null, publishId: null }));
    await s.posts.insert(fixturePost({ id: 'post_proc', state: 'processing', initStartedAt: now - 26 * 3_600_000, publishId: 'p_1' }));
    await s.jobs.upsert({ kind: 'publish', key: 'publish:post_due', groupKey: `account:${ACCOUNT_ID}`, postId: 'post_due', runAt: now - 20 * 60_000 }, now);
    await s.jobs.upsert({ kind: 'publish', key: 'publish:post_later', groupKey: `account:${OTHER_ACCOUNT_ID}`, postId: 'post_later', runAt: now + 60_000 }, now);
    await s.jobs.upsert({ kind: 'status', key: 'status:post_proc', groupKey: null, postId: 'post_proc', runAt: now - 1_000 }, now);
    // The status job is held by a live lease: queued, but not "due and unclaimed".
    await s.jobs.claim({ now, owner: 'wrk_1', limit: 10, leaseMs: 60_000, kinds: ['status'] });
    await s.attempts.insert(fixtureAttempt({ id: 'att_1', postId: 'post_due', endpoint: 'creator_info', kind: 'creator_info', outcome: 'ok' }));
    await s.attempts.insert(fixtureAttempt({ id: 'att_2', postId: 'post_due', endpoint: 'creator_info', kind: 'creator_info', outcome: 'error', errorCode: 'spam_risk_user_banned_from_posting' }));
    await s.attempts.insert(fixtureAttempt({ id: 'att_3', postId: 'post_due', endpoint: 'video_init', outcome: 'ok' }));

    const c = await s.metrics.counts(now, { scheduledMs: 15 * 60_000, publishingMs: 90 * 60_000, processingMs: 25 * 3_600_000 });
    const sorted = <T extends Record<string, unknown>>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(c.jobsByKind)).toEqual([
      { kind: 'publish', count: 2 },
      { kind: 'status', count: 1 },
    ]);
    expect(c.dueUnclaimed).toEqual([{ kind: 'publish', count: 1, maxLatenessMs: 20 * 60_000 }]);
    expect(sorted(c.postsByState)).toEqual(
      sorted([
        { state: 'scheduled', count: 2 },
        { state: 'failed', count: 1 },
        { state: 'needs_action', count: 1 },
        { state: 'processing', count: 1 },
      ]),
    );
    expect(sorted(c.troubledByReason)).toEqual(
      sorted([
        { state: 'failed', reason: 'spam_risk_user_banned_from_posting', count: 1 },
        { state: 'needs_action', reason: null, count: 1 },
      ]),
    );
    expect(sorted(c.stuckByState)).toEqual(
      sorted([
        { state: 'scheduled', count: 1 },
        { state: 'processing', count: 1 },
      ]),
    );
    expect(sorted(c.tiktokCalls)).toEqual(
      sorted([
        { endpoint: 'creator_info', code: 'ok', count: 1 },
        { endpoint: 'creator_info', code: 'spam_risk_user_banned_from_posting', count: 1 },
        { endpoint: 'video_init', code: 'ok', count: 1 },
      ]),
    );
  });
});
