// Conformance: the Display API's video/list and video/query (docs/tiktok-api.md §17) over real
// HTTP — the `fields` query parameter, paging with the millisecond cursor, the 20-id and
// 20-per-page limits, the `video.list` scope, which posts show (settings display_api_lists and
// display_api_photos), posts published through the API next to posts seeded with
// POST /_emulator/posts, the 600-per-minute limit and injected faults. Expected values are
// written out from the test's own data, never computed by the emulator's code.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { APP, PATHS, advanceUntilStatus, connectCreator, post, rawRequest, startEmulator, uploadVideo, type Harness, type RawResponse, type Tokens } from './harness.js';

const LOG_ID = /^\d{14}[0-9A-F]{8,}$/;
const ALL_FIELDS = 'id,create_time,cover_image_url,share_url,video_description,duration,height,width,title,embed_html,embed_link,like_count,comment_count,share_count,view_count';
const DISPLAY_SCOPES = ['user.info.basic', 'video.publish', 'video.list'];
/** 2026-10-01T00:00:00Z: seeded posts are made before the harness clock (2026-11-01T12:00Z). */
const BASE_MS = Date.UTC(2026, 9, 1);
const HOUR = 3_600_000;

let h: Harness;
afterEach(() => h.close());

const list = (token: string | undefined, body: unknown = {}, fields = 'id,create_time') => post(h, `${PATHS.videoList}?fields=${fields}`, token, body);
const query = (token: string | undefined, ids: unknown, fields = 'id,title') => post(h, `${PATHS.videoQuery}?fields=${fields}`, token, { filters: { video_ids: ids } });

function expectError(res: RawResponse, status: number, code: string) {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(res.json.data).toEqual({});
  expect(res.json.error.log_id).toMatch(LOG_ID);
  expect(res.json.error.message.length).toBeGreaterThan(0);
}

function expectOk(res: RawResponse) {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: 200, code: 'ok' });
  expect(res.json.error.log_id).toMatch(LOG_ID);
}

/** Post i (1-based) of a seeded profile: id 7600000000000000000 + i, made i hours after BASE_MS. */
const seededId = (i: number) => `76000000000000000${String(i).padStart(2, '0')}`;
const seededAt = (i: number) => BASE_MS + i * HOUR;

async function seedProfile(openId: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await h.emu.admin.addPost({ open_id: openId, post_id: seededId(i), created_at: seededAt(i), title: `post ${i}` });
}

async function creatorWithScopes(scopes = DISPLAY_SCOPES, creator: Record<string, unknown> = {}): Promise<Tokens> {
  return connectCreator(h, { daily_post_cap: 100, ...creator }, scopes);
}

