// Store conformance, posts and their timeline: every field survives a round-trip (media order,
// TikTok's post ids as exact decimal strings), a guarded update that fails changes nothing, the
// lookups and the local post ledger, list filters and order, and per-post event numbering.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Post, Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { clearTables } from '../support/raw-sql.js';
import { ACCOUNT_ID, fixturePost, OTHER_ACCOUNT_ID, seedOwners } from '../support/store-fixtures.js';

const ids = (posts: readonly Post[]) => posts.map((p) => p.id);

describe.each(DIALECTS)('store conformance: posts and timeline (%s)', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
  });
  beforeEach(async () => {
    await clearTables(db);
    await seedOwners(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('insert/get round-trips every field, media order and post ids as exact strings included', async () => {
    await store.posts.insert(fixturePost());
    expect(await store.posts.get('post_fixture')).toEqual({
      id: 'post_fixture',
      accountId: 'acc_fixture',
      kind: 'photo',
      mediaIds: ['med_c', 'med_a', 'med_b'],
      title: 'A carousel – with ünïcode and "quotes"',
      description: 'Line one\nline two',
      privacyLevel: 'MUTUAL_FOLLOW_FRIENDS',
      allowComment: true,
      allowDuet: false,
      allowStitch: true,
      brandOrganic: true,
      brandContent: false,
      aiGenerated: true,
      mode: 'direct',
      source: 'PULL_FROM_URL',
      photoCoverIndex: 2,
      videoCoverTimestampMs: 1500,
      autoAddMusic: true,
      scheduledAt: 1_780_003_600_000,
      publishIfLate: false,
      state: 'processing',
      stateReason: 'sent',
      stateMessage: 'TikTok has the post.',
      version: 4,
      publishId: 'p_pub_fixture_1',
      tiktokPostIds: ['7602997517160123666', '7602997517160123667'],
      shareUrl: 'https://www.tiktok.com/@fixture.creator/photo/7602997517160123666',
      tiktokVideoId: '7602997517160123666',
      embedLink: 'https://www.tiktok.com/embed/v2/7602997517160123666',
      confirmedAt: 1_780_003_800_000,
      initStartedAt: 1_780_003_600_500,
      publishedAt: 1_780_003_700_000,
      initCount: 2,
      createdAt: 1_780_000_000_000,
      updatedAt: 1_780_000_000_010,
    });
    expect(await store.posts.get('post_missing')).toBeUndefined();
  });

  it('round-trips the other value of every flag and every nullable as null', async () => {
    const draft = fixturePost({
      id: 'post_draft',
      kind: 'video',
      mediaIds: ['med_b'],
      privacyLevel: null,
      allowComment: false,
      allowDuet: true,
      allowStitch: false,
      brandOrganic: false,
      brandContent: true,
      aiGenerated: false,
      mode: 'inbox',
      source: 'FILE_UPLOAD',
      photoCoverIndex: 0,
      videoCoverTimestampMs: null,
      autoAddMusic: false,
      scheduledAt: null,
      publishIfLate: true,
      state: 'draft',
      stateReason: null,
      stateMessage: null,
      version: 1,
      publishId: null,
      tiktokPostIds: [],
      shareUrl: null,
      tiktokVideoId: null,
      embedLink: null,
      confirmedAt: null,
      initStartedAt: null,
      publishedAt: null,
      initCount: 0,
    });
    await store.posts.insert(draft);
    expect(await store.posts.get('post_draft')).toEqual(draft);
  });

  it('update applies the patch when the guard holds, and changes nothing when it does not', async () => {
    await store.posts.insert(fixturePost({ id: 'p', state: 'scheduled', version: 3, initStartedAt: null, mediaIds: ['med_a', 'med_b'] }));
    const before = await store.posts.get('p');
    const failing = [{ states: ['draft', 'publishing'] as const }, { version: 2 }, { states: ['scheduled'] as const, version: 4 }];
    for (const guard of failing) {
      expect(await store.posts.update('p', { title: 'changed', version: 9, mediaIds: ['med_c'] }, 1_780_000_500_000, guard)).toBe(false);
    }
    expect(await store.posts.update('missing', { title: 'x' }, 1_780_000_500_000)).toBe(false);
    expect(await store.posts.get('p')).toEqual(before);

    expect(
      await store.posts.update('p', { title: 'edited', version: 4, mediaIds: ['med_c', 'med_a'], scheduledAt: null }, 1_780_000_600_000, {
        states: ['scheduled', 'draft'],
        version: 3,
        initNotStarted: true,
      }),
    ).toBe(true);
    expect(await store.posts.get('p')).toMatchObject({ title: 'edited', version: 4, mediaIds: ['med_c', 'med_a'], scheduledAt: null, state: 'scheduled', updatedAt: 1_780_000_600_000 });

    // Once the init has started, an initNotStarted guard refuses the edit.
    expect(await store.posts.update('p', { initStartedAt: 1_780_000_700_000, state: 'publishing' }, 1_780_000_700_000)).toBe(true);
    const started = await store.posts.get('p');
    expect(await store.posts.update('p', { title: 'too late', mediaIds: ['med_b'] }, 1_780_000_800_000, { initNotStarted: true })).toBe(false);
    expect(await store.posts.get('p')).toEqual(started);
    expect(started).toMatchObject({ title: 'edited', state: 'publishing', initStartedAt: 1_780_000_700_000, updatedAt: 1_780_000_700_000 });
  });

  it('findByPublishId finds the post TikTok reports on', async () => {
    await store.posts.insert(fixturePost({ id: 'p1', publishId: 'v_pub_url~v2.111' }));
    await store.posts.insert(fixturePost({ id: 'p2', publishId: 'v_pub_url~v2.222' }));
    expect((await store.posts.findByPublishId('v_pub_url~v2.222'))?.id).toBe('p2');
    expect((await store.posts.findByPublishId('v_pub_url~v2.222'))?.mediaIds).toEqual(['med_c', 'med_a', 'med_b']);
    expect(await store.posts.findByPublishId('v_pub_url~v2.333')).toBeUndefined();
  });

  it('countDirectInitsSince counts the account’s direct posts whose init started after `since`', async () => {
    const base = { state: 'processing' as const };
    await store.posts.insert(fixturePost({ ...base, id: 'd1', mode: 'direct', initStartedAt: 5_000 }));
    await store.posts.insert(fixturePost({ ...base, id: 'd2', mode: 'direct', initStartedAt: 9_000, initCount: 3 }));
    await store.posts.insert(fixturePost({ ...base, id: 'inbox', mode: 'inbox', initStartedAt: 9_000 }));
    await store.posts.insert(fixturePost({ ...base, id: 'unsent', mode: 'direct', initStartedAt: null, state: 'scheduled' }));
    await store.posts.insert(fixturePost({ ...base, id: 'other', accountId: OTHER_ACCOUNT_ID, mode: 'direct', initStartedAt: 9_000 }));
    expect(await store.posts.countDirectInitsSince(ACCOUNT_ID, 4_000)).toBe(2);
    expect(await store.posts.countDirectInitsSince(ACCOUNT_ID, 6_000)).toBe(1);
    expect(await store.posts.countDirectInitsSince(ACCOUNT_ID, 10_000)).toBe(0);
    expect(await store.posts.countDirectInitsSince(OTHER_ACCOUNT_ID, 0)).toBe(1);
  });

  it('list filters by account, states, reason and limit, ordered by schedule (unscheduled last), creation, id', async () => {
    await store.posts.insert(fixturePost({ id: 'p-unscheduled', scheduledAt: null, state: 'draft', stateReason: null, createdAt: 100 }));
    await store.posts.insert(fixturePost({ id: 'p-late', scheduledAt: 3_000, state: 'scheduled', stateReason: null, createdAt: 101 }));
    await store.posts.insert(fixturePost({ id: 'p-early-b', scheduledAt: 1_000, state: 'needs_action', stateReason: 'reconnect', createdAt: 102 }));
    await store.posts.insert(fixturePost({ id: 'p-early-a', scheduledAt: 1_000, state: 'needs_action', stateReason: 'cap', createdAt: 102 }));
    await store.posts.insert(fixturePost({ id: 'p-mid', scheduledAt: 2_000, state: 'scheduled', stateReason: null, createdAt: 50 }));
    await store.posts.insert(fixturePost({ id: 'p-other', accountId: OTHER_ACCOUNT_ID, scheduledAt: 500, state: 'scheduled', createdAt: 1 }));

    expect(ids(await store.posts.list({ accountId: ACCOUNT_ID }))).toEqual(['p-early-a', 'p-early-b', 'p-mid', 'p-late', 'p-unscheduled']);
    expect(ids(await store.posts.list())).toEqual(['p-other', 'p-early-a', 'p-early-b', 'p-mid', 'p-late', 'p-unscheduled']);
    expect(ids(await store.posts.list({ accountId: ACCOUNT_ID, states: ['scheduled', 'draft'] }))).toEqual(['p-mid', 'p-late', 'p-unscheduled']);
    expect(ids(await store.posts.list({ states: ['needs_action'], stateReason: 'reconnect' }))).toEqual(['p-early-b']);
    expect(ids(await store.posts.list({ accountId: ACCOUNT_ID, limit: 2 }))).toEqual(['p-early-a', 'p-early-b']);
    expect(ids(await store.posts.list({ accountId: OTHER_ACCOUNT_ID, states: ['draft'] }))).toEqual([]);
    expect((await store.posts.list({ accountId: OTHER_ACCOUNT_ID }))[0]?.mediaIds).toEqual(['med_c', 'med_a', 'med_b']);
  });

  it('timeline: append numbers events 1, 2, 3… per post and list returns them in order', async () => {
    await store.posts.insert(fixturePost({ id: 'p1' }));
    await store.posts.insert(fixturePost({ id: 'p2' }));
    const ev = (postId: string, toState: Post['state'], fromState: Post['state'] | null, detail: Record<string, unknown> | null) => ({
      postId,
      at: 1_780_000_000_000,
      fromState,
      toState,
      actor: 'worker:w1',
      reason: detail ? 'sent' : null,
      message: `to ${toState}`,
      detail,
    });
    expect((await store.timeline.append(ev('p1', 'scheduled', null, null))).seq).toBe(1);
    expect((await store.timeline.append(ev('p1', 'publishing', 'scheduled', null))).seq).toBe(2);
    expect((await store.timeline.append(ev('p2', 'scheduled', null, null))).seq).toBe(1);
    expect(await store.timeline.append(ev('p1', 'processing', 'publishing', { publish_id: 'v_pub_1', ids: ['7602997517160123666'] }))).toEqual({
      ...ev('p1', 'processing', 'publishing', { publish_id: 'v_pub_1', ids: ['7602997517160123666'] }),
      seq: 3,
    });
    const p1 = await store.timeline.list('p1');
    expect(p1.map((e) => [e.seq, e.fromState, e.toState])).toEqual([
      [1, null, 'scheduled'],
      [2, 'scheduled', 'publishing'],
      [3, 'publishing', 'processing'],
    ]);
    expect(p1[2]).toEqual({
      postId: 'p1',
      seq: 3,
      at: 1_780_000_000_000,
      fromState: 'publishing',
      toState: 'processing',
      actor: 'worker:w1',
      reason: 'sent',
      message: 'to processing',
      detail: { publish_id: 'v_pub_1', ids: ['7602997517160123666'] },
    });
    expect(p1[0]).toMatchObject({ reason: null, detail: null });
    expect((await store.timeline.list('p2')).map((e) => e.seq)).toEqual([1]);
    expect(await store.timeline.list('p-none')).toEqual([]);
  });
});
