// Conformance: the v2 data endpoints over real HTTP — user info (§4), creator info (§5.1), the
// three inits (§5.2–5.4), status and cancel (§5.6–5.7) — and every cell of docs/tiktok-api.md §9
// HTTP-status table that is not "–", each provoked for real. Rate limits (§10) run on the
// emulator clock; URL pulls go to a fetch that never answers, so they stay in PROCESSING_DOWNLOAD.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP,
  PATHS,
  connectCreator,
  get,
  grantTokens,
  post,
  rawRequest,
  stalledPullFetch,
  startEmulator,
  wholeFile,
  type Harness,
  type RawResponse,
  type Tokens,
} from './harness.js';

const MEDIA = 'https://cdn.verified.test/media/';
const LOG_ID = /^\d{14}[0-9A-F]{8,}$/;
const DAY_MS = 24 * 3600 * 1000;
/** Tests that move the clock a whole day use tokens that outlive it. */
const WEEK_TOKENS = { access_token_ttl_s: 7 * 86_400 };
const PUBLIC_OPTIONS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
const PRIVATE_OPTIONS = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
const OTHER_APP = { client_key: 'second_app_key', client_secret: 'second_app_secret', redirect_uri: 'https://second.example.com/cb' };

type Endpoint = 'user_info' | 'creator_info' | 'video_init' | 'inbox_video_init' | 'content_init' | 'status_fetch' | 'cancel';
const PATH_OF: Record<Endpoint, string> = {
  user_info: PATHS.userInfo,
  creator_info: PATHS.creatorInfo,
  video_init: PATHS.videoInit,
  inbox_video_init: PATHS.inboxInit,
  content_init: PATHS.contentInit,
  status_fetch: PATHS.status,
  cancel: PATHS.cancel,
};

let h: Harness;
afterEach(() => h.close());

async function start(opts: Parameters<typeof startEmulator>[0] = {}): Promise<Harness> {
  h = await startEmulator({ fetch: stalledPullFetch, ...opts, app: { verified_url_prefixes: [MEDIA], ...opts.app } });
  return h;
}

function expectEnvelope(res: RawResponse, status: number, code: string) {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(res.json.error.log_id).toMatch(LOG_ID);
  expect(typeof res.json.error.message).toBe('string');
  if (code !== 'ok') {
    expect(res.json.data).toEqual({});
    expect(res.json.error.message.length).toBeGreaterThan(0);
  }
}

function videoBody(privacy: string | null = 'PUBLIC_TO_EVERYONE', source: unknown = wholeFile(1000), title = 'a #test video') {
  return { post_info: { ...(privacy ? { privacy_level: privacy } : {}), title }, source_info: source };
}
const pullSource = (url = `${MEDIA}clip.mp4`) => ({ source: 'PULL_FROM_URL', video_url: url });
const inboxBody = (source: unknown = wholeFile(1000)) => ({ source_info: source });

function photoBody(
  mode: 'DIRECT_POST' | 'MEDIA_UPLOAD',
  opts: { privacy?: string; images?: string[]; title?: string; description?: string } = {},
) {
  const privacy = opts.privacy ?? (mode === 'DIRECT_POST' ? 'PUBLIC_TO_EVERYONE' : undefined);
  return {
    media_type: 'PHOTO',
    post_mode: mode,
    post_info: { title: opts.title ?? 'funny cat', description: opts.description ?? 'a #photo post', ...(privacy ? { privacy_level: privacy } : {}) },
    source_info: { source: 'PULL_FROM_URL', photo_images: opts.images ?? [`${MEDIA}a.jpg`, `${MEDIA}b.jpg`], photo_cover_index: 0 },
  };
}

/** One well-formed request to `endpoint` (user info GETs `fields=open_id`). */
function call(endpoint: Endpoint, token: string | undefined, body?: unknown): Promise<RawResponse> {
  if (endpoint === 'user_info') return get(h, `${PATHS.userInfo}?fields=open_id`, token);
  return post(h, PATH_OF[endpoint], token, body ?? {});
}

async function initOk(path: string, token: string, body: unknown): Promise<string> {
  const res = await post(h, path, token, body);
  expectEnvelope(res, 200, 'ok');
  return res.json.data.publish_id as string;
}

/** A direct-post URL pull still downloading: the one kind of publish that cancel accepts. */
const pullPublish = (token: string) => initOk(PATHS.videoInit, token, videoBody('PUBLIC_TO_EVERYONE', pullSource()));

const connect = (creator: Record<string, unknown> = {}, scopes?: string[], app = APP) => connectCreator(h, creator, scopes, app);