describe('§17 video/list — paging', () => {
  it('pages over 25 posts newest first: 10 by default, then max_count 20, with the millisecond cursor', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    await seedProfile(t.open_id, 25);

    const first = await list(t.access_token);
    expectOk(first);
    expect(first.json.data.videos.map((v: { id: string }) => v.id)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16].map(seededId));
    expect(first.json.data.cursor).toBe(seededAt(16));
    expect(first.json.data.has_more).toBe(true);
    expect(first.json.data.videos[0]).toEqual({ id: seededId(25), create_time: seededAt(25) / 1000 });

    const second = await list(t.access_token, { cursor: first.json.data.cursor, max_count: 20 });
    expectOk(second);
    expect(second.json.data.videos.map((v: { id: string }) => v.id)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(seededId));
    expect(second.json.data.has_more).toBe(false);
    expect(second.json.data.cursor).toBe(seededAt(1));

    // The raw text carries the ids as strings, digit for digit.
    expect(second.text).toContain(`"id":"${seededId(1)}"`);

    const beyond = await list(t.access_token, { cursor: seededAt(1) });
    expectOk(beyond);
    expect(beyond.json.data).toEqual({ videos: [], cursor: seededAt(1), has_more: false });
  });

  it('a page of exactly the remaining posts says has_more false; an empty profile is an empty page', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    expect((await list(t.access_token)).json.data).toEqual({ videos: [], cursor: 0, has_more: false });
    await seedProfile(t.open_id, 20);
    const page = await list(t.access_token, { max_count: 20 });
    expect(page.json.data.videos).toHaveLength(20);
    expect(page.json.data.has_more).toBe(false);
    const small = await list(t.access_token, { max_count: 1 });
    expect(small.json.data).toEqual({ videos: [{ id: seededId(20), create_time: seededAt(20) / 1000 }], cursor: seededAt(20), has_more: true });
  });

  it('accepts an empty body; max_count outside 1..20, a negative or non-integer cursor, or a non-object body is 400 invalid_params', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    await seedProfile(t.open_id, 2);
    const empty = await rawRequest(h, 'POST', `${PATHS.videoList}?fields=id`, { headers: { authorization: `Bearer ${t.access_token}` } });
    expectOk(empty);
    expect(empty.json.data.videos).toEqual([{ id: seededId(2) }, { id: seededId(1) }]);
    for (const body of [{ max_count: 0 }, { max_count: 21 }, { max_count: 2.5 }, { max_count: '5' }, { cursor: -1 }, { cursor: 1.5 }, [], 'x']) {
      expectError(await list(t.access_token, body), 400, 'invalid_params');
    }
  });

  it('two posts made in the same millisecond get distinct times, so the cursor pages past both', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    const now = h.emu.now();
    const a = await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7611111111111111111' });
    const b = await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7622222222222222222' });
    const times = Object.fromEntries((await h.emu.admin.posts()).map((p) => [p.post_id, p.created_at]));
    expect(times).toEqual({ [a.post_id]: now, [b.post_id]: now + 1 });
    const p1 = await list(t.access_token, { max_count: 1 }, 'id');
    expect(p1.json.data).toEqual({ videos: [{ id: '7622222222222222222' }], cursor: now + 1, has_more: true });
    const p2 = await list(t.access_token, { max_count: 1, cursor: p1.json.data.cursor }, 'id');
    expect(p2.json.data).toEqual({ videos: [{ id: '7611111111111111111' }], cursor: now, has_more: false });
  });
});

describe('§17 fields', () => {
  it('answers exactly the requested fields, for a post seeded with every value', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes(DISPLAY_SCOPES, { username: 'ada.lovelace' });
    await h.emu.admin.addPost({
      open_id: t.open_id,
      post_id: '7602997517160123666',
      created_at: Date.UTC(2026, 9, 15, 8, 30, 0, 250),
      title: 'Engines & numbers',
      width: 1080,
      height: 1920,
      duration_sec: 42,
      like_count: 7,
      comment_count: 3,
      share_count: 2,
      view_count: 12_345,
    });
    const res = await list(t.access_token, {}, ALL_FIELDS);
    expectOk(res);
    const v = res.json.data.videos[0];
    expect(Object.keys(v).sort()).toEqual(ALL_FIELDS.split(',').sort());
    expect(v).toMatchObject({
      id: '7602997517160123666',
      create_time: Date.UTC(2026, 9, 15, 8, 30, 0) / 1000,
      share_url: `https://www.tiktok.com/@ada.lovelace/video/7602997517160123666?utm_campaign=tt4d_open_api&utm_source=${APP.client_key}`,
      embed_link: 'https://www.tiktok.com/embed/v2/7602997517160123666',
      title: 'Engines & numbers',
      video_description: 'Engines & numbers',
      duration: 42,
      width: 1080,
      height: 1920,
      like_count: 7,
      comment_count: 3,
      share_count: 2,
      view_count: 12_345,
    });
    // Covers expire 6 hours after the answer.
    expect(v.cover_image_url).toContain(`x-expires=${(h.emu.now() + 6 * HOUR) / 1000}`);
    expect(v.embed_html).toContain('data-video-id="7602997517160123666"');
    expect(v.embed_html).toContain('cite="https://www.tiktok.com/@ada.lovelace/video/7602997517160123666?utm_campaign=tt4d_open_api&amp;utm_source=');

    const some = await list(t.access_token, {}, 'title,share_count');
    expect(some.json.data.videos).toEqual([{ title: 'Engines & numbers', share_count: 2 }]);
  });

  it('title and video_description are cut to 150 UTF-16 code units, never inside an emoji', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    const caption = `${'a'.repeat(149)}😀 and more`;
    await h.emu.admin.addPost({ open_id: t.open_id, title: caption, media_type: 'PHOTO', description: 'b'.repeat(200) });
    const v = (await list(t.access_token, {}, 'title,video_description')).json.data.videos[0];
    expect(v).toEqual({ title: 'a'.repeat(149), video_description: 'b'.repeat(150) });
  });

  it('a missing, empty or unknown fields parameter is 400 invalid_params, on both calls', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    expectError(await post(h, PATHS.videoList, t.access_token, {}), 400, 'invalid_params');
    expectError(await post(h, `${PATHS.videoList}?fields=`, t.access_token, {}), 400, 'invalid_params');
    expectError(await list(t.access_token, {}, 'id,open_id'), 400, 'invalid_params');
    expectError(await post(h, PATHS.videoQuery, t.access_token, { filters: { video_ids: ['1'] } }), 400, 'invalid_params');
    expectError(await query(t.access_token, ['1'], 'id,playback_url'), 400, 'invalid_params');
  });

  it('fields in the body instead of the query are not read: still 400', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    expectError(await post(h, PATHS.videoList, t.access_token, { fields: ['id'] }), 400, 'invalid_params');
  });
});

