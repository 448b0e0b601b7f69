// One watchdog pass at a time on both databases (docs/notifications.md §5.1): each watched state
// has its deadline and says what the post waits for; a post is told once per entry into a state,
// and again after it left the state and came back.
import { describe, expect, it } from 'vitest';
import { transitionPost } from '../../src/domain/transition.js';
import { DEFAULT_SETTINGS, runWatchdog, type Post, type PostState, type Store } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { freshStores } from '../support/fresh-store.js';
import { fixturePost, seedOwners } from '../support/store-fixtures.js';

const T0 = 1_780_100_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const deps = { settings: DEFAULT_SETTINGS };

describe.each(DIALECTS)('watchdog pass (%s)', (dialect) => {
  const fresh = freshStores(dialect);
  let store: Store;

  /** A post that entered `state` at `at` (a timeline entry, as the pipeline writes one). */
  const postIn = async (id: string, state: PostState, at: number, o: Partial<Post> = {}) => {
    const draft = fixturePost({ id, state: 'draft', stateReason: null, publishId: null, initStartedAt: null, tiktokPostIds: [], shareUrl: null, publishedAt: null, title: id, ...o });
    await store.posts.insert(draft);
    const path: PostState[] = state === 'scheduled' ? ['scheduled'] : state === 'publishing' ? ['scheduled', 'publishing'] : ['scheduled', 'publishing', 'processing'];
    let post = draft;
    await store.transaction(async (tx) => {
      for (const to of path) post = (await transitionPost(tx, post, { to, actor: 'test', now: at }))!;
    });
    return post;
  };

  const pass = async (now: number) => {
    await store.transaction((tx) => runWatchdog(deps, tx, now));
    const all = await store.notifications.list({ limit: 100 });
    return all.filter((e) => e.type === 'post_stuck').reverse().map((e) => [e.postId, (e.data as { waitingFor: string }).waitingFor]);
  };

  it('tells each stuck post once per state entry, with what it waits for', async () => {
    ({ store } = await fresh());
    await seedOwners(store);
    const noJob = await postIn('post_no_job', 'scheduled', T0, { scheduledAt: T0 });
    await postIn('post_deferred', 'scheduled', T0, { scheduledAt: T0 });
    await store.jobs.upsert({ kind: 'publish', key: 'publish:post_deferred', groupKey: null, postId: 'post_deferred', runAt: T0 + 30 * MINUTE }, T0);
    await postIn('post_publishing', 'publishing', T0, { scheduledAt: T0 });
    await postIn('post_processing', 'processing', T0, { scheduledAt: T0, initStartedAt: T0, publishId: 'v_pub_watch' });
    await postIn('post_future', 'scheduled', T0, { scheduledAt: T0 + 2 * 24 * HOUR });

    expect(await pass(T0 + 14 * MINUTE)).toEqual([]);
    const first = [['post_no_job', 'a publish job, but none is queued']];
    expect(await pass(T0 + 16 * MINUTE)).toEqual(first);
    expect(await pass(T0 + 17 * MINUTE)).toEqual(first);

    const deferred = ['post_deferred', 'a worker to start its publish job (due since 2026-05-30T00:43:20.000Z)'];
    expect(await pass(T0 + 46 * MINUTE)).toEqual([...first, deferred]);
    const publishing = ['post_publishing', 'the publish run to make progress (last progress at 2026-05-30T00:13:20.000Z)'];
    expect(await pass(T0 + 91 * MINUTE)).toEqual([...first, deferred, publishing]);

    // The first one starts, then goes back to the queue: a new entry into `scheduled`, told again when stuck again.
    let moved = (await store.transaction((tx) => transitionPost(tx, noJob, { to: 'publishing', actor: 'test', now: T0 + 100 * MINUTE })))!;
    moved = (await store.transaction((tx) => transitionPost(tx, moved, { to: 'scheduled', actor: 'test', now: T0 + 101 * MINUTE })))!;
    expect(await pass(T0 + 110 * MINUTE)).toEqual([...first, deferred, publishing]);
    expect(await pass(T0 + 117 * MINUTE)).toEqual([...first, deferred, publishing, first[0]]);

    const processing = ['post_processing', "TikTok's final status for publish v_pub_watch (a webhook or a status poll)"];
    expect(await pass(T0 + 25 * HOUR)).toEqual([...first, deferred, publishing, first[0], processing]);
    expect(await pass(T0 + 26 * HOUR)).toHaveLength(5);
  });
});
