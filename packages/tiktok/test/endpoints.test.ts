// Every data endpoint against the emulator, in-process and over HTTP: user info, creator info,
// direct video (URL pull), inbox video, photos (direct and inbox), status with int64 post ids,
// cancel, and the publish lifecycles they drive.
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { USER_FIELDS } from '../src/index.js';
import { MODES, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4, photoJpeg, tinyMp4 } from './support/media.js';
import { pollStatus } from './support/poll.js';

describe.each(MODES)('data endpoints (%s)', (mode) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('reads user info: only the requested fields, camelCased', async () => {
    h = await startHarness(mode);
    const t = await h.connect({ creator: { username: 'ada', nickname: 'Ada L', follower_count: 12, is_verified: true } });
    const basic = await h.client.getUserInfo(t.accessToken);
    expect(Object.keys(basic.user).sort()).toEqual(['avatarUrl', 'displayName', 'openId', 'unionId']);
    expect(basic.user).toMatchObject({ openId: t.openId, displayName: 'Ada L' });
    expect(basic.logId).toMatch(/^\d{14}[0-9A-F]+$/);
    const all = await h.client.getUserInfo(t.accessToken, USER_FIELDS);
    expect(all.user).toMatchObject({ username: 'ada', followerCount: 12, isVerified: true, avatarUrl100: expect.any(String), profileDeepLink: 'https://www.tiktok.com/@ada' });
  });

  it('reads creator info, including a private account’s privacy options', async () => {
    h = await startHarness(mode);
    const pub = await h.connect({ creator: { username: 'pub', nickname: 'Pub', max_video_post_duration_sec: 300, stitch_disabled: true } });
    expect(await h.client.queryCreatorInfo(pub.accessToken)).toMatchObject({
      username: 'pub',
      nickname: 'Pub',
      privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      commentDisabled: false,
      duetDisabled: false,
      stitchDisabled: true,
      maxVideoPostDurationSec: 300,
    });
    const priv = await h.connect({ creator: { username: 'priv', is_private: true } });
    expect(await h.client.queryCreatorInfo(priv.accessToken)).toMatchObject({ privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'], duetDisabled: true, stitchDisabled: true });
  });

  it('direct-posts a video by URL pull and returns the public post id losslessly as a string', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const videoUrl = h.world.serve('clip.mp4', await goodMp4());
    const init = await h.client.initDirectVideo(t.accessToken, {
      postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'a #cat video', disableComment: true },
      source: { source: 'PULL_FROM_URL', videoUrl },
    });
    expect(init.publishId).toMatch(/^v_pub_url~v2/);
    expect(init.uploadUrl).toBeUndefined();
    const done = await pollStatus(h, t.accessToken, init.publishId, (s) => s.publiclyAvailablePostIds.length > 0 || s.status === 'FAILED');
    expect(done.status).toBe('PUBLISH_COMPLETE');
    const posts = await h.emu.admin.posts();
    expect(done.publiclyAvailablePostIds).toEqual([posts[0]!.post_id]);
    expect(BigInt(posts[0]!.post_id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(done.downloadedBytes).toBe(statSync(await goodMp4()).size);
    expect(posts[0]).toMatchObject({ title: 'a #cat video', privacy_level: 'PUBLIC_TO_EVERYONE' });
  });

  it('returns the ids whether TikTok sends them as numbers or strings', async () => {
    h = await startHarness(mode, { settings: { post_ids_as: 'string' } });
    const t = await h.connect();
    const videoUrl = h.world.serve('clip.mp4', await goodMp4());
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE' }, source: { source: 'PULL_FROM_URL', videoUrl } });
    const done = await pollStatus(h, t.accessToken, init.publishId, (s) => s.publiclyAvailablePostIds.length > 0);
    expect(done.publiclyAvailablePostIds).toEqual([(await h.emu.admin.posts())[0]!.post_id]);
  });

  it('cancels a URL pull that is still downloading; a second cancel is refused', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const videoUrl = h.world.serve('slow.mp4', await goodMp4());
    const release = h.world.holdDownloads();
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl } });
    expect((await h.client.fetchStatus(t.accessToken, init.publishId)).status).toBe('PROCESSING_DOWNLOAD');
    const cancelled = await h.client.cancelPublish(t.accessToken, init.publishId);
    expect(cancelled.logId).toBeDefined();
    release();
    const failed = await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'FAILED');
    expect(failed.failReason).toBe('publish_cancelled');
    await expect(h.client.cancelPublish(t.accessToken, init.publishId)).rejects.toMatchObject({ code: 'publish_not_cancellable', httpStatus: 400 });
  });

  it('sends a video to the inbox; the creator finishes it in the app', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const path = await goodMp4();
    const size = statSync(path).size;
    const init = await h.client.initInboxVideo(t.accessToken, { source: { source: 'FILE_UPLOAD', videoSize: size } });
    expect(init.publishId).toMatch(/^v_inbox_file~v2/);
    expect(init.chunkPlan).toMatchObject({ videoSize: size, totalChunkCount: 1 });
    await h.client.uploadVideo({ init, source: { path } });
    const inbox = await pollStatus(h, t.accessToken, init.publishId, (s) => s.status !== 'PROCESSING_UPLOAD');
    expect(inbox).toMatchObject({ status: 'SEND_TO_USER_INBOX', uploadedBytes: size });
    await h.emu.admin.completeInbox(init.publishId, { privacy_level: 'SELF_ONLY' });
    expect((await h.client.fetchStatus(t.accessToken, init.publishId)).status).toBe('PUBLISH_COMPLETE');
  });

  it('sends a video to the inbox by URL pull', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const videoUrl = h.world.serve('draft.mp4', await goodMp4());
    const init = await h.client.initInboxVideo(t.accessToken, { source: { source: 'PULL_FROM_URL', videoUrl } });
    expect(init).toMatchObject({ publishId: expect.stringMatching(/^v_inbox_url~v2/) });
    expect(init.uploadUrl).toBeUndefined();
    const inbox = await pollStatus(h, t.accessToken, init.publishId, (s) => s.status !== 'PROCESSING_DOWNLOAD');
    expect(inbox).toMatchObject({ status: 'SEND_TO_USER_INBOX', downloadedBytes: statSync(await goodMp4()).size });
  });

  it('posts photos directly and to the inbox', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const images = [h.world.serve('p1.jpg', await photoJpeg(1)), h.world.serve('p2.jpg', await photoJpeg(2))];
    const direct = await h.client.initPhoto(t.accessToken, {
      postMode: 'DIRECT_POST',
      postInfo: { title: 'funny cat', description: 'photo #fyp', privacyLevel: 'PUBLIC_TO_EVERYONE', autoAddMusic: true, disableComment: false },
      photoImages: images,
      photoCoverIndex: 1,
    });
    expect(direct.publishId).toMatch(/^p_pub_url~v2/);
    expect((await pollStatus(h, t.accessToken, direct.publishId, (s) => s.status !== 'PROCESSING_DOWNLOAD')).status).toBe('PUBLISH_COMPLETE');
    const upload = await h.client.initPhoto(t.accessToken, { postMode: 'MEDIA_UPLOAD', postInfo: { title: 'draft' }, photoImages: images, photoCoverIndex: 0 });
    expect((await pollStatus(h, t.accessToken, upload.publishId, (s) => s.status !== 'PROCESSING_DOWNLOAD')).status).toBe('SEND_TO_USER_INBOX');
    const posts = await h.emu.admin.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ media_type: 'PHOTO', title: 'funny cat', description: 'photo #fyp' });
  });

  it('reports failures through fail_reason, read through the catalog (status FAILED)', async () => {
    h = await startHarness(mode, { settings: { spam_terms: ['buy followers'] } });
    const t = await h.connect();
    const untilFailed = (publishId: string, token = t.accessToken) => pollStatus(h, token, publishId, (s) => s.status === 'FAILED');

    const missing = 'https://media.example.com/v/missing.mp4';
    const pull = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: missing } });
    const pullFailed = await untilFailed(pull.publishId);
    expect(pullFailed).toMatchObject({ failReason: 'video_pull_failed', failure: { errorClass: 'retryable' }, publiclyAvailablePostIds: [] });

    const tiny = await tinyMp4();
    const small = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(tiny).size } });
    await h.client.uploadVideo({ init: small, source: { path: tiny } });
    expect(await untilFailed(small.publishId)).toMatchObject({ failReason: 'picture_size_check_failed', failure: { errorClass: 'user_action' } });

    const spamUrl = h.world.serve('spam.mp4', await goodMp4());
    const spam = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'buy followers now' }, source: { source: 'PULL_FROM_URL', videoUrl: spamUrl } });
    expect(await untilFailed(spam.publishId)).toMatchObject({ failReason: 'spam_risk_text', failure: { errorClass: 'permanent' } });

    // The creator removes the app while TikTok is still downloading.
    const other = await h.connect();
    const release = h.world.holdDownloads();
    const held = await h.client.initDirectVideo(other.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: spamUrl } });
    await h.emu.admin.revoke(other.creatorOpenId, { client_key: 'awtestclientkey', reason: 1 });
    release();
    await expect(h.client.fetchStatus(other.accessToken, held.publishId)).rejects.toMatchObject({ code: 'access_token_invalid' });
    // The revoked token can no longer read the status; TikTok's record shows auth_removed.
    expect(await h.emu.admin.publish(held.publishId)).toMatchObject({ status: 'FAILED', fail_reason: 'auth_removed' });
  });
});