describe('§17 video/query', () => {
  it("returns only the caller's own videos among the ids; unknown ids and other creators' videos are absent", async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    const other = await creatorWithScopes();
    await seedProfile(t.open_id, 3);
    await h.emu.admin.addPost({ open_id: other.open_id, post_id: '7699999999999999999', title: 'not yours' });
    const res = await query(t.access_token, [seededId(3), '7699999999999999999', '7000000000000000001', seededId(1)]);
    expectOk(res);
    expect(res.json.data).toEqual({ videos: [{ id: seededId(3), title: 'post 3' }, { id: seededId(1), title: 'post 1' }] });
    // The other creator sees its own post with the same call.
    expect((await query(other.access_token, ['7699999999999999999'])).json.data.videos).toEqual([{ id: '7699999999999999999', title: 'not yours' }]);
  });

  it('takes 20 ids; 21, none, a number instead of a string, or no filters is 400 invalid_params', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    await seedProfile(t.open_id, 21);
    const twenty = Array.from({ length: 20 }, (_, i) => seededId(i + 1));
    const ok = await query(t.access_token, twenty, 'id');
    expectOk(ok);
    expect(ok.json.data.videos).toHaveLength(20);
    expectError(await query(t.access_token, [...twenty, seededId(21)], 'id'), 400, 'invalid_params');
    expectError(await query(t.access_token, [], 'id'), 400, 'invalid_params');
    expectError(await post(h, `${PATHS.videoQuery}?fields=id`, t.access_token, '{"filters":{"video_ids":[7600000000000000001]}}'), 400, 'invalid_params');
    expectError(await post(h, `${PATHS.videoQuery}?fields=id`, t.access_token, {}), 400, 'invalid_params');
  });
});