describe('GET /v2/user/info/', () => {
  const ALL_FIELDS =
    'open_id,union_id,avatar_url,avatar_url_100,avatar_large_url,display_name,bio_description,profile_deep_link,is_verified,username,follower_count,following_count,likes_count,video_count';
  const creator = {
    username: 'stats.person',
    nickname: 'Stats Person',
    bio_description: 'I post numbers',
    is_verified: true,
    follower_count: 1234,
    following_count: 56,
    likes_count: 78_901,
    video_count: 42,
  };
  beforeEach(() => start());

  it('returns exactly the requested fields, with values from the creator record', async () => {
    const t = await connect(creator, ['user.info.basic', 'user.info.profile', 'user.info.stats']);
    const some = await get(h, `${PATHS.userInfo}?fields=open_id,display_name,follower_count`, t.access_token);
    expectEnvelope(some, 200, 'ok');
    expect(some.json.data).toEqual({ user: { open_id: t.open_id, display_name: 'Stats Person', follower_count: 1234 } });

    const all = await get(h, `${PATHS.userInfo}?fields=${ALL_FIELDS}`, t.access_token);
    expectEnvelope(all, 200, 'ok');
    const u = all.json.data.user;
    expect(Object.keys(u).sort()).toEqual(ALL_FIELDS.split(',').sort());
    expect(u).toMatchObject({
      open_id: t.open_id,
      display_name: 'Stats Person',
      bio_description: 'I post numbers',
      is_verified: true,
      username: 'stats.person',
      follower_count: 1234,
      following_count: 56,
      likes_count: 78_901,
      video_count: 42,
    });
    for (const f of ['union_id', 'avatar_url', 'avatar_url_100', 'avatar_large_url', 'profile_deep_link']) expect(typeof u[f]).toBe('string');
  });

  it('a profile or stats field without its scope is 400 scope_permission_missed', async () => {
    const t = await connect(creator, ['user.info.basic', 'video.publish']);
    for (const field of ['username', 'bio_description', 'is_verified', 'follower_count', 'video_count']) {
      const res = await get(h, `${PATHS.userInfo}?fields=open_id,${field}`, t.access_token);
      expectEnvelope(res, 400, 'scope_permission_missed');
      expect(res.json.error.message).toContain(field);
    }
  });

  it("with user_info_missing_scope: 'omit' such fields are left out instead", async () => {
    const t = await connect(creator, ['user.info.basic', 'user.info.stats']);
    await h.emu.admin.settings({ user_info_missing_scope: 'omit' });
    const res = await get(h, `${PATHS.userInfo}?fields=open_id,username,bio_description,likes_count`, t.access_token);
    expectEnvelope(res, 200, 'ok');
    expect(res.json.data.user).toEqual({ open_id: t.open_id, likes_count: 78_901 });
  });

  it('a missing, empty or unknown fields parameter is 400 invalid_params (invalid_param when configured)', async () => {
    const t = await connect(creator);
    expectEnvelope(await get(h, PATHS.userInfo, t.access_token), 400, 'invalid_params');
    expectEnvelope(await get(h, `${PATHS.userInfo}?fields=`, t.access_token), 400, 'invalid_params');
    expectEnvelope(await get(h, `${PATHS.userInfo}?fields=open_id,shoe_size`, t.access_token), 400, 'invalid_params');
    await h.emu.admin.settings({ invalid_param_code: 'invalid_param' });
    expectEnvelope(await get(h, PATHS.userInfo, t.access_token), 400, 'invalid_param');
  });

  it('without user.info.basic it is 401 scope_not_authorized', async () => {
    const t = await connect(creator, ['video.publish']);
    expectEnvelope(await get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token), 401, 'scope_not_authorized');
  });
});

describe('POST /v2/post/publish/creator_info/query/', () => {
  beforeEach(() => start());

  it('a public creator: exactly the documented fields, values from the record', async () => {
    const t = await connect({ username: 'pub.lic', nickname: 'Public Person', avatar_url: 'https://p16.test/a.jpeg', comment_disabled: true, stitch_disabled: true, max_video_post_duration_sec: 300 });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expectEnvelope(res, 200, 'ok');
    expect(res.json.data).toEqual({
      creator_avatar_url: 'https://p16.test/a.jpeg',
      creator_username: 'pub.lic',
      creator_nickname: 'Public Person',
      privacy_level_options: PUBLIC_OPTIONS,
      comment_disabled: true,
      duet_disabled: false,
      stitch_disabled: true,
      max_video_post_duration_sec: 300,
    });
  });

  it('a private creator: FOLLOWER_OF_CREATOR instead of PUBLIC_TO_EVERYONE, duet and stitch disabled', async () => {
    const t = await connect({ username: 'pri.vate', is_private: true, duet_disabled: false, stitch_disabled: false, max_video_post_duration_sec: 180 });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expectEnvelope(res, 200, 'ok');
    expect(res.json.data.privacy_level_options).toEqual(PRIVATE_OPTIONS);
    expect(res.json.data.duet_disabled).toBe(true);
    expect(res.json.data.stitch_disabled).toBe(true);
    expect(res.json.data.comment_disabled).toBe(false);
    expect(res.json.data.max_video_post_duration_sec).toBe(180);
  });

  it('answers the latest creator settings on every call', async () => {
    const t = await connect({ username: 'changing' });
    expect((await post(h, PATHS.creatorInfo, t.access_token, {})).json.data.privacy_level_options).toEqual(PUBLIC_OPTIONS);
    await h.emu.admin.updateCreator(t.open_id, { is_private: true, comment_disabled: true, max_video_post_duration_sec: 60 });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expect(res.json.data).toMatchObject({ privacy_level_options: PRIVATE_OPTIONS, comment_disabled: true, duet_disabled: true, max_video_post_duration_sec: 60 });
  });

  it('accepts an empty body and {} alike', async () => {
    const t = await connect();
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token), 200, 'ok');
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, '{}'), 200, 'ok');
    expectEnvelope(await rawRequest(h, 'POST', PATHS.creatorInfo, { headers: { authorization: `Bearer ${t.access_token}` } }), 200, 'ok');
  });

  it('an unaudited app configured with unaudited_self_only_options offers only SELF_ONLY', async () => {
    await h.emu.admin.createApp({ ...OTHER_APP, redirect_uris: [OTHER_APP.redirect_uri], audited: false, unaudited_self_only_options: true });
    const t = await connect({ is_private: true }, undefined, OTHER_APP);
    expect((await post(h, PATHS.creatorInfo, t.access_token, {})).json.data.privacy_level_options).toEqual(['SELF_ONLY']);
  });
});

