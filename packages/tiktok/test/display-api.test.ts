// The client's Display API calls (docs/tiktok-api.md §17) against the emulator, in-process and over
// HTTP: listVideos paging with the cursor, queryVideos with its 20-id limit, field selection, the
// missing-scope and rate-limit errors by class, int64 ids kept exact, and a post published through
// the client then confirmed through queryVideos. Expected values come from the test's own data.
import { afterEach, describe, expect, it } from 'vitest';
import { VIDEO_FIELDS, createTikTokClient } from '../src/index.js';
import type { TikTokError, Video } from '../src/index.js';
import { ALL_SCOPES, MODES, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4 } from './support/media.js';
import { pollStatus } from './support/poll.js';

const SCOPES = [...ALL_SCOPES, 'video.list'];
/** Seeded post i (1-based): id 7700000000000000000 + i (above 2^53), made i minutes after BASE. */
const BASE = Date.UTC(2026, 1, 1);
const idOf = (i: number) => `77000000000000000${String(i).padStart(2, '0')}`;
const timeOf = (i: number) => BASE + i * 60_000;

const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a TikTok error');
    },
    (e: unknown) => e as TikTokError,
  );

describe.each(MODES)('Display API (%s)', (mode) => {
  let h: Harness;
  afterEach(() => h?.close());

  async function seeded(n: number) {
    const t = await h.connect({ scopes: SCOPES, creator: { username: 'lister' } });
    for (let i = 1; i <= n; i++) await h.emu.admin.addPost({ open_id: t.creatorOpenId, post_id: idOf(i), created_at: timeOf(i), title: `clip ${i}`, duration_sec: i });
    return t;
  }

  it('listVideos pages over 23 videos with the cursor, newest first, ids exact', async () => {
    h = await startHarness(mode);
    const t = await seeded(23);
    const first = await h.client.listVideos(t.accessToken, { maxCount: 20, fields: ['title', 'duration'] });
    expect(first.videos.map((v) => v.id)).toEqual(Array.from({ length: 20 }, (_, k) => idOf(23 - k)));
    expect(first.videos[0]).toEqual({ id: idOf(23), title: 'clip 23', duration: 23 });
    expect(first).toMatchObject({ cursor: timeOf(4), hasMore: true, fields: ['id', 'title', 'duration'] });
    expect(first.logId).toMatch(/^\d{14}[0-9A-F]+$/);

    const second = await h.client.listVideos(t.accessToken, { cursor: first.cursor, maxCount: 20, fields: ['title'] });
    expect(second.videos).toEqual([
      { id: idOf(3), title: 'clip 3' },
      { id: idOf(2), title: 'clip 2' },
      { id: idOf(1), title: 'clip 1' },
    ]);
    expect(second).toMatchObject({ cursor: timeOf(1), hasMore: false });

    // TikTok's default page is 10; every documented field when none are named.
    const defaults = await h.client.listVideos(t.accessToken);
    expect(defaults.videos).toHaveLength(10);
    expect(Object.keys(defaults.videos[0]!).sort()).toEqual(
      ['id', 'createTime', 'coverImageUrl', 'shareUrl', 'videoDescription', 'duration', 'height', 'width', 'title', 'embedHtml', 'embedLink', 'likeCount', 'commentCount', 'shareCount', 'viewCount'].sort(),
    );
    expect(defaults.videos[0]).toMatchObject({ createTime: timeOf(23) / 1000, shareUrl: `https://www.tiktok.com/@lister/video/${idOf(23)}?utm_campaign=tt4d_open_api&utm_source=awtestclientkey` });
  });

  it("queryVideos returns the creator's own videos among the ids; others and unknown ids are absent", async () => {
    h = await startHarness(mode);
    const t = await seeded(3);
    const other = await h.connect({ scopes: SCOPES });
    await h.emu.admin.addPost({ open_id: other.creatorOpenId, post_id: '7799999999999999999' });
    const res = await h.client.queryVideos(t.accessToken, { videoIds: [idOf(2), '7799999999999999999', '7000000000000000000'], fields: ['title'] });
    expect(res.videos).toEqual([{ id: idOf(2), title: 'clip 2' }]);
    expect(res.fields).toEqual(['id', 'title']);
  });

  it('refuses more than 20 ids, none, or an out-of-range maxCount without sending anything', async () => {
    h = await startHarness(mode);
    const t = await seeded(1);
    const ids = Array.from({ length: 21 }, (_, i) => idOf(i + 1));
    for (const p of [
      h.client.queryVideos(t.accessToken, { videoIds: ids }),
      h.client.queryVideos(t.accessToken, { videoIds: [] }),
      h.client.listVideos(t.accessToken, { maxCount: 21 }),
      h.client.listVideos(t.accessToken, { maxCount: 0 }),
    ]) {
      expect(await fail(p)).toMatchObject({ code: 'invalid_params', errorClass: 'permanent' });
    }
    await expect(h.client.listVideos(t.accessToken, { fields: [] })).rejects.toThrow(TypeError);
    expect((await h.emu.admin.requests()).filter((r) => r.endpoint === 'video_query' || r.endpoint === 'video_list')).toEqual([]);
    expect((await h.client.queryVideos(t.accessToken, { videoIds: ids.slice(0, 20), fields: ['id'] })).videos).toEqual([{ id: idOf(1) }]);
  });

  it('without video.list: scope_not_authorized, HTTP 401, needs_reconnect', async () => {
    h = await startHarness(mode);
    const t = await h.connect({ scopes: ALL_SCOPES });
    for (const p of [h.client.listVideos(t.accessToken), h.client.queryVideos(t.accessToken, { videoIds: [idOf(1)] })]) {
      const e = await fail(p);
      expect(e).toMatchObject({ code: 'scope_not_authorized', httpStatus: 401, errorClass: 'needs_reconnect' });
      expect(e.logId).toMatch(/^\d{14}/);
    }
  });

  it('over the limit: a 429 rate_limit_exceeded, retryable; with the built-in limiter the client waits for the window instead', async () => {
    h = await startHarness(mode, { settings: { rate_limits: { video_list: 2 } } });
    const t = await seeded(1);
    const bare = h.makeClient({ rateLimiter: false, retry: { read: { maxAttempts: 1 } } });
    await bare.listVideos(t.accessToken);
    await bare.listVideos(t.accessToken);
    const e = await fail(bare.listVideos(t.accessToken));
    expect(e).toMatchObject({ code: 'rate_limit_exceeded', httpStatus: 429, errorClass: 'retryable', endpoint: 'video_list' });
    expect(e.logId).toMatch(/^\d{14}/);

    const t2 = await h.connect({ scopes: SCOPES });
    const limited = h.makeClient({ rateLimiter: { limits: { video_list: 2 } } });
    const started = h.clock.now();
    for (let i = 0; i < 3; i++) await limited.listVideos(t2.accessToken);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(60_000);
    expect((await h.emu.admin.requests()).filter((r) => r.endpoint === 'video_list' && r.status === 429)).toHaveLength(1);
  });

  it('confirms a video published through the client: the post id from status/fetch finds it, with its share URL', async () => {
    h = await startHarness(mode);
    const t = await h.connect({ scopes: SCOPES, creator: { username: 'confirmer' } });
    const videoUrl = h.world.serve('confirm.mp4', await goodMp4());
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'to confirm' }, source: { source: 'PULL_FROM_URL', videoUrl } });
    const done = await pollStatus(h, t.accessToken, init.publishId, (s) => s.publiclyAvailablePostIds.length > 0 || s.status === 'FAILED');
    const [postId] = done.publiclyAvailablePostIds;
    const truth = await h.emu.admin.posts();
    expect(postId).toBe(truth[0]!.post_id);
    const found = await h.client.queryVideos(t.accessToken, { videoIds: [postId!], fields: ['share_url', 'title', 'width', 'height', 'duration'] });
    // goodMp4(): 720×1280, 2 seconds.
    expect(found.videos).toEqual([
      { id: postId, shareUrl: `https://www.tiktok.com/@confirmer/video/${postId}?utm_campaign=tt4d_open_api&utm_source=awtestclientkey`, title: 'to confirm', width: 720, height: 1280, duration: 2 },
    ]);
  });
});

