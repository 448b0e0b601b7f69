// Posts through the REST API: TikTok's composer rules refused with the field, the rule and the
// fix; warnings; the detail view with timeline and attempts; edits, cancel, retry conflicts; creator
// info; and one post published end to end by a worker against the emulator, with its public link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { APP_SECRET, startHarness, type Harness } from './support/harness.js';
import { errorOf, postBody, postReaches, video } from './support/posts.js';

let h: Harness;
const PUBLIC_OPTIONS = 'PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY';

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const countPosts = async () => (await h.engine.store.posts.list({})).length;

describe('POST /api/posts refuses what TikTok forbids, naming the field, the rule and the fix', () => {
  it('no default privacy: a missing privacyLevel names the creator’s options', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const before = await countPosts();
    const { privacyLevel: _omitted, ...body } = postBody(account.id, [media.id]);
    const r = await h.request('POST', '/api/posts', { body });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).code).toBe('ERR_VALIDATION');
    expect(errorOf(r.body).issues).toEqual([
      { field: 'privacyLevel', rule: 'privacy_required', message: `required: TikTok allows no default privacy level. Choose one of this creator's options: ${PUBLIC_OPTIONS}.` },
    ]);
    expect(await countPosts()).toBe(before);
  });

  it('a privacy level the creator does not offer, and interactions the creator switched off', async () => {
    const account = await h.connectAccount({ creator: { comment_disabled: true, duet_disabled: true, stitch_disabled: true } });
    const media = await video(h);
    const r = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { privacyLevel: 'FOLLOWER_OF_CREATOR', allowComment: true, allowDuet: true, allowStitch: true }) });
    expect(r.status).toBe(400);
    const issues = errorOf(r.body).issues ?? [];
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['privacyLevel', 'privacy_not_offered'],
      ['allowComment', 'comments_disabled_by_creator'],
      ['allowDuet', 'duet_disabled_by_creator'],
      ['allowStitch', 'stitch_disabled_by_creator'],
    ]);
    expect(issues[0]!.message).toBe(`FOLLOWER_OF_CREATOR is not among this creator's privacy options (${PUBLIC_OPTIONS}); choose one of them.`);
    expect(issues[1]!.message).toContain('Send allowComment: false.');
    expect(issues[2]!.message).toContain('Send allowDuet: false.');
    expect(issues[3]!.message).toContain('Send allowStitch: false.');
  });

  it('branded content cannot be SELF_ONLY', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const r = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { privacyLevel: 'SELF_ONLY', disclosure: { yourBrand: false, brandedContent: true } }) });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).issues).toEqual([
      {
        field: 'privacyLevel',
        rule: 'branded_content_private',
        message: 'branded content cannot be visible only to the creator (SELF_ONLY): choose PUBLIC_TO_EVERYONE or MUTUAL_FOLLOW_FRIENDS, or set disclosure.brandedContent to false.',
      },
    ]);
  });

  it("a video longer than the creator's maximum", async () => {
    const account = await h.connectAccount({ creator: { max_video_post_duration_sec: 1 } });
    const media = await video(h, { seconds: 2 });
    const r = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id]) });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).issues).toEqual([
      { field: 'mediaIds', rule: 'duration_over_creator_max', message: 'the video lasts 2 s and this creator may post videos of up to 1 s: trim the video or post it to another account.' },
    ]);
  });

  it('media whose preflight found errors, with the fix to run', async () => {
    const account = await h.connectAccount();
    const small = await video(h, { width: 320, height: 240 });
    const r = await h.request('POST', '/api/posts', { body: postBody(account.id, [small.id]) });
    expect(r.status).toBe(400);
    const [issue, ...rest] = errorOf(r.body).issues ?? [];
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ field: 'mediaIds', rule: 'media_preflight_errors' });
    expect(issue!.message).toContain(`media ${small.id} would be rejected by TikTok: 320x240 is below TikTok's minimum of 360 px per side.`);
    expect(issue!.message).toContain(`Fix it (POST /api/media/${small.id}/fix) and post the fixed media instead.`);
  });

  it('shape errors name the field; an unknown account is a 400 on accountId; nothing is stored', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const before = await countPosts();
    const { allowComment: _a, ...noComment } = postBody(account.id, [media.id]);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [noComment, ['allowComment']],
      [postBody(account.id, [media.id], { scheduledAt: 1_900_000_000_000 }), ['scheduledAt']],
      [postBody(account.id, [media.id], { scheduledAt: '2026-12-03 09:00' }), ['scheduledAt']],
      [postBody(account.id, [media.id], { mode: 'later' }), ['mode']],
      [postBody(account.id, [media.id], { disclosure: { yourBrand: true } }), ['disclosure.brandedContent']],
      [postBody(account.id, [media.id], { privacyLevel: 'EVERYONE' }), ['privacyLevel']],
      [postBody(account.id, [], {}), ['mediaIds']],
      [postBody(account.id, [media.id], { extra: 1 }), ['extra']],
      [postBody('acct_unknown', [media.id]), ['accountId']],
      [postBody(account.id, ['med_unknown']), ['mediaIds']],
    ];
    for (const [body, fields] of cases) {
      const r = await h.request('POST', '/api/posts', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r.body).issues?.map((i) => i.field), JSON.stringify(body)).toEqual(fields);
    }
    expect(await countPosts()).toBe(before);
  });
});