describe('§9 — ok (200) on every endpoint', () => {
  it('each endpoint answers 200 ok for a good request', async () => {
    await start();
    const t = await connect();
    expectEnvelope(await call('user_info', t.access_token), 200, 'ok');
    expectEnvelope(await call('creator_info', t.access_token), 200, 'ok');
    const video = await post(h, PATHS.videoInit, t.access_token, videoBody());
    expectEnvelope(video, 200, 'ok');
    expect(video.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d+$/);
    expect(video.json.data.upload_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload\/?\?upload_id=\d+&upload_token=\w+$/);
    const inbox = await post(h, PATHS.inboxInit, t.access_token, inboxBody(pullSource()));
    expectEnvelope(inbox, 200, 'ok');
    expect(inbox.json.data).toEqual({ publish_id: expect.stringMatching(/^v_inbox_url~v2\.\d+$/) });
    const photo = await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST'));
    expectEnvelope(photo, 200, 'ok');
    expect(photo.json.data).toEqual({ publish_id: expect.stringMatching(/^p_pub_url~v2\.\d+$/) });
    const status = await post(h, PATHS.status, t.access_token, { publish_id: video.json.data.publish_id });
    expectEnvelope(status, 200, 'ok');
    expect(status.json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 0 });
    const pull = await pullPublish(t.access_token);
    expectEnvelope(await post(h, PATHS.cancel, t.access_token, { publish_id: pull }), 200, 'ok');
    expect((await post(h, PATHS.status, t.access_token, { publish_id: pull })).json.data).toMatchObject({ status: 'FAILED', fail_reason: 'publish_cancelled' });
  });
});

describe('§9 — invalid_params (400) on the inits', () => {
  let t: Tokens;
  beforeEach(async () => {
    await start();
    t = await connect();
  });

  it('video init: missing source_info, a bad chunk plan, a non-string title', async () => {
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY' } }), 400, 'invalid_params');
    const badPlan = { source: 'FILE_UPLOAD', video_size: 50_000_123, chunk_size: 10_000_000, total_chunk_count: 6 };
    const plan = await post(h, PATHS.videoInit, t.access_token, videoBody('SELF_ONLY', badPlan));
    expectEnvelope(plan, 400, 'invalid_params');
    expect(plan.json.error.message).toMatch(/chunk/i);
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY', title: 7 }, source_info: wholeFile(1000) }), 400, 'invalid_params');
  });

  it('inbox init: missing or unknown source', async () => {
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, {}), 400, 'invalid_params');
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody({ source: 'CARRIER_PIGEON' })), 400, 'invalid_params');
  });

  it('content init: media_type VIDEO, unknown post_mode, cover index out of range', async () => {
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, { ...photoBody('DIRECT_POST'), media_type: 'VIDEO' }), 400, 'invalid_params');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, { ...photoBody('DIRECT_POST'), post_mode: 'DRAFT' }), 400, 'invalid_params');
    const body = photoBody('DIRECT_POST');
    body.source_info.photo_cover_index = 2;
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, body), 400, 'invalid_params');
  });

  it("the setting invalid_param_code: 'invalid_param' switches the spelling, same status", async () => {
    await h.emu.admin.settings({ invalid_param_code: 'invalid_param' });
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, {}), 400, 'invalid_param');
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, {}), 400, 'invalid_param');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, {}), 400, 'invalid_param');
  });

  it('video title: 2200 UTF-16 code units pass, 2201 fail — counted in code units, not characters', async () => {
    const emoji = '😀'.repeat(1100); // 1100 characters, 2200 UTF-16 code units
    expect(emoji.length).toBe(2200);
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody('SELF_ONLY', wholeFile(1000), emoji)), 200, 'ok');
    const over = `${emoji}a`; // 1101 characters, 2201 code units
    expect([...over].length).toBeLessThan(2200);
    const res = await post(h, PATHS.videoInit, t.access_token, videoBody('SELF_ONLY', wholeFile(1000), over));
    expectEnvelope(res, 400, 'invalid_params');
    expect(res.json.error.message).toContain('title');
  });

  it('photo title over 90 and description over 4000 code units fail', async () => {
    const ok = photoBody('DIRECT_POST', { title: '📷'.repeat(45), description: '📷'.repeat(2000) });
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, ok), 200, 'ok');
    const longTitle = await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST', { title: `${'📷'.repeat(45)}a` }));
    expectEnvelope(longTitle, 400, 'invalid_params');
    expect(longTitle.json.error.message).toContain('title');
    const longDesc = await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD', { description: `${'📷'.repeat(2000)}a` }));
    expectEnvelope(longDesc, 400, 'invalid_params');
    expect(longDesc.json.error.message).toContain('description');
  });

  it('35 photo images pass, 36 fail', async () => {
    const images = (n: number) => Array.from({ length: n }, (_, i) => `${MEDIA}img-${i}.jpg`);
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST', { images: images(35) })), 200, 'ok');
    const res = await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST', { images: images(36) }));
    expectEnvelope(res, 400, 'invalid_params');
    expect(res.json.error.message).toContain('photo_images');
  });
});