describe('Display API answers read losslessly', () => {
  /** A fetch answering one fixed body for every request, recording what was asked. */
  function fixedAnswer(body: string) {
    const seen: Array<{ url: string; body: string }> = [];
    const fetchFn = async (url: string, init: RequestInit) => {
      seen.push({ url, body: String(init.body) });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = createTikTokClient({ clientKey: 'ck', clientSecret: 'cs', redirectUri: 'https://app.test/cb', baseUrls: 'https://tiktok.test', fetch: fetchFn, rateLimiter: false });
    return { client, seen };
  }

  it('keeps an id sent as a raw int64 number (above 2^53) exact, and sends fields in the query, cursor and max_count in the body', async () => {
    const { client, seen } = fixedAnswer(
      '{"data":{"videos":[{"id":7602997517160123666,"title":"t","view_count":9876543210},{"id":"7602997517160123667"}],"cursor":1772000000000,"has_more":true},"error":{"code":"ok","message":"","log_id":"20260301120000ABCDEF0123"}}',
    );
    const res = await client.listVideos('act.x', { fields: ['title', 'view_count'], cursor: 1772000000123, maxCount: 5 });
    expect(res.videos).toEqual<Video[]>([{ id: '7602997517160123666', title: 't', viewCount: 9876543210 }, { id: '7602997517160123667' }]);
    expect(res).toMatchObject({ cursor: 1772000000000, hasMore: true, logId: '20260301120000ABCDEF0123' });
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/v2/video/list/');
    expect(url.searchParams.get('fields')).toBe('id,title,view_count');
    expect(JSON.parse(seen[0]!.body)).toEqual({ cursor: 1772000000123, max_count: 5 });
  });

  it('sends the ids of a query as strings inside filters.video_ids', async () => {
    const { client, seen } = fixedAnswer('{"data":{"videos":[]},"error":{"code":"ok","message":"","log_id":"20260301120000ABCDEF0123"}}');
    await client.queryVideos('act.x', { videoIds: ['7602997517160123666'], fields: VIDEO_FIELDS });
    expect(seen[0]!.body).toBe('{"filters":{"video_ids":["7602997517160123666"]}}');
    expect(new URL(seen[0]!.url).searchParams.get('fields')).toBe(VIDEO_FIELDS.join(','));
  });

  it('an ok answer without videos, or a video without an id, is an invalid response', async () => {
    const noVideos = fixedAnswer('{"data":{"cursor":0,"has_more":false},"error":{"code":"ok","message":"","log_id":"x"}}');
    expect(await fail(noVideos.client.listVideos('act.x'))).toMatchObject({ code: 'invalid_response' });
    const noId = fixedAnswer('{"data":{"videos":[{"title":"t"}]},"error":{"code":"ok","message":"","log_id":"x"}}');
    expect(await fail(noId.client.queryVideos('act.x', { videoIds: ['1'] }))).toMatchObject({ code: 'invalid_response' });
  });
});
