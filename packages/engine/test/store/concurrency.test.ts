// Store conformance under real concurrency: several Store instances on one database (each its own
// SQLite connection or PostgreSQL pool, as separate worker processes would have) racing with
// Promise.all. Claims hand out every job exactly once and never two of one group at a time; the
// shared rate limit grants exactly `limit`; a media token is either used or revoked, never both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedJob, JobKind, Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStores, type TestDatabase } from '../support/databases.js';
import { fixturePost, seedOwners } from '../support/store-fixtures.js';

const CLAIMERS = 8;
const JOBS = 200;
const GROUPS = 40;
const KINDS: JobKind[] = ['publish', 'status', 'refresh', 'webhook'];

describe.each(DIALECTS)('store conformance: concurrency (%s)', (dialect) => {
  let db: TestDatabase;
  let stores: Store[];
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    stores = await openTestStores(db, CLAIMERS);
  });
  afterAll(async () => {
    await Promise.all((stores ?? []).map((s) => s.close()));
    await db?.drop();
  });

  const seedJobs = async (prefix: string) => {
    // Job i belongs to group i % 40: five per group, of mixed kinds, due in an interleaved order.
    await stores[0]!.transaction(async (tx) => {
      for (let i = 0; i < JOBS; i++) {
        await tx.jobs.upsert({ kind: KINDS[Math.floor(i / GROUPS) % KINDS.length]!, key: `${prefix}-${i}`, groupKey: `${prefix}-g${i % GROUPS}`, runAt: 1_000 + ((i * 7) % JOBS) }, 0);
      }
    });
  };
  // Workers may be limited to some kinds of work: then two claimers look at different jobs of one
  // group, and only the group check keeps them from both leasing one.
  const kindsOf = (i: number): JobKind[] | undefined => [undefined, ['publish', 'refresh'] as JobKind[], ['status', 'webhook'] as JobKind[]][i % 3];

  it(`${CLAIMERS} claimers in rounds claim all ${JOBS} jobs exactly once, one lease per group at a time`, async () => {
    await seedJobs('round');
    const claimedTimes = new Map<string, number>();
    let rounds = 0;
    for (; rounds < 50; rounds++) {
      const batches = await Promise.all(stores.map((s, i) => s.jobs.claim({ now: 5_000, owner: `w${i}`, limit: 10, leaseMs: 60_000, kinds: kindsOf(i) })));
      const all = batches.flat();
      if (all.length === 0) break;
      // Everything claimed in this round is leased at once: its groups must all differ.
      const groups = all.map((j) => j.groupKey);
      expect(new Set(groups).size).toBe(groups.length);
      for (const j of all) claimedTimes.set(j.key, (claimedTimes.get(j.key) ?? 0) + 1);
      const done = await Promise.all(batches.flatMap((batch, i) => batch.map((j) => stores[i]!.jobs.complete(j))));
      expect(done.every(Boolean)).toBe(true);
    }
    expect(claimedTimes.size).toBe(JOBS);
    expect([...claimedTimes.values()].every((n) => n === 1)).toBe(true);
    // Five jobs per group, one group lease per round: at least five rounds, and not endlessly more.
    expect(rounds).toBeGreaterThanOrEqual(5);
    expect(rounds).toBeLessThan(50);
    expect(await stores[0]!.jobs.count()).toBe(0);
  });

  it(`${CLAIMERS} free-running workers never hold two leases of one group at the same time`, async () => {
    await seedJobs('free');
    const held = new Set<string>();
    const completedBy = new Map<string, number>();
    let completed = 0;
    let overlaps = 0;
    const tick = () => new Promise<void>((r) => setImmediate(r));
    const worker = async (store: Store, owner: string, kinds: JobKind[] | undefined) => {
      for (let idle = 0; idle < 500 && completed < JOBS; ) {
        const got: ClaimedJob[] = await store.jobs.claim({ now: 5_000, owner, limit: 3, leaseMs: 60_000, kinds });
        if (got.length === 0) {
          idle += 1;
          await tick();
          continue;
        }
        idle = 0;
        // From the claim's answer until complete is called, the lease certainly lives: a group seen
        // twice inside such windows is a real double lease.
        for (const j of got) {
          if (held.has(j.groupKey!)) overlaps += 1;
          held.add(j.groupKey!);
        }
        await tick();
        for (const j of got) {
          held.delete(j.groupKey!);
          expect(await store.jobs.complete(j)).toBe(true);
          completedBy.set(j.key, (completedBy.get(j.key) ?? 0) + 1);
          completed += 1;
        }
      }
    };
    await Promise.all(stores.map((s, i) => worker(s, `free-w${i}`, kindsOf(i))));
    expect(overlaps).toBe(0);
    expect(completed).toBe(JOBS);
    expect(completedBy.size).toBe(JOBS);
    expect(await stores[0]!.jobs.count()).toBe(0);
  });

  it('20 concurrent acquirers on separate stores get exactly 6 grants in one window', async () => {
    const many = await openTestStores(db, 20, 1);
    try {
      const t0 = 1_780_000_000_000;
      const answers = await Promise.all(many.map((s, i) => s.rateLimits.tryAcquire('token:race', 6, 60_000, t0 + i)));
      const granted = answers.filter((a) => a.granted).length;
      expect(granted).toBe(6);
      const refused = answers.flatMap((a) => (a.granted ? [] : [a.retryAtMs]));
      expect(refused).toHaveLength(14);
      for (const at of refused) {
        expect(at).toBeGreaterThanOrEqual(t0 + 60_000);
        expect(at).toBeLessThanOrEqual(t0 + 60_019);
      }
      // Later the same window is still full for everyone.
      expect(await many[0]!.rateLimits.tryAcquire('token:race', 6, 60_000, t0 + 30_000)).toMatchObject({ granted: false });
    } finally {
      await Promise.all(many.map((s) => s.close()));
    }
  });

  it('use and revokeIfUnused racing on one token always end with exactly one winner', async () => {
    await seedOwners(stores[0]!);
    await stores[0]!.posts.insert(fixturePost({ id: 'race-post' }));
    const [puller, reviser] = [stores[1]!, stores[2]!];
    const tally = { used: 0, revoked: 0 };
    for (let i = 0; i < 60; i++) {
      await stores[0]!.mediaTokens.insert({ tokenHash: `race-hash-${i}`, postId: 'race-post', attemptId: `race-att-${i}`, expiresAt: 100_000, now: 1_000 });
      // Alternate who is sent first so both orders get raced.
      const use = () => puller.mediaTokens.use(`race-hash-${i}`, 2_000);
      const revoke = () => reviser.mediaTokens.revokeIfUnused(`race-att-${i}`, 2_000);
      const first = i % 2 === 0 ? use() : revoke();
      const second = i % 2 === 0 ? revoke() : use();
      const [a, b] = await Promise.all([first, second]);
      const [grant, outcome] = i % 2 === 0 ? [a, b] : [b, a];
      if (grant) {
        expect(grant).toEqual({ postId: 'race-post', attemptId: `race-att-${i}` });
        expect(outcome).toBe('already_used');
        tally.used += 1;
      } else {
        expect(outcome).toBe('revoked');
        expect(await puller.mediaTokens.use(`race-hash-${i}`, 2_001)).toBeUndefined();
        tally.revoked += 1;
      }
    }
    expect(tally.used + tally.revoked).toBe(60);
    // Each side won some races: both orders were really played out.
    expect(tally.used).toBeGreaterThan(0);
    expect(tally.revoked).toBeGreaterThan(0);
  });
});
