// Every error code of docs/tiktok-api.md §9 reaches the caller as a typed error with TikTok's code, HTTP
// status, log id and class: first as TikTok produces them (real conditions in the emulator), then
// every (code, endpoint, status) pair of the catalog and every OAuth code through fault injection.
// The classes expected are written out by hand (support/expected-errors), never read from the catalog.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V2_ERROR_CATALOG } from '../src/index.js';
import type { DataEndpointId, TikTokClient, TikTokError } from '../src/index.js';
import { EXPECTED_OAUTH, EXPECTED_V2_CLASS } from './support/expected-errors.js';
import { MODES, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4, photoJpeg } from './support/media.js';

const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a TikTok error');
    },
    (e: unknown) => e as TikTokError,
  );

describe('error codes as TikTok produces them', () => {
  let h: Harness;
  let mp4: string;
  beforeAll(async () => {
    mp4 = await goodMp4();
  });
  afterAll(() => h?.close());

  const fileSource = () => ({ source: 'FILE_UPLOAD' as const, videoSize: statSync(mp4).size });
  const direct = (c: TikTokClient, token: string, privacyLevel: 'PUBLIC_TO_EVERYONE' | 'SELF_ONLY' = 'SELF_ONLY', videoUrl?: string) =>
    c.initDirectVideo(token, { postInfo: { privacyLevel }, source: videoUrl ? { source: 'PULL_FROM_URL', videoUrl } : fileSource() });

  it('covers the data endpoints’ codes with their documented statuses and classes', async () => {
    h = await startHarness('in-process', { settings: { pending_share_cap: 1 } });
    const c = h.client;
    const t = await h.connect();
    const expectError = async (p: Promise<unknown>, code: string, httpStatus: number, errorClass: string) => {
      const e = await fail(p);
      expect(e, code).toMatchObject({ code, httpStatus, errorClass });
      expect(e.logId, code).toMatch(/^\d{14}/);
    };

    await expectError(c.getUserInfo('act.not-a-token'), 'access_token_invalid', 401, 'needs_reconnect');
    const basicOnly = await h.connect({ scopes: ['user.info.basic'] });
    await expectError(c.queryCreatorInfo(basicOnly.accessToken), 'scope_not_authorized', 401, 'needs_reconnect');
    await expectError(c.getUserInfo(basicOnly.accessToken, ['open_id', 'follower_count']), 'scope_permission_missed', 400, 'needs_reconnect');
    await expectError(c.initPhoto(t.accessToken, { postMode: 'DIRECT_POST', postInfo: { privacyLevel: 'SELF_ONLY' }, photoImages: ['https://media.example.com/v/a.jpg'], photoCoverIndex: 3 }), 'invalid_params', 400, 'permanent');
    await expectError(direct(c, t.accessToken, 'SELF_ONLY', 'https://elsewhere.example.com/a.mp4'), 'url_ownership_unverified', 403, 'user_action');
    const priv = await h.connect({ creator: { is_private: true } });
    await expectError(direct(c, priv.accessToken, 'PUBLIC_TO_EVERYONE'), 'privacy_level_option_mismatch', 403, 'user_action');
    await expectError(c.fetchStatus(t.accessToken, 'v_pub_file~v2-1.123456789'), 'invalid_publish_id', 400, 'permanent');
    await expectError(c.cancelPublish(t.accessToken, 'v_pub_file~v2-1.123456789'), 'invalid_publish_id', 400, 'permanent');
    const mine = await direct(c, t.accessToken);
    const other = await h.connect();
    await expectError(c.fetchStatus(other.accessToken, mine.publishId), 'token_not_authorized_for_specified_publish_id', 400, 'permanent');
    await expectError(c.cancelPublish(other.accessToken, mine.publishId), 'token_not_authorized_for_specified_publish_id', 400, 'permanent');
    await expectError(c.cancelPublish(t.accessToken, mine.publishId), 'publish_not_cancellable', 400, 'permanent');

    // Caps: creator_info answers them with HTTP 200 on purpose; the inits with 403.
    const capped = await h.connect({ creator: { daily_post_cap: 0 } });
    await expectError(c.queryCreatorInfo(capped.accessToken), 'spam_risk_too_many_posts', 200, 'quota');
    await expectError(direct(c, capped.accessToken), 'spam_risk_too_many_posts', 403, 'quota');
    const banned = await h.connect({ creator: { banned: true } });
    await expectError(c.queryCreatorInfo(banned.accessToken), 'spam_risk_user_banned_from_posting', 200, 'user_action');
    await expectError(direct(c, banned.accessToken), 'spam_risk_user_banned_from_posting', 403, 'user_action');
    await expectError(c.initInboxVideo(banned.accessToken, { source: fileSource() }), 'spam_risk_user_banned_from_posting', 403, 'user_action');
    await c.initInboxVideo(t.accessToken, { source: fileSource() });
    await expectError(c.initInboxVideo(t.accessToken, { source: fileSource() }), 'spam_risk_too_many_pending_share', 403, 'quota');
    const oldApp = await h.connect({ creator: { app_version: '30.9.0' } });
    const photo = h.world.serve('p.jpg', await photoJpeg());
    await expectError(c.initPhoto(oldApp.accessToken, { postMode: 'MEDIA_UPLOAD', postInfo: {}, photoImages: [photo], photoCoverIndex: 0 }), 'app_version_check_failed', 400, 'user_action');
  });

  it('covers the audit and active-creator caps of an unaudited app', async () => {
    h = await startHarness('in-process', { app: { audited: false, active_creator_cap: 1 } });
    const c = h.client;
    const pub = await h.connect();
    const e = await fail(direct(c, pub.accessToken));
    expect(e).toMatchObject({ code: 'unaudited_client_can_only_post_to_private_accounts', httpStatus: 403, errorClass: 'user_action' });
    const first = await h.connect({ creator: { is_private: true } });
    await direct(c, first.accessToken);
    const second = await h.connect({ creator: { is_private: true } });
    await expect(c.queryCreatorInfo(second.accessToken)).rejects.toMatchObject({ code: 'reached_active_user_cap', httpStatus: 200, errorClass: 'quota' });
    await expect(direct(c, second.accessToken)).rejects.toMatchObject({ code: 'reached_active_user_cap', httpStatus: 403, errorClass: 'quota' });
  });

  it("reads the docs' `invalid_param` spelling as the same error", async () => {
    h = await startHarness('in-process', { settings: { invalid_param_code: 'invalid_param' } });
    const t = await h.connect();
    const e = await fail(h.client.initPhoto(t.accessToken, { postMode: 'DIRECT_POST', postInfo: { privacyLevel: 'SELF_ONLY' }, photoImages: ['https://media.example.com/v/a.jpg'], photoCoverIndex: 1 }));
    expect(e).toMatchObject({ code: 'invalid_params', wireCode: 'invalid_param', httpStatus: 400, errorClass: 'permanent' });
  });
});