describe('§17 which posts show', () => {
  it('a post published through the API shows once public and through moderation, with its measured size and duration', async () => {
    h = await startEmulator({ settings: { processing_delay_ms: 1_000, moderation_delay_ms: 5_000 } });
    const t = await creatorWithScopes(DISPLAY_SCOPES, { username: 'maker' });
    const publishId = await uploadVideo(h, t.access_token, readFileSync(await goodMp4({ width: 720, height: 1280, seconds: 2 })), { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'my #first video' });
    await advanceUntilStatus(h, t.access_token, publishId, ['PUBLISH_COMPLETE']);
    // Published but still in moderation: not public yet, so not listed.
    expect((await list(t.access_token)).json.data.videos).toEqual([]);
    await h.clock.advance(5_000);
    await h.emu.idle();
    const status = await post(h, PATHS.status, t.access_token, { publish_id: publishId });
    // The raw int64 number, read as text so it is not rounded.
    const postId = /"publicaly_available_post_id":\[(\d+)\]/.exec(status.text)![1]!;
    expect(BigInt(postId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const res = await query(t.access_token, [postId], 'id,title,video_description,width,height,duration,share_url');
    expect(res.json.data.videos).toEqual([
      {
        id: postId,
        title: 'my #first video',
        video_description: 'my #first video',
        width: 720,
        height: 1280,
        duration: 2,
        share_url: `https://www.tiktok.com/@maker/video/${postId}?utm_campaign=tt4d_open_api&utm_source=${APP.client_key}`,
      },
    ]);
    expect((await list(t.access_token, {}, 'id')).json.data.videos).toEqual([{ id: postId }]);
  });

  it("SELF_ONLY, followers-only and a private account's posts are hidden by default and shown with display_api_lists: 'all'; removed posts never", async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000001', created_at: seededAt(1), privacy_level: 'SELF_ONLY' });
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000002', created_at: seededAt(2), privacy_level: 'FOLLOWER_OF_CREATOR' });
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000003', created_at: seededAt(3) });
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000004', created_at: seededAt(4), publicly_available: false });
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000005', created_at: seededAt(5) });
    await h.emu.admin.call('POST', '/posts/7600000000000000005/remove');
    const ids = async () => (await list(t.access_token, { max_count: 20 }, 'id')).json.data.videos.map((v: { id: string }) => v.id);
    const queried = async () => (await query(t.access_token, ['7600000000000000001', '7600000000000000002', '7600000000000000003', '7600000000000000004', '7600000000000000005'], 'id')).json.data.videos.map((v: { id: string }) => v.id);
    expect(await ids()).toEqual(['7600000000000000003']);
    expect(await queried()).toEqual(['7600000000000000003']);
    expect((await h.emu.admin.settings()).display_api_lists).toBe('public');
    await h.emu.admin.settings({ display_api_lists: 'all' });
    expect(await ids()).toEqual(['7600000000000000004', '7600000000000000003', '7600000000000000002', '7600000000000000001']);
    expect(await queried()).toEqual(['7600000000000000001', '7600000000000000002', '7600000000000000003', '7600000000000000004']);

    const priv = await creatorWithScopes(DISPLAY_SCOPES, { is_private: true });
    await h.emu.admin.settings({ display_api_lists: 'public' });
    await h.emu.admin.addPost({ open_id: priv.open_id, post_id: '7600000000000000009' });
    expect((await list(priv.access_token)).json.data.videos).toEqual([]);
  });

  it("photo posts are listed (a /photo/ share link, duration 0) unless display_api_photos is 'hidden'", async () => {
    h = await startEmulator();
    const t = await creatorWithScopes(DISPLAY_SCOPES, { username: 'snaps' });
    await h.emu.admin.addPost({ open_id: t.open_id, post_id: '7600000000000000007', media_type: 'PHOTO', title: 'cats', description: 'two #cats', width: 1080, height: 1350 });
    const res = await list(t.access_token, {}, 'id,duration,title,video_description,share_url,width,height');
    expect(res.json.data.videos).toEqual([
      {
        id: '7600000000000000007',
        duration: 0,
        title: 'cats',
        video_description: 'two #cats',
        share_url: `https://www.tiktok.com/@snaps/photo/7600000000000000007?utm_campaign=tt4d_open_api&utm_source=${APP.client_key}`,
        width: 1080,
        height: 1350,
      },
    ]);
    await h.emu.admin.settings({ display_api_photos: 'hidden' });
    expect((await list(t.access_token)).json.data.videos).toEqual([]);
    expect((await query(t.access_token, ['7600000000000000007'])).json.data.videos).toEqual([]);
  });
});

describe('§17 scope, token, rate limit and faults', () => {
  it('without video.list both calls are 401 scope_not_authorized; a bad token is 401 access_token_invalid', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes(['user.info.basic', 'video.publish', 'video.upload']);
    expectError(await list(t.access_token), 401, 'scope_not_authorized');
    expectError(await query(t.access_token, ['7600000000000000001']), 401, 'scope_not_authorized');
    expectError(await list('act.not-a-token'), 401, 'access_token_invalid');
    expectError(await query(undefined, ['7600000000000000001']), 401, 'access_token_invalid');
  });

  it('600 per minute per token on each endpoint: the 601st is 429 rate_limit_exceeded, the other endpoint still answers, the window slides', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    for (let i = 0; i < 600; i++) expect((await list(t.access_token, {}, 'id')).status).toBe(200);
    expectError(await list(t.access_token, {}, 'id'), 429, 'rate_limit_exceeded');
    expectOk(await query(t.access_token, ['7600000000000000001']));
    await h.clock.advance(60_000);
    expectOk(await list(t.access_token, {}, 'id'));
  });

  it('the rate_limits setting lowers the limit per endpoint', async () => {
    h = await startEmulator({ settings: { rate_limits: { video_query: 2 } } });
    const t = await creatorWithScopes();
    expectOk(await query(t.access_token, ['1']));
    expectOk(await query(t.access_token, ['1']));
    expectError(await query(t.access_token, ['1']), 429, 'rate_limit_exceeded');
  });

  it('injected faults target video_list and video_query by their contract ids', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    await h.emu.admin.addFault({ endpoint: 'video_list', kind: 'error', count: 1 });
    await h.emu.admin.addFault({ endpoint: 'video_query', kind: 'error', status: 503, count: 1 });
    expectError(await list(t.access_token), 500, 'internal_error');
    expectOk(await list(t.access_token));
    expectError(await query(t.access_token, ['1']), 503, 'internal_error');
    expectOk(await query(t.access_token, ['1']));
    const log = (await h.emu.admin.requests()).filter((r) => r.endpoint === 'video_list' || r.endpoint === 'video_query');
    expect(log.map((r) => [r.endpoint, r.status, r.fault])).toEqual([
      ['video_list', 500, 'error'],
      ['video_list', 200, undefined],
      ['video_query', 503, 'error'],
      ['video_query', 200, undefined],
    ]);
  });

  it('a GET is refused with 405 invalid_params', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    const res = await rawRequest(h, 'GET', `${PATHS.videoList}?fields=id`, { headers: { authorization: `Bearer ${t.access_token}` } });
    expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 405, code: 'invalid_params' });
  });
});