describe('§9 — app_version_check_failed (400, content init MEDIA_UPLOAD)', () => {
  it('an app older than 31.8 cannot take photo uploads; direct photo posts are unaffected', async () => {
    await start();
    const old = await connect({ app_version: '30.0.0' });
    const res = await post(h, PATHS.contentInit, old.access_token, photoBody('MEDIA_UPLOAD'));
    expectEnvelope(res, 400, 'app_version_check_failed');
    expectEnvelope(await post(h, PATHS.contentInit, old.access_token, photoBody('DIRECT_POST')), 200, 'ok');
    const current = await connect({ app_version: '31.8.0' });
    expectEnvelope(await post(h, PATHS.contentInit, current.access_token, photoBody('MEDIA_UPLOAD')), 200, 'ok');
  });
});

describe('§9 — publish_id errors (400) on status/fetch and cancel', () => {
  let t: Tokens;
  beforeEach(async () => {
    await start();
    t = await connect();
  });

  it('invalid_publish_id: unknown or missing publish_id', async () => {
    for (const path of [PATHS.status, PATHS.cancel]) {
      expectEnvelope(await post(h, path, t.access_token, { publish_id: 'v_pub_file~v2-1.123456789' }), 400, 'invalid_publish_id');
      expectEnvelope(await post(h, path, t.access_token, {}), 400, 'invalid_publish_id');
    }
  });

  it("token_not_authorized_for_specified_publish_id: another creator's publish, or the same creator through another app", async () => {
    const publishId = await pullPublish(t.access_token);
    const stranger = await connect();
    await h.emu.admin.createApp({ ...OTHER_APP, redirect_uris: [OTHER_APP.redirect_uri] });
    const otherAppToken = (await grantTokens(h, t.open_id, ['video.publish'], OTHER_APP)).access_token;
    for (const path of [PATHS.status, PATHS.cancel]) {
      expectEnvelope(await post(h, path, stranger.access_token, { publish_id: publishId }), 400, 'token_not_authorized_for_specified_publish_id');
      expectEnvelope(await post(h, path, otherAppToken, { publish_id: publishId }), 400, 'token_not_authorized_for_specified_publish_id');
    }
    // The owner still sees it downloading: nobody else's cancel went through.
    expect((await post(h, PATHS.status, t.access_token, { publish_id: publishId })).json.data.status).toBe('PROCESSING_DOWNLOAD');
  });

  it('publish_not_cancellable: a FILE_UPLOAD, and a pull already cancelled', async () => {
    const file = await initOk(PATHS.videoInit, t.access_token, videoBody());
    expectEnvelope(await post(h, PATHS.cancel, t.access_token, { publish_id: file }), 400, 'publish_not_cancellable');
    const pull = await pullPublish(t.access_token);
    expectEnvelope(await post(h, PATHS.cancel, t.access_token, { publish_id: pull }), 200, 'ok');
    expectEnvelope(await post(h, PATHS.cancel, t.access_token, { publish_id: pull }), 400, 'publish_not_cancellable');
  });
});

describe('§9 — spam_risk_too_many_posts (200 creator_info, 403 video and content init)', () => {
  it("a creator at the daily post cap can't post for 24 h", async () => {
    await start({ app: WEEK_TOKENS });
    const t = await connect({ daily_post_cap: 2 });
    await initOk(PATHS.videoInit, t.access_token, videoBody());
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 200, 'ok');
    await initOk(PATHS.contentInit, t.access_token, photoBody('DIRECT_POST'));
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 200, 'spam_risk_too_many_posts');
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 403, 'spam_risk_too_many_posts');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST')), 403, 'spam_risk_too_many_posts');
    await h.clock.advance(DAY_MS);
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 200, 'ok');
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 200, 'ok');
  });

  it('the cap is per creator and shared by every app', async () => {
    await start();
    const t = await connect({ daily_post_cap: 1 });
    await initOk(PATHS.videoInit, t.access_token, videoBody());
    await h.emu.admin.createApp({ ...OTHER_APP, redirect_uris: [OTHER_APP.redirect_uri], verified_url_prefixes: [MEDIA] });
    const tok = await grantTokens(h, t.open_id, ['video.publish'], OTHER_APP);
    expectEnvelope(await post(h, PATHS.videoInit, tok.access_token, videoBody()), 403, 'spam_risk_too_many_posts');
    const fresh = await connect({ daily_post_cap: 1 });
    expectEnvelope(await post(h, PATHS.videoInit, fresh.access_token, videoBody()), 200, 'ok');
  });
});

