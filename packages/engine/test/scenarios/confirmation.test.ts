// Confirmation through the Display API (docs/architecture.md §2.7): a published post of an account
// that granted video.list is looked up with video/query and keeps TikTok's own share_url; without
// the scope, or when TikTok does not list the video, the post stays published as it is.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ALL_SCOPES, createWorld, type World } from '../support/world.js';

const HOUR = 3_600_000;
const WITH_LIST = [...ALL_SCOPES, 'video.list'];

describe.each(DIALECTS)('confirmation through the Display API (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  const confirmAttempts = async (postId: string) => (await w.store.attempts.list({ postId, kind: 'confirm' })).map((a) => [a.endpoint, a.outcome, a.message]);
  const displayRequests = async () => (await w.emu.admin.requests()).filter((r) => r.endpoint === 'video_query' || r.endpoint === 'video_list').map((r) => [r.endpoint, r.status]);

  it('confirms a public post with video/query and keeps TikTok’s share_url and embed link', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({ username: 'public.one' }, WITH_LIST);
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'confirm me' });

    await w.runUntil(async () => (await w.store.posts.get(post.id))!.confirmedAt !== null, { what: 'the confirmation' });
    const done = (await w.store.posts.get(post.id))!;
    const [truth] = await w.truth();
    expect(done.state).toBe('published');
    expect(done.tiktokPostIds).toEqual([truth!.post_id]);
    expect(done.tiktokVideoId).toBe(truth!.post_id);
    expect(done.shareUrl).toBe(`https://www.tiktok.com/@public.one/video/${truth!.post_id}?utm_campaign=tt4d_open_api&utm_source=aw_scenario_key`);
    expect(done.embedLink).toBe(`https://www.tiktok.com/embed/v2/${truth!.post_id}`);
    expect(await confirmAttempts(post.id)).toEqual([['video_query', 'ok', `listed: ${truth!.post_id}`]]);
    expect(await displayRequests()).toEqual([['video_query', 200]]);
    const note = (await w.engine.posts.timeline(post.id)).find((e) => e.reason === 'share_url_confirmed')!;
    expect(note).toMatchObject({ fromState: 'published', toState: 'published', actor: 'tiktok:display' });
    expect(await w.store.jobs.get(`confirm:${post.id}`)).toBeUndefined();
  });

  it('looks again after a transient Display API error, a minute later, and then confirms', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({}, WITH_LIST);
    // Four 503s: the client's own retries of a read (four tries) are used up, so the job retries.
    await w.emu.admin.addFault({ endpoint: 'video_query', kind: 'error', status: 503, count: 4 });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });

    await w.runUntil(async () => (await w.store.posts.get(post.id))!.confirmedAt !== null, { what: 'the confirmation' });
    const looks = await w.store.attempts.list({ postId: post.id, kind: 'confirm' });
    expect(looks.map((a) => [a.endpoint, a.outcome, a.httpStatus]).sort()).toEqual([
      ['video_query', 'error', 503],
      ['video_query', 'ok', 200],
    ]);
    const [failed, ok] = [...looks].sort((a, b) => a.startedAt - b.startedAt);
    expect(ok!.startedAt - failed!.finishedAt!).toBe(60_000);
    expect(await displayRequests()).toEqual([...Array.from({ length: 4 }, () => ['video_query', 503]), ['video_query', 200]]);
    expect((await w.store.posts.get(post.id))!.state).toBe('published');
  });

  it('leaves a published post as it is when video.list is not granted: no Display API call', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect({}, ALL_SCOPES);
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });

    await w.runUntil(async () => (await w.store.jobs.count({ kind: 'status' })) === 0 && (await w.store.posts.get(post.id))!.tiktokPostIds.length > 0, { what: 'status tracking to end' });
    const done = (await w.store.posts.get(post.id))!;
    expect(done).toMatchObject({ state: 'published', shareUrl: null, tiktokVideoId: null, confirmedAt: null });
    expect(await w.store.jobs.count({ kind: 'confirm' })).toBe(0);
    expect(await confirmAttempts(post.id)).toEqual([]);
    expect(await displayRequests()).toEqual([]);
  });

  it('keeps a SELF_ONLY post published and unconfirmed when the Display API lists public videos only, after a bounded number of looks', async () => {
    w = await createWorld({ dialect, emulatorSettings: { display_api_lists: 'public' } });
    const { account } = await w.connect({}, WITH_LIST);
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', title: 'only me' });

    await w.waitForPost(post.id, ['published']);
    await w.runUntil(async () => !(await w.store.jobs.get(`confirm:${post.id}`)), { maxMs: 3 * HOUR, what: 'the confirm job to give up' });
    const done = (await w.store.posts.get(post.id))!;
    expect(done).toMatchObject({ state: 'published', shareUrl: null, confirmedAt: null, tiktokPostIds: [] });
    // One look right away and one after each of the three delays; the profile holds no public video.
    const looks = await confirmAttempts(post.id);
    expect(looks).toEqual(Array.from({ length: 4 }, () => ['video_list', 'ok', '0 videos']));
    expect(await displayRequests()).toEqual(Array.from({ length: 4 }, () => ['video_list', 200]));
    const note = (await w.engine.posts.timeline(post.id)).find((e) => e.reason === 'not_confirmed')!;
    expect(note.toState).toBe('published');
    expect(note.message).toContain('may list public videos only');
  });

  it('finds a SELF_ONLY post on the profile when the Display API lists every video, then confirms it with video/query', async () => {
    w = await createWorld({ dialect, emulatorSettings: { display_api_lists: 'all' } });
    const { account, openId } = await w.connect({ username: 'all.lister' }, WITH_LIST);
    // An older post with the same caption, made in the TikTok app before tokpost's: never adopted.
    await w.emu.admin.addPost({ open_id: openId, title: 'only me', privacy_level: 'SELF_ONLY', created_at: w.clock.now() - 2 * HOUR });
    const video = await w.video();
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', title: 'only me' });

    await w.runUntil(async () => (await w.store.posts.get(post.id))!.confirmedAt !== null, { what: 'the confirmation' });
    const done = (await w.store.posts.get(post.id))!;
    const ours = (await w.truth()).find((t) => t.publish_id === done.publishId)!;
    expect(done.state).toBe('published');
    expect(done.tiktokPostIds).toEqual([]);
    expect(done.tiktokVideoId).toBe(ours.post_id);
    expect(done.shareUrl).toBe(`https://www.tiktok.com/@all.lister/video/${ours.post_id}?utm_campaign=tt4d_open_api&utm_source=aw_scenario_key`);
    // Found on the list, then confirmed by video/query (both in the same millisecond of test time).
    expect((await confirmAttempts(post.id)).map(([endpoint, outcome]) => `${endpoint} ${outcome}`).sort()).toEqual(['video_list ok', 'video_query ok']);
  });
});