describe('POST /_emulator/posts', () => {
  it('needs a known creator; refuses a taken post_id or a millisecond another of the creator’s posts has; checks the id fits int64', async () => {
    h = await startEmulator();
    const t = await creatorWithScopes();
    const seed = (body: Record<string, unknown>) => rawRequest(h, 'POST', '/_emulator/posts', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await seed({ open_id: 'nobody' })).status).toBe(404);
    expect((await seed({ open_id: t.open_id, post_id: '9223372036854775807', created_at: seededAt(1) })).json).toEqual({ post_id: '9223372036854775807' });
    expect((await seed({ open_id: t.open_id, post_id: '9223372036854775807' })).status).toBe(409);
    expect((await seed({ open_id: t.open_id, created_at: seededAt(1) })).status).toBe(409);
    expect((await seed({ open_id: t.open_id, post_id: '9223372036854775808' })).status).toBe(400);
    expect((await seed({ open_id: t.open_id, post_id: '0123' })).status).toBe(400);
    expect((await seed({ open_id: t.open_id, privacy_level: 'EVERYONE' })).status).toBe(400);
    const creator = (await h.emu.admin.call<Array<{ open_id: string; video_count: number }>>('GET', '/creators')).find((c) => c.open_id === t.open_id);
    expect(creator?.video_count).toBe(1);
    const [record] = await h.emu.admin.posts();
    expect(record).toMatchObject({ post_id: '9223372036854775807', publish_id: null, client_key: null, open_id: t.open_id, media_type: 'VIDEO', privacy_level: 'PUBLIC_TO_EVERYONE', publicly_available: true, duration_sec: 15, width: 1080, height: 1920 });
  });
});