describe('creating, showing and changing a post', () => {
  it('201 with warnings; GET shows the timeline, no attempts, no diagnosis, no link yet', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const r = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { scheduledAt: '2099-01-02T03:04:05Z', title: 'later #soon' }) });
    expect(r.status).toBe(201);
    const { post, warnings } = r.body as { post: Record<string, unknown>; warnings: Array<{ code: string; message: string }> };
    expect(post).toMatchObject({ accountId: account.id, state: 'scheduled', scheduledAt: Date.UTC(2099, 0, 2, 3, 4, 5), title: 'later #soon', privacyLevel: 'PUBLIC_TO_EVERYONE', version: 1 });
    // The 2-second fixture is short: TikTok's apps require 3 s.
    expect(warnings.map((w) => w.code)).toContain('preflight.video_shorter_than_3s');

    const shown = await h.request('GET', `/api/posts/${String(post['id'])}`);
    expect(shown.status).toBe(200);
    const detail = shown.body as { post: Record<string, unknown>; timeline: Array<Record<string, unknown>>; attempts: unknown[]; diagnosis: unknown; publicUrl: unknown };
    expect(detail.post['id']).toBe(post['id']);
    expect(detail.timeline).toEqual([expect.objectContaining({ seq: 1, fromState: null, toState: 'scheduled', actor: 'user', message: 'Scheduled.' })]);
    expect(detail.attempts).toEqual([]);
    expect(detail.diagnosis).toBeNull();
    expect(detail.publicUrl).toBeNull();

    const missing = await h.request('GET', '/api/posts/post_unknown');
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body)).toEqual({ code: 'ERR_NOT_FOUND', message: 'post post_unknown does not exist' });
  });

  it('PATCH edits and reschedules, a stale version is 409; cancel; a cancelled post is locked; retry of a scheduled post is 409', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const created = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { scheduledAt: '2099-01-02T03:04:05Z' }) });
    const id = String((created.body as { post: { id: string } }).post.id);

    const patched = await h.request('PATCH', `/api/posts/${id}`, { body: { title: 'edited', scheduledAt: '2099-02-01T00:00:00+01:00', version: 1 } });
    expect(patched.status).toBe(200);
    expect((patched.body as { post: Record<string, unknown> }).post).toMatchObject({ title: 'edited', scheduledAt: Date.UTC(2099, 0, 31, 23), version: 2 });

    // The composer rules hold for edits too.
    const notOffered = await h.request('PATCH', `/api/posts/${id}`, { body: { privacyLevel: 'FOLLOWER_OF_CREATOR' } });
    expect(notOffered.status).toBe(400);
    expect(errorOf(notOffered.body).issues?.map((i) => [i.field, i.rule])).toEqual([['privacyLevel', 'privacy_not_offered']]);

    const stale = await h.request('PATCH', `/api/posts/${id}`, { body: { title: 'lost update', version: 1 } });
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body).code).toBe('ERR_CONFLICT');
    const badField = await h.request('PATCH', `/api/posts/${id}`, { body: { accountId: 'acct_other' } });
    expect(badField.status).toBe(400);
    expect(errorOf(badField.body).issues).toEqual([{ field: 'accountId', message: 'is not a known field' }]);

    const retried = await h.request('POST', `/api/posts/${id}/retry`, { body: {} });
    expect(retried.status).toBe(409);
    expect(errorOf(retried.body)).toEqual({ code: 'ERR_CONFLICT', message: 'a scheduled post cannot be retried; only failed, missed or held posts can' });

    const cancelled = await h.request('POST', `/api/posts/${id}/cancel`, { body: { reason: 'changed my mind' } });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as { post: { state: string } }).post.state).toBe('cancelled');
    expect(await h.engine.store.jobs.get(`publish:${id}`)).toBeUndefined();

    const again = await h.request('POST', `/api/posts/${id}/cancel`, { body: {} });
    expect(again.status).toBe(423);
    expect(errorOf(again.body)).toEqual({ code: 'ERR_LOCKED', message: 'the post is cancelled and can no longer change' });
    const editCancelled = await h.request('PATCH', `/api/posts/${id}`, { body: { title: 'too late' } });
    expect(editCancelled.status).toBe(423);
    expect((await h.request('POST', '/api/posts/post_unknown/cancel', { body: {} })).status).toBe(404);
  });
});