describe('§9 — spam_risk_user_banned_from_posting (200 creator_info, 403 on the three inits)', () => {
  it('a banned creator is told so everywhere', async () => {
    await start();
    const t = await connect({ banned: true });
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 200, 'spam_risk_user_banned_from_posting');
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 403, 'spam_risk_user_banned_from_posting');
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody()), 403, 'spam_risk_user_banned_from_posting');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST')), 403, 'spam_risk_user_banned_from_posting');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD')), 403, 'spam_risk_user_banned_from_posting');
    await h.emu.admin.updateCreator(t.open_id, { banned: false });
    expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 200, 'ok');
  });
});

describe('§9 — spam_risk_too_many_pending_share (403 inbox init and content init MEDIA_UPLOAD)', () => {
  beforeEach(() => start({ app: WEEK_TOKENS }));

  it('the 6th inbox share within 24 h is refused, for videos and photo uploads alike; 24 h later it is free', async () => {
    const t = await connect();
    for (let i = 0; i < 5; i++) await initOk(PATHS.inboxInit, t.access_token, inboxBody());
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody()), 403, 'spam_risk_too_many_pending_share');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD')), 403, 'spam_risk_too_many_pending_share');
    // Direct posts are not shares.
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 200, 'ok');
    await h.clock.advance(DAY_MS);
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody()), 200, 'ok');
  });

  it('photo uploads count as pending shares too', async () => {
    const t = await connect();
    for (let i = 0; i < 5; i++) await initOk(PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD'));
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD')), 403, 'spam_risk_too_many_pending_share');
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody(pullSource())), 403, 'spam_risk_too_many_pending_share');
    // The count is per creator.
    const other = await connect();
    expectEnvelope(await post(h, PATHS.contentInit, other.access_token, photoBody('MEDIA_UPLOAD')), 200, 'ok');
  });
});

describe('§9 — reached_active_user_cap (200 creator_info, 403 video and content init)', () => {
  it('an unaudited app (cap 5): the 6th distinct creator in 24 h is refused, earlier ones keep posting', async () => {
    await start({ app: { audited: false } });
    const five: Tokens[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await connect({ is_private: true });
      await initOk(PATHS.videoInit, t.access_token, videoBody('SELF_ONLY'));
      five.push(t);
    }
    const sixth = await connect({ is_private: true });
    expectEnvelope(await post(h, PATHS.creatorInfo, sixth.access_token, {}), 200, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.videoInit, sixth.access_token, videoBody('SELF_ONLY')), 403, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.contentInit, sixth.access_token, photoBody('DIRECT_POST', { privacy: 'SELF_ONLY' })), 403, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.creatorInfo, five[0]!.access_token, {}), 200, 'ok');
    expectEnvelope(await post(h, PATHS.videoInit, five[0]!.access_token, videoBody('SELF_ONLY')), 200, 'ok');
  });

  it('an app with active_creator_cap 1; the window moves after 24 h', async () => {
    await start({ app: { active_creator_cap: 1, ...WEEK_TOKENS } });
    const first = await connect();
    await initOk(PATHS.videoInit, first.access_token, videoBody());
    const second = await connect();
    expectEnvelope(await post(h, PATHS.creatorInfo, second.access_token, {}), 200, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.videoInit, second.access_token, videoBody()), 403, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.contentInit, second.access_token, photoBody('DIRECT_POST')), 403, 'reached_active_user_cap');
    expectEnvelope(await post(h, PATHS.contentInit, first.access_token, photoBody('DIRECT_POST')), 200, 'ok');
    await h.clock.advance(DAY_MS);
    expectEnvelope(await post(h, PATHS.videoInit, second.access_token, videoBody()), 200, 'ok');
  });
});

describe('§9 — unaudited_client_can_only_post_to_private_accounts (403 video and content init)', () => {
  it('an unaudited app may not direct-post to a public account, even SELF_ONLY; a private account works', async () => {
    await start({ app: { audited: false } });
    const pub = await connect({ is_private: false });
    expectEnvelope(await post(h, PATHS.videoInit, pub.access_token, videoBody('PUBLIC_TO_EVERYONE')), 403, 'unaudited_client_can_only_post_to_private_accounts');
    expectEnvelope(await post(h, PATHS.videoInit, pub.access_token, videoBody('SELF_ONLY')), 403, 'unaudited_client_can_only_post_to_private_accounts');
    expectEnvelope(
      await post(h, PATHS.contentInit, pub.access_token, photoBody('DIRECT_POST', { privacy: 'SELF_ONLY' })),
      403,
      'unaudited_client_can_only_post_to_private_accounts',
    );
    const priv = await connect({ is_private: true });
    expectEnvelope(await post(h, PATHS.videoInit, priv.access_token, videoBody('SELF_ONLY')), 200, 'ok');
    expectEnvelope(await post(h, PATHS.contentInit, priv.access_token, photoBody('DIRECT_POST', { privacy: 'SELF_ONLY' })), 200, 'ok');
  });
});

