// Store conformance, jobs: deduplication by key, what a claim may take (due, oldest first, one per
// group, none from a busy group), leases that expire and fence the old holder, retry bookkeeping,
// the worker's next wake-up, and the per-account operations.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimedJob, JobSpec, Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { clearTables } from '../support/raw-sql.js';

const job = (key: string, runAt: number, groupKey: string | null = null, o: Partial<JobSpec> = {}): JobSpec => ({ kind: 'publish', key, groupKey, runAt, ...o });
const keys = (jobs: readonly { key: string }[]) => jobs.map((j) => j.key);

describe.each(DIALECTS)('store conformance: jobs (%s)', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
  });
  beforeEach(() => clearTables(db));
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const claim = (now: number, owner = 'w1', limit = 10, leaseMs = 30_000, kinds?: JobSpec['kind'][]) => store.jobs.claim({ now, owner, limit, leaseMs, kinds });

  it('upsert deduplicates by key: a second upsert moves runAt and payload, keeping one row', async () => {
    await store.jobs.upsert(job('publish:p1', 5_000, 'acc:1', { postId: 'p1', accountId: 'a1', payload: { v: 1 } }), 1_000);
    await store.jobs.upsert(job('publish:p1', 9_000, 'acc:1', { postId: 'p1', accountId: 'a1', payload: { v: 2 } }), 2_000);
    expect(await store.jobs.count()).toBe(1);
    expect(await store.jobs.get('publish:p1')).toEqual({
      id: expect.stringMatching(/^job_[a-z2-9]{20}$/),
      kind: 'publish',
      key: 'publish:p1',
      groupKey: 'acc:1',
      postId: 'p1',
      accountId: 'a1',
      runAt: 9_000,
      attempts: 0,
      payload: { v: 2 },
      lastError: null,
    });
    expect(await store.jobs.get('publish:nope')).toBeUndefined();
  });

  it('an upsert of a leased job moves it but keeps the lease', async () => {
    await store.jobs.upsert(job('k', 1_000), 0);
    const [held] = await claim(2_000);
    await store.jobs.upsert(job('k', 1_500), 2_500);
    expect(await claim(3_000, 'w2')).toEqual([]);
    expect((await store.jobs.get('k'))?.runAt).toBe(1_500);
    expect(await store.jobs.complete(held!)).toBe(true);
    expect(await store.jobs.count()).toBe(0);
  });

  it('claim takes only due jobs (runAt <= now), oldest first, and writes the lease', async () => {
    await store.jobs.upsert(job('c', 3_000, null, { kind: 'status', postId: 'p3', accountId: 'a3', payload: { poll: 2 } }), 0);
    await store.jobs.upsert(job('a', 1_000), 0);
    await store.jobs.upsert(job('exact', 5_000), 0);
    await store.jobs.upsert(job('b', 2_000), 0);
    await store.jobs.upsert(job('later', 5_001), 0);
    const got = await claim(5_000, 'worker-a', 10, 30_000);
    expect(keys(got)).toEqual(['a', 'b', 'c', 'exact']);
    expect(got[2]).toEqual({
      id: expect.stringMatching(/^job_/),
      kind: 'status',
      key: 'c',
      groupKey: null,
      postId: 'p3',
      accountId: 'a3',
      runAt: 3_000,
      attempts: 0,
      payload: { poll: 2 },
      lastError: null,
      leaseOwner: 'worker-a',
      leaseToken: expect.stringMatching(/^[A-Za-z0-9_-]{8,}$/),
      leaseExpiresAt: 35_000,
    });
    // Claimed jobs are not claimable again while their lease lives; the future one is not due.
    expect(await claim(5_000, 'worker-b')).toEqual([]);
    expect(keys(await claim(5_001, 'worker-b'))).toEqual(['later']);
  });

  it('claim honours limit and kinds', async () => {
    for (const [k, t] of [['p1', 1], ['p2', 2], ['p3', 3]] as const) await store.jobs.upsert(job(k, t), 0);
    await store.jobs.upsert(job('r1', 0, null, { kind: 'refresh' }), 0);
    expect(keys(await claim(10, 'w', 10, 1_000, ['publish']))).toEqual(['p1', 'p2', 'p3']);
    expect(keys(await claim(10, 'w', 1))).toEqual(['r1']);
  });

  it('never two jobs of one group in a claim, none from a group with a live lease; null groups are independent', async () => {
    await store.jobs.upsert(job('g1-first', 1_000, 'acc:1'), 0);
    await store.jobs.upsert(job('g1-second', 1_100, 'acc:1'), 0);
    await store.jobs.upsert(job('free-1', 1_200), 0);
    await store.jobs.upsert(job('free-2', 1_300), 0);
    await store.jobs.upsert(job('g2-only', 1_400, 'acc:2'), 0);
    const first = await claim(5_000);
    expect(keys(first)).toEqual(['g1-first', 'free-1', 'free-2', 'g2-only']);
    // acc:1 is busy with g1-first: g1-second waits even though it is due.
    expect(await claim(5_000, 'w2')).toEqual([]);
    expect(await store.jobs.complete(first[0]!)).toBe(true);
    expect(keys(await claim(5_000, 'w2'))).toEqual(['g1-second']);
  });

  it('a lease expires after leaseMs; the old holder is then fenced off and changes nothing', async () => {
    await store.jobs.upsert(job('k', 1_000, 'acc:1'), 0);
    const [old] = await claim(1_000, 'w1', 10, 30_000);
    expect(old?.leaseExpiresAt).toBe(31_000);
    expect(await claim(30_999, 'w2')).toEqual([]);
    const [now] = await claim(31_000, 'w2', 10, 30_000);
    expect(now).toMatchObject({ key: 'k', leaseOwner: 'w2', leaseExpiresAt: 61_000 });
    expect(now!.leaseToken).not.toBe(old!.leaseToken);

    expect(await store.jobs.renew(old!, 99_000, 31_001)).toBe(false);
    expect(await store.jobs.retryAt(old!, 40_000, 'stale', 31_001)).toBe(false);
    expect(await store.jobs.release(old!, 31_001)).toBe(false);
    expect(await store.jobs.complete(old!)).toBe(false);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 1_000, attempts: 0, lastError: null });
    // w2 still holds it: its lease is the one that lives (until 61 000), and it can finish.
    expect(await claim(60_999, 'w3')).toEqual([]);
    expect(await store.jobs.renew(now!, 90_000, 31_002)).toBe(true);
    expect(await claim(89_999, 'w3')).toEqual([]);
    expect(await store.jobs.complete(now!)).toBe(true);
    expect(await store.jobs.get('k')).toBeUndefined();
  });

  it('retryAt releases the job to run at runAt and counts attempts: increment (default), keep, reset', async () => {
    await store.jobs.upsert(job('k', 1_000), 0);
    const claimAt = async (t: number): Promise<ClaimedJob> => {
      const [j] = await claim(t);
      if (!j) throw new Error(`nothing claimable at ${t}`);
      return j;
    };
    expect(await store.jobs.retryAt(await claimAt(1_000), 2_000, 'timeout', 1_001)).toBe(true);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 2_000, attempts: 1, lastError: 'timeout' });
    expect(await claim(1_999)).toEqual([]);
    expect(await store.jobs.retryAt(await claimAt(2_000), 3_000, 'again', 2_001, 'increment')).toBe(true);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 3_000, attempts: 2, lastError: 'again' });
    expect(await store.jobs.retryAt(await claimAt(3_000), 4_000, null, 3_001, 'keep')).toBe(true);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 4_000, attempts: 2, lastError: null });
    const fourth = await claimAt(4_000);
    expect(fourth.attempts).toBe(2);
    expect(await store.jobs.retryAt(fourth, 5_000, null, 4_001, 'reset')).toBe(true);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 5_000, attempts: 0, lastError: null });
    // A retried job's lease is gone: the token that held it fences nothing any more.
    expect(await store.jobs.renew(fourth, 9_000, 4_002)).toBe(false);
  });

  it('release lets go without moving the job: it is claimable again at once', async () => {
    await store.jobs.upsert(job('k', 1_000, 'acc:1'), 0);
    const [j] = await claim(2_000);
    expect(await store.jobs.release(j!, 2_001)).toBe(true);
    expect(await store.jobs.get('k')).toMatchObject({ runAt: 1_000, attempts: 0 });
    expect(keys(await claim(2_002, 'w2'))).toEqual(['k']);
  });

  it('nextDueAt: the earliest due job outside busy groups, or the earliest lease expiry', async () => {
    expect(await store.jobs.nextDueAt(0)).toBeUndefined();
    await store.jobs.upsert(job('g1-a', 1_000, 'acc:1'), 0);
    await store.jobs.upsert(job('g1-b', 2_000, 'acc:1'), 0);
    await store.jobs.upsert(job('free', 8_000), 0);
    expect(await store.jobs.nextDueAt(500)).toBe(1_000);
    await claim(1_000, 'w1', 1, 10_000); // g1-a, lease until 11 000
    // g1-b (2 000) waits for acc:1's lease and does not count; `free` is next.
    expect(await store.jobs.nextDueAt(3_000)).toBe(8_000);
    await store.jobs.deleteByKey('free');
    expect(await store.jobs.nextDueAt(3_000)).toBe(11_000);
    // Once the lease has expired the group is free again and g1-b is overdue.
    expect(await store.jobs.nextDueAt(11_000)).toBe(1_000);
  });

  it('deleteForAccount removes the account’s jobs of the given kinds only', async () => {
    await store.jobs.upsert(job('a1-publish', 1, null, { kind: 'publish', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a1-status', 1, null, { kind: 'status', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a1-refresh', 1, null, { kind: 'refresh', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a2-status', 1, null, { kind: 'status', accountId: 'a2' }), 0);
    await store.jobs.deleteForAccount('a1', []);
    expect(await store.jobs.count()).toBe(4);
    await store.jobs.deleteForAccount('a1', ['publish', 'status']);
    expect(await store.jobs.get('a1-publish')).toBeUndefined();
    expect(await store.jobs.get('a1-status')).toBeUndefined();
    expect((await store.jobs.get('a1-refresh'))?.key).toBe('a1-refresh');
    expect((await store.jobs.get('a2-status'))?.key).toBe('a2-status');
    expect(await store.jobs.count({ kind: 'status' })).toBe(1);
    expect(await store.jobs.count({ kind: 'refresh' })).toBe(1);
  });

  it('wakeForAccount makes the account’s future jobs of the given kinds due now, leaving the rest', async () => {
    await store.jobs.upsert(job('a1-status-late', 90_000, null, { kind: 'status', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a1-status-due', 500, null, { kind: 'status', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a1-publish-late', 90_000, null, { kind: 'publish', accountId: 'a1' }), 0);
    await store.jobs.upsert(job('a2-status-late', 90_000, null, { kind: 'status', accountId: 'a2' }), 0);
    await store.jobs.wakeForAccount('a1', ['status'], 2_000);
    expect((await store.jobs.get('a1-status-late'))?.runAt).toBe(2_000);
    expect((await store.jobs.get('a1-status-due'))?.runAt).toBe(500);
    expect((await store.jobs.get('a1-publish-late'))?.runAt).toBe(90_000);
    expect((await store.jobs.get('a2-status-late'))?.runAt).toBe(90_000);
    expect(keys(await claim(2_000))).toEqual(['a1-status-due', 'a1-status-late']);
  });

  it('a transaction commits all its writes or none', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.jobs.upsert(job('rolled-back', 1), 0);
        await tx.meta.set('rolled-back', 'yes');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.jobs.get('rolled-back')).toBeUndefined();
    expect(await store.meta.get('rolled-back')).toBeUndefined();
    await store.transaction(async (tx) => {
      await tx.jobs.upsert(job('kept', 1), 0);
      await tx.meta.set('kept', 'yes');
    });
    expect((await store.jobs.get('kept'))?.key).toBe('kept');
    expect(await store.meta.get('kept')).toBe('yes');
  });
});