describe.each(MODES)('every catalogued code on every endpoint, fault-injected (%s)', (mode) => {
  let h: Harness;
  afterAll(() => h?.close());

  const calls: Record<DataEndpointId, (c: TikTokClient, token: string) => Promise<unknown>> = {
    user_info: (c, t) => c.getUserInfo(t),
    creator_info: (c, t) => c.queryCreatorInfo(t),
    video_init: (c, t) => c.initDirectVideo(t, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: 'https://media.example.com/v/a.mp4' } }),
    inbox_video_init: (c, t) => c.initInboxVideo(t, { source: { source: 'PULL_FROM_URL', videoUrl: 'https://media.example.com/v/a.mp4' } }),
    content_init: (c, t) => c.initPhoto(t, { postMode: 'DIRECT_POST', postInfo: { privacyLevel: 'SELF_ONLY' }, photoImages: ['https://media.example.com/v/a.jpg'], photoCoverIndex: 0 }),
    status_fetch: (c, t) => c.fetchStatus(t, 'v_pub_url~v2-1.1'),
    cancel: (c, t) => c.cancelPublish(t, 'v_pub_url~v2-1.1'),
    video_list: (c, t) => c.listVideos(t),
    video_query: (c, t) => c.queryVideos(t, { videoIds: ['7602997517160123666'] }),
  };
  const cases = V2_ERROR_CATALOG.flatMap((entry) =>
    Object.entries(entry.http)
      // HTTP-200 errors cannot be injected as faults; they are produced for real above.
      .filter(([, status]) => status >= 400)
      .map(([endpoint, status]) => ({ code: entry.code, endpoint: endpoint as DataEndpointId, status, errorClass: EXPECTED_V2_CLASS[entry.code] })),
  );

  it.each(cases)('$code on $endpoint (HTTP $status)', async ({ code, endpoint, status, errorClass }) => {
    h ??= await startHarness(mode, { client: { retry: { read: { maxAttempts: 1 } } } });
    const token = (await h.connect({ creator: { daily_post_cap: 1000 } })).accessToken;
    await h.emu.admin.addFault({ endpoint, kind: 'error', status, code, count: 1 });
    const e = await fail(calls[endpoint](h.client, token));
    const isInit = endpoint === 'video_init' || endpoint === 'inbox_video_init' || endpoint === 'content_init' || endpoint === 'cancel';
    if (isInit && status >= 500) {
      // A 5xx on a mutation leaves the outcome unknown; TikTok's code stays on the error.
      expect(e).toMatchObject({ code: 'outcome_unknown', errorClass: 'outcome_unknown', wireCode: code, httpStatus: status });
      expect(e.cause).toMatchObject({ code, errorClass, httpStatus: status });
    } else {
      expect(e).toMatchObject({ code, httpStatus: status, errorClass, endpoint });
    }
    expect(e.logId).toMatch(/^\d{14}/);
  });

  const oauthCases = Object.entries(EXPECTED_OAUTH).map(([code, e]) => ({ code, errorClass: e.errorClass, status: e.http }));
  it.each(oauthCases)('OAuth $code (HTTP $status) on refresh', async ({ code, errorClass, status }) => {
    h ??= await startHarness(mode, { client: { retry: { read: { maxAttempts: 1 } } } });
    const t = await h.connect();
    await h.emu.admin.addFault({ endpoint: 'oauth_token', kind: 'error', status, code, count: 1 });
    const e = await fail(h.client.refreshToken(t.refreshToken));
    expect(e).toMatchObject({ name: 'TikTokOAuthError', code, errorClass, httpStatus: status, endpoint: 'oauth_token' });
    expect(e.logId).toMatch(/^\d{14}/);
  });

  it('OAuth errors on revoke too', async () => {
    h ??= await startHarness(mode, { client: { retry: { read: { maxAttempts: 1 } } } });
    const t = await h.connect();
    await h.emu.admin.addFault({ endpoint: 'oauth_revoke', kind: 'error', status: 503, code: 'temporarily_unavailable', count: 1 });
    await expect(h.client.revokeToken(t.accessToken)).rejects.toMatchObject({ code: 'temporarily_unavailable', errorClass: 'retryable', httpStatus: 503 });
  });
});