describe('§9 — url_ownership_unverified (403 video, inbox and content init)', () => {
  const PREFIXES = ['static.example.com', 'https://media.example.org/videos/user/', 'http://127.0.0.1:4999/media/', 'https://CDN.Mixed.test/Clips/'];

  it('every init refuses a URL outside the verified properties', async () => {
    await start({ app: { verified_url_prefixes: PREFIXES } });
    const t = await connect();
    const bad = 'https://elsewhere.example.net/v.mp4';
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody('PUBLIC_TO_EVERYONE', pullSource(bad))), 403, 'url_ownership_unverified');
    expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody(pullSource(bad))), 403, 'url_ownership_unverified');
    const images = ['https://static.example.com/1.jpg', 'https://elsewhere.example.net/2.jpg'];
    const direct = await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST', { images }));
    expectEnvelope(direct, 403, 'url_ownership_unverified');
    expect(direct.json.error.message).toContain('image 2 of 2');
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD', { images })), 403, 'url_ownership_unverified');
  });

  it('a domain covers itself and its subdomains; a URL prefix is an exact prefix; http only for a registered loopback', async () => {
    await start({ app: { verified_url_prefixes: PREFIXES }, settings: { rate_limits: { video_init: 1_000 } } });
    const t = await connect({ daily_post_cap: 1_000 });
    const verified = [
      'https://static.example.com/v.mp4',
      'https://video.static.example.com/v.mp4',
      'https://a.b.static.example.com/deep/path/v.mp4',
      'https://media.example.org/videos/user/123/example.mp4',
      'http://127.0.0.1:4999/media/v.mp4',
      'https://cdn.mixed.test/Clips/v.mp4', // hosts compare case-insensitively
    ];
    const unverified = [
      'https://example.com/v.mp4', // parent of the verified domain
      'https://notstatic.example.com/v.mp4', // suffix without a dot boundary
      'https://static.example.com.evil.test/v.mp4',
      'http://static.example.com/v.mp4', // http for a real domain
      'https://media.example.org/videos/2023/user/123/example.mp4', // not under the prefix
      'https://media.example.org/videos/username/1.mp4',
      'https://media.example.org/videos/user/../../secret.mp4', // normalises out of the prefix
      'https://cdn.media.example.org/videos/user/1.mp4', // prefixes do not cover subdomains
      'http://media.example.org/videos/user/1.mp4',
      'http://127.0.0.1:5000/media/v.mp4', // another loopback port
      'http://localhost:4999/media/v.mp4', // loopback name not registered
      'https://cdn.mixed.test/clips/v.mp4', // paths do not
      'ftp://static.example.com/v.mp4',
      'not a url',
    ];
    for (const url of verified) {
      const res = await post(h, PATHS.videoInit, t.access_token, videoBody('PUBLIC_TO_EVERYONE', pullSource(url)));
      expect({ url, code: res.json.error.code }).toEqual({ url, code: 'ok' });
    }
    for (const url of unverified) {
      const res = await post(h, PATHS.videoInit, t.access_token, videoBody('PUBLIC_TO_EVERYONE', pullSource(url)));
      expect({ url, status: res.status, code: res.json.error.code }).toEqual({ url, status: 403, code: 'url_ownership_unverified' });
    }
  });
});

describe('§9 — privacy_level_option_mismatch (403 video and content init)', () => {
  beforeEach(() => start());

  it('missing privacy_level', async () => {
    const t = await connect();
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody(null)), 403, 'privacy_level_option_mismatch');
    const photo = photoBody('DIRECT_POST');
    delete (photo.post_info as { privacy_level?: string }).privacy_level;
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photo), 403, 'privacy_level_option_mismatch');
    // A photo upload to the inbox carries no privacy level.
    expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD')), 200, 'ok');
  });

  it("a level not among the creator's options", async () => {
    const priv = await connect({ is_private: true });
    expectEnvelope(await post(h, PATHS.videoInit, priv.access_token, videoBody('PUBLIC_TO_EVERYONE')), 403, 'privacy_level_option_mismatch');
    expectEnvelope(await post(h, PATHS.contentInit, priv.access_token, photoBody('DIRECT_POST', { privacy: 'PUBLIC_TO_EVERYONE' })), 403, 'privacy_level_option_mismatch');
    expectEnvelope(await post(h, PATHS.videoInit, priv.access_token, videoBody('FOLLOWER_OF_CREATOR')), 200, 'ok');
    const pub = await connect();
    expectEnvelope(await post(h, PATHS.videoInit, pub.access_token, videoBody('FOLLOWER_OF_CREATOR')), 403, 'privacy_level_option_mismatch');
    expectEnvelope(await post(h, PATHS.videoInit, pub.access_token, videoBody('EVERYONE')), 403, 'privacy_level_option_mismatch');
    expectEnvelope(await post(h, PATHS.videoInit, pub.access_token, videoBody('MUTUAL_FOLLOW_FRIENDS')), 200, 'ok');
  });
});

const ALL_ENDPOINTS: Endpoint[] = ['user_info', 'creator_info', 'video_init', 'inbox_video_init', 'content_init', 'status_fetch', 'cancel'];