describe('GET /api/accounts/:id/creator-info', () => {
  it("answers the creator's current options fresh, in camelCase", async () => {
    const account = await h.connectAccount({ creator: { nickname: 'Info Creator', avatar_url: 'https://avatars.example.test/info.jpg', stitch_disabled: true, max_video_post_duration_sec: 600 } });
    const r = await h.request('GET', `/api/accounts/${account.id}/creator-info`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      creatorInfo: {
        avatarUrl: 'https://avatars.example.test/info.jpg',
        username: account.username,
        nickname: 'Info Creator',
        privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
        commentDisabled: false,
        duetDisabled: false,
        stitchDisabled: true,
        maxVideoPostDurationSec: 600,
      },
    });
    // Fresh: a change in TikTok shows at once.
    await h.emu.admin.updateCreator(account.openId, { is_private: true });
    const after = await h.request('GET', `/api/accounts/${account.id}/creator-info`);
    expect((after.body as { creatorInfo: { privacyLevelOptions: string[]; duetDisabled: boolean } }).creatorInfo).toMatchObject({
      privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      duetDisabled: true,
    });
    const attempts = await h.engine.store.attempts.list({ accountId: account.id, kind: 'creator_info' });
    expect(attempts.map((a) => a.outcome)).toEqual(['ok', 'ok']);
  });

  it('a creator who cannot post now is a 409 saying so; a revoked grant asks for a reconnect; an unknown account is a 404', async () => {
    const banned = await h.connectAccount();
    await h.emu.admin.updateCreator(banned.openId, { banned: true });
    const r = await h.request('GET', `/api/accounts/${banned.id}/creator-info`);
    expect(r.status).toBe(409);
    expect(errorOf(r.body).code).toBe('ERR_CREATOR_CANNOT_POST');
    expect(errorOf(r.body).message).toMatch(/^TikTok says the creator cannot post right now \(spam_risk_user_banned_from_posting\): TikTok has banned this creator from posting; the creator must resolve it with TikTok \(TikTok log id \w+\)$/);
    // The composer rules of POST /api/posts ask the same and stop the same way.
    const media = await video(h);
    const post = await h.request('POST', '/api/posts', { body: postBody(banned.id, [media.id]) });
    expect(post.status).toBe(409);
    expect(errorOf(post.body).code).toBe('ERR_CREATOR_CANNOT_POST');

    // A ban does not lift by itself: a post for later is refused too.
    const later = await h.request('POST', '/api/posts', { body: postBody(banned.id, [media.id], { scheduledAt: '2099-01-01T00:00:00Z' }) });
    expect(later.status).toBe(409);

    const revoked = await h.connectAccount();
    await h.emu.admin.revoke(revoked.openId, { client_key: (await h.engine.store.apps.list())[0]!.clientKey });
    const gone = await h.request('GET', `/api/accounts/${revoked.id}/creator-info`);
    expect(gone.status).toBe(409);
    expect(errorOf(gone.body).code).toBe('ERR_ACCOUNT_NEEDS_RECONNECT');
    expect(errorOf(gone.body).message).toContain('access_token_invalid');

    const unknown = await h.request('GET', '/api/accounts/acct_unknown/creator-info');
    expect(unknown.status).toBe(404);
  });
});

describe('a creator at a daily limit', () => {
  it('cannot post now (409), but a post for later is accepted with a warning and still checked', async () => {
    const account = await h.connectAccount({ creator: { daily_post_cap: 0 } });
    const media = await video(h);
    const now = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id]) });
    expect(now.status).toBe(409);
    expect(errorOf(now.body).code).toBe('ERR_CREATOR_CANNOT_POST');
    expect(errorOf(now.body).message).toContain('(spam_risk_too_many_posts)');

    const later = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { scheduledAt: '2099-01-01T00:00:00Z' }) });
    expect(later.status).toBe(201);
    const warning = (later.body as { warnings: Array<{ code: string; message: string }> }).warnings.find((w) => w.code === 'creator_cannot_post_now');
    expect(warning?.message).toMatch(/^TikTok says the creator cannot post right now \(spam_risk_too_many_posts\): .* The post is scheduled for later, so it is accepted; TikTok is asked again when it is due\.$/);

    // Still no default privacy.
    const { privacyLevel: _omitted, ...noPrivacy } = postBody(account.id, [media.id], { scheduledAt: '2099-01-01T00:00:00Z' });
    const refused = await h.request('POST', '/api/posts', { body: noPrivacy });
    expect(refused.status).toBe(400);
    expect(errorOf(refused.body).issues?.map((i) => i.field)).toEqual(['privacyLevel']);
  });
});

describe('end to end', () => {
  it('a post created over the API is published by a worker against the emulator, and GET shows its public link', async () => {
    await h.emu.admin.settings({ processing_delay_ms: 0, moderation_delay_ms: 0 });
    const account = await h.connectAccount();
    const media = await h.engine.media.register({ path: await goodMp4() });
    const created = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { title: 'end to end #api' }) });
    expect(created.status).toBe(201);
    const id = String((created.body as { post: { id: string } }).post.id);
    const published = postReaches(h.engine, id, ['published', 'failed', 'needs_action']);
    const worker = h.engine.createWorker({ watchdog: false });
    try {
      expect(await published).toBe('published');
      // TikTok's later webhooks (publicly available) are delivered and processed.
      await h.emu.idle();
      await worker.whenIdle();
    } finally {
      await worker.stop();
    }
    const truth = (await h.emu.admin.posts()).filter((p) => p.open_id === account.openId);
    expect(truth).toHaveLength(1);
    expect(truth[0]).toMatchObject({ title: 'end to end #api', privacy_level: 'PUBLIC_TO_EVERYONE' });

    const shown = await h.request('GET', `/api/posts/${id}`);
    const detail = shown.body as { post: { state: string; tiktokPostIds: string[] }; timeline: Array<{ toState: string; reason: string | null; actor: string }>; attempts: Array<{ kind: string; outcome: string; logId: string | null; errorCode: string | null }>; publicUrl: string };
    expect(detail.post.state).toBe('published');
    expect(detail.post.tiktokPostIds).toEqual([truth[0]!.post_id]);
    expect(detail.publicUrl).toBe(`https://www.tiktok.com/@${account.username}/video/${truth[0]!.post_id}`);
    // The last entry notes TikTok's publicly_available webhook, received through POST /api/webhooks/tiktok.
    expect(detail.timeline.map((e) => e.toState)).toEqual(['scheduled', 'publishing', 'processing', 'published', 'published']);
    expect(detail.timeline.at(-1)).toMatchObject({ reason: 'publicly_available', actor: 'tiktok:webhook' });
    const init = detail.attempts.find((a) => a.kind === 'init');
    expect(init).toMatchObject({ outcome: 'ok', errorCode: null });
    expect(init!.logId).toMatch(/^\d{14}[0-9A-F]+$/);
    expect(detail.attempts.map((a) => a.kind)).toContain('creator_info');
  });
});

describe('a failed post', () => {
  it('GET shows its diagnosis and the attempt with TikTok’s raw code and log id; retry queues it again', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const created = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id], { scheduledAt: '2099-06-01T00:00:00Z' }) });
    const id = String((created.body as { post: { id: string } }).post.id);
    // Banned after scheduling: the publish run's own creator_info meets it.
    await h.emu.admin.updateCreator(account.openId, { banned: true });
    await h.request('PATCH', `/api/posts/${id}`, { body: { scheduledAt: null } });
    const failed = postReaches(h.engine, id, ['failed', 'needs_action', 'published']);
    const worker = h.engine.createWorker({ watchdog: false });
    try {
      expect(await failed).toBe('failed');
      await worker.whenIdle();
    } finally {
      await worker.stop();
    }
    const detail = (await h.request('GET', `/api/posts/${id}`)).body as {
      diagnosis: { rawCode: string; family: number; known: boolean; fix: string; logId: string | null };
      attempts: Array<{ kind: string; errorCode: string | null; logId: string | null; httpStatus: number | null }>;
    };
    expect(detail.diagnosis).toMatchObject({ rawCode: 'spam_risk_user_banned_from_posting', family: 9, known: true });
    expect(detail.diagnosis.fix).toContain('resolve the ban with TikTok');
    const call = detail.attempts.find((a) => a.kind === 'creator_info');
    expect(call).toMatchObject({ errorCode: 'spam_risk_user_banned_from_posting', httpStatus: 200 });
    expect(call!.logId).toMatch(/^\d{14}[0-9A-F]+$/);
    expect(detail.diagnosis.logId).toBe(call!.logId);

    const retried = await h.request('POST', `/api/posts/${id}/retry`, { body: {} });
    expect(retried.status).toBe(200);
    expect((retried.body as { post: { state: string } }).post.state).toBe('scheduled');
  });
});

describe('logs', () => {
  it('no log line carries the client secret, the API key or an account token', async () => {
    const tokens = (await h.engine.store.accounts.list()).flatMap((a) => [a.accessToken, a.refreshToken]);
    expect(tokens.length).toBeGreaterThan(0);
    const text = h.logLines.join('');
    for (const secret of [APP_SECRET, h.key, ...tokens]) expect(text).not.toContain(secret);
  });
});