describe('§9 — access_token_invalid (401) on every endpoint', () => {
  it('missing header, malformed header, unknown token, expired token', async () => {
    await start();
    const t = await connect();
    const publishId = await pullPublish(t.access_token);
    const bodyFor = (e: Endpoint) => (e === 'status_fetch' || e === 'cancel' ? { publish_id: publishId } : e === 'video_init' ? videoBody() : e === 'content_init' ? photoBody('DIRECT_POST') : e === 'inbox_video_init' ? inboxBody() : {});
    const headerCases: Array<[string, Record<string, string>]> = [
      ['missing', {}],
      ['basic scheme', { authorization: `Basic ${t.access_token}` }],
      ['bearer without token', { authorization: 'Bearer' }],
      ['two tokens', { authorization: `Bearer ${t.access_token} extra` }],
      ['raw token', { authorization: t.access_token }],
      ['unknown token', { authorization: 'Bearer act.this-token-was-never-issued' }],
    ];
    for (const e of ALL_ENDPOINTS) {
      for (const [label, headers] of headerCases) {
        const res =
          e === 'user_info'
            ? await rawRequest(h, 'GET', `${PATHS.userInfo}?fields=open_id`, { headers })
            : await rawRequest(h, 'POST', PATH_OF[e], { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(bodyFor(e)) });
        expect({ e, label, status: res.status, code: res.json?.error?.code }).toEqual({ e, label, status: 401, code: 'access_token_invalid' });
        expect(res.json.data).toEqual({});
      }
    }
    await h.clock.advance(DAY_MS);
    for (const e of ALL_ENDPOINTS) expectEnvelope(await call(e, t.access_token, bodyFor(e)), 401, 'access_token_invalid');
  });
});

describe('§9 — scope_not_authorized (401)', () => {
  it('each endpoint checks the scope it needs', async () => {
    await start();
    const basic = await connect({}, ['user.info.basic']);
    const upload = await connect({}, ['user.info.basic', 'video.upload']);
    const publish = await connect({}, ['video.publish']);
    const full = await connect();
    const publishId = await pullPublish(full.access_token);
    const pid = { publish_id: publishId };

    // video.publish: creator_info, video init, content DIRECT_POST
    for (const t of [basic, upload]) {
      expectEnvelope(await post(h, PATHS.creatorInfo, t.access_token, {}), 401, 'scope_not_authorized');
      expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 401, 'scope_not_authorized');
      expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST')), 401, 'scope_not_authorized');
    }
    // video.upload: inbox init, content MEDIA_UPLOAD
    for (const t of [basic, publish]) {
      expectEnvelope(await post(h, PATHS.inboxInit, t.access_token, inboxBody()), 401, 'scope_not_authorized');
      expectEnvelope(await post(h, PATHS.contentInit, t.access_token, photoBody('MEDIA_UPLOAD')), 401, 'scope_not_authorized');
    }
    // status and cancel: either scope; neither → 401 before the publish_id is even looked at
    expectEnvelope(await post(h, PATHS.status, basic.access_token, pid), 401, 'scope_not_authorized');
    expectEnvelope(await post(h, PATHS.cancel, basic.access_token, pid), 401, 'scope_not_authorized');
    const inboxId = await initOk(PATHS.inboxInit, upload.access_token, inboxBody());
    expectEnvelope(await post(h, PATHS.status, upload.access_token, { publish_id: inboxId }), 200, 'ok');
    const ownPull = await pullPublish(publish.access_token);
    expectEnvelope(await post(h, PATHS.status, publish.access_token, { publish_id: ownPull }), 200, 'ok');
    expectEnvelope(await post(h, PATHS.cancel, publish.access_token, { publish_id: ownPull }), 200, 'ok');
    // and the scopes that are there work
    expectEnvelope(await post(h, PATHS.contentInit, upload.access_token, photoBody('MEDIA_UPLOAD')), 200, 'ok');
    expectEnvelope(await post(h, PATHS.creatorInfo, publish.access_token, {}), 200, 'ok');
  });
});

describe('§9 — rate_limit_exceeded (429) at each documented per-token limit', () => {
  /** Sends `limit` good requests (none limited), then one more, which must be 429. */
  async function exhaust(send: () => Promise<RawResponse>, limit: number, okCode = 'ok') {
    for (let i = 0; i < limit; i++) {
      const res = await send();
      expect({ i, code: res.json.error.code }).toEqual({ i, code: okCode });
    }
    const over = await send();
    expectEnvelope(over, 429, 'rate_limit_exceeded');
  }

  it('creator_info: 20 per minute (TikTok’s real limit)', async () => {
    await start();
    const t = await connect();
    await exhaust(() => post(h, PATHS.creatorInfo, t.access_token, {}), 20);
  });

  it('video init: 6 per minute', async () => {
    await start();
    const t = await connect();
    await exhaust(() => post(h, PATHS.videoInit, t.access_token, videoBody()), 6);
  });

  it('inbox init: 6 per minute', async () => {
    await start({ settings: { pending_share_cap: 10 } });
    const t = await connect();
    await exhaust(() => post(h, PATHS.inboxInit, t.access_token, inboxBody()), 6);
  });

  it('content init: 6 per minute', async () => {
    await start();
    const t = await connect();
    await exhaust(() => post(h, PATHS.contentInit, t.access_token, photoBody('DIRECT_POST')), 6);
  });

  it('status/fetch: 30 per minute', async () => {
    await start();
    const t = await connect();
    const publishId = await initOk(PATHS.videoInit, t.access_token, videoBody());
    await exhaust(() => post(h, PATHS.status, t.access_token, { publish_id: publishId }), 30);
  });

  it('cancel: 6 per minute (the init limit; TikTok documents none)', async () => {
    await start();
    const t = await connect();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await pullPublish(t.access_token));
    let i = 0;
    await exhaust(() => post(h, PATHS.cancel, t.access_token, { publish_id: ids[Math.min(i++, 5)] }), 6);
  });

  it('user info: 600 per minute (TikTok’s real limit), and a lowered limit through the rate_limits setting', async () => {
    await start();
    const t = await connect();
    await exhaust(() => get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token), 600);
    await h.emu.admin.settings({ rate_limits: { user_info: 5 } });
    const u = await connect();
    await exhaust(() => get(h, `${PATHS.userInfo}?fields=open_id`, u.access_token), 5);
  });

  it('the window slides: a slot frees 60 s after the request that took it', async () => {
    await start();
    const t = await connect();
    const ci = () => post(h, PATHS.creatorInfo, t.access_token, {});
    for (let i = 0; i < 10; i++) expectEnvelope(await ci(), 200, 'ok');
    await h.clock.advance(30_000);
    for (let i = 0; i < 10; i++) expectEnvelope(await ci(), 200, 'ok');
    expectEnvelope(await ci(), 429, 'rate_limit_exceeded');
    await h.clock.advance(29_999);
    expectEnvelope(await ci(), 429, 'rate_limit_exceeded');
    await h.clock.advance(1);
    // The first ten are now older than 60 s; the second ten still count.
    for (let i = 0; i < 10; i++) expectEnvelope(await ci(), 200, 'ok');
    expectEnvelope(await ci(), 429, 'rate_limit_exceeded');
  });

  it('limits are per token and per endpoint', async () => {
    await start();
    const a = await connect();
    for (let i = 0; i < 20; i++) await post(h, PATHS.creatorInfo, a.access_token, {});
    expectEnvelope(await post(h, PATHS.creatorInfo, a.access_token, {}), 429, 'rate_limit_exceeded');
    // Same token, other endpoints: unaffected.
    expectEnvelope(await get(h, `${PATHS.userInfo}?fields=open_id`, a.access_token), 200, 'ok');
    expectEnvelope(await post(h, PATHS.videoInit, a.access_token, videoBody()), 200, 'ok');
    // Another creator's token: its own budget.
    const b = await connect();
    expectEnvelope(await post(h, PATHS.creatorInfo, b.access_token, {}), 200, 'ok');
    // A second token of the same creator and app (a new consent): its own budget too.
    const again = await grantTokens(h, a.open_id, ['video.publish']);
    expectEnvelope(await post(h, PATHS.creatorInfo, again.access_token, {}), 200, 'ok');
  });
});

describe('§9 — internal_error (5xx) through injected faults', () => {
  it('POST /_emulator/faults {endpoint, kind: error} makes each endpoint answer 500 internal_error once', async () => {
    await start();
    const t = await connect();
    const publishId = await initOk(PATHS.videoInit, t.access_token, videoBody());
    const bodyFor = (e: Endpoint) => (e === 'status_fetch' || e === 'cancel' ? { publish_id: publishId } : e === 'video_init' ? videoBody() : e === 'content_init' ? photoBody('DIRECT_POST') : e === 'inbox_video_init' ? inboxBody() : {});
    for (const e of ALL_ENDPOINTS) {
      const added = await rawRequest(h, 'POST', '/_emulator/faults', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: e, kind: 'error', count: 1 }) });
      expect(added.status).toBe(200);
      expectEnvelope(await call(e, t.access_token, bodyFor(e)), 500, 'internal_error');
      const after = await call(e, t.access_token, bodyFor(e));
      expect(after.status).toBeLessThan(500);
    }
  });

  it('a fault may pick another 5xx status', async () => {
    await start();
    const t = await connect();
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'error', status: 503, count: 1 });
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 503, 'internal_error');
    expectEnvelope(await post(h, PATHS.videoInit, t.access_token, videoBody()), 200, 'ok');
  });
});

describe('GET /_emulator/requests', () => {
  it('records endpoint, token owner, status and error code of each API request', async () => {
    await start();
    const t = await connect();
    await post(h, PATHS.creatorInfo, t.access_token, {});
    await post(h, PATHS.videoInit, t.access_token, videoBody(null));
    await post(h, PATHS.creatorInfo, undefined, {});
    await get(h, `${PATHS.userInfo}?fields=open_id`, t.access_token);
    const res = await rawRequest(h, 'GET', '/_emulator/requests');
    expect(res.status).toBe(200);
    const log = (res.json as Array<Record<string, unknown>>).filter((r) => r.endpoint !== 'oauth_token');
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({ method: 'POST', path: PATHS.creatorInfo, endpoint: 'creator_info', open_id: t.open_id, client_key: APP.client_key, status: 200 });
    expect([undefined, 'ok']).toContain(log[0]!.error_code);
    expect(log[1]).toMatchObject({ endpoint: 'video_init', open_id: t.open_id, status: 403, error_code: 'privacy_level_option_mismatch' });
    expect(log[2]).toMatchObject({ endpoint: 'creator_info', status: 401, error_code: 'access_token_invalid' });
    expect(log[2]!.open_id).toBeUndefined();
    expect(log[3]).toMatchObject({ method: 'GET', endpoint: 'user_info', open_id: t.open_id, status: 200 });
    for (const r of log) expect(r.time).toBe(h.emu.now());
  });
});
