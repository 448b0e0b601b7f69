// The publish state machine (docs/tiktok-api.md §8): processing and moderation delays on emulator time,
// post ids only for public posts (raw int64 beyond 2^53), moderation rejections, inbox drafts.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { APP, advanceUntilStatus, connectCreator, PATHS, post, startEmulator, uploadVideo, type Harness, type Tokens } from './harness.js';

let h: Harness;
let video: Uint8Array;

beforeEach(async () => {
  h = await startEmulator({ settings: { processing_delay_ms: 10_000, moderation_delay_ms: 3 * 3600 * 1000 } });
  video = readFileSync(await goodMp4({ width: 720, height: 1280, seconds: 1 }));
});
afterEach(() => h.close());

const status = (t: Tokens, id: string) => post(h, PATHS.status, t.access_token, { publish_id: id });

describe('direct post status', () => {
  it('stays PROCESSING_UPLOAD through the processing delay, then PUBLISH_COMPLETE; the post id comes after moderation', async () => {
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, video, { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'public one' });
    await h.clock.advance(9_999);
    await h.emu.idle();
    expect((await status(t, id)).json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: video.length, publicaly_available_post_id: [] });
    await h.clock.advance(1);
    await h.emu.idle();
    expect((await status(t, id)).json.data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] });
    // Moderation takes hours here; the id appears only after it.
    await h.clock.advance(3 * 3600 * 1000 - 1);
    expect((await status(t, id)).json.data.publicaly_available_post_id).toEqual([]);
    await h.clock.advance(1);
    const done = await status(t, id);
    const raw = /"publicaly_available_post_id":\[(\d+)\]/.exec(done.text);
    expect(raw, done.text).not.toBeNull();
    const postId = BigInt(raw![1]!);
    // Written as a bare 19-digit number above 2^53, where JSON.parse loses precision.
    expect(raw![1]).toHaveLength(19);
    expect(postId > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const [truth] = await h.emu.admin.posts();
    expect(truth).toMatchObject({ post_id: postId.toString(), privacy_level: 'PUBLIC_TO_EVERYONE', title: 'public one', publicly_available: true });
  });

  it('can send post ids as strings instead', async () => {
    await h.emu.admin.settings({ post_ids_as: 'string', moderation_delay_ms: 0 });
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, video, { privacy_level: 'PUBLIC_TO_EVERYONE' });
    await advanceUntilStatus(h, t.access_token, id, ['PUBLISH_COMPLETE']);
    await h.clock.advance(1);
    const res = await status(t, id);
    const [truth] = await h.emu.admin.posts();
    expect(res.json.data.publicaly_available_post_id).toEqual([truth!.post_id]);
  });

  it('gives no post id to SELF_ONLY posts or to posts of private accounts', async () => {
    await h.emu.admin.settings({ moderation_delay_ms: 0 });
    const pub = await connectCreator(h);
    const priv = await connectCreator(h, { is_private: true });
    const a = await uploadVideo(h, pub.access_token, video, { privacy_level: 'SELF_ONLY' });
    const b = await uploadVideo(h, priv.access_token, video, { privacy_level: 'FOLLOWER_OF_CREATOR' });
    await advanceUntilStatus(h, pub.access_token, a, ['PUBLISH_COMPLETE']);
    await advanceUntilStatus(h, priv.access_token, b, ['PUBLISH_COMPLETE']);
    await h.clock.advance(1_000);
    expect((await status(pub, a)).json.data.publicaly_available_post_id).toEqual([]);
    expect((await status(priv, b)).json.data.publicaly_available_post_id).toEqual([]);
    expect((await h.emu.admin.posts()).map((p) => p.publicly_available)).toEqual([false, false]);
  });

  it('publishes as SELF_ONLY whatever was asked when the app is unaudited', async () => {
    await h.emu.admin.createApp({ client_key: 'unaudited', client_secret: 'unaudited-secret', redirect_uris: [APP.redirect_uri], audited: false });
    const app = { client_key: 'unaudited', client_secret: 'unaudited-secret', redirect_uri: APP.redirect_uri };
    const t = await connectCreator(h, { is_private: true }, ['video.publish'], app);
    const id = await uploadVideo(h, t.access_token, video, { privacy_level: 'FOLLOWER_OF_CREATOR' });
    await advanceUntilStatus(h, t.access_token, id, ['PUBLISH_COMPLETE']);
    expect((await h.emu.admin.posts())[0]!.privacy_level).toBe('SELF_ONLY');
  });

  it('fails with spam_risk_text when moderation rejects the caption, spam_risk for the creator', async () => {
    await h.emu.admin.settings({ spam_terms: ['#freefollowers'], moderation_delay_ms: 60_000 });
    const t = await connectCreator(h);
    const id = await uploadVideo(h, t.access_token, video, { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'get #FreeFollowers now' });
    await advanceUntilStatus(h, t.access_token, id, ['PUBLISH_COMPLETE']);
    const rejected = await advanceUntilStatus(h, t.access_token, id, ['FAILED'], 10_000);
    expect(rejected.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'spam_risk_text', publicaly_available_post_id: [] });
    const risky = await connectCreator(h, { moderation: 'spam_risk' });
    const id2 = await uploadVideo(h, risky.access_token, video, { privacy_level: 'SELF_ONLY' });
    const r2 = await advanceUntilStatus(h, risky.access_token, id2, ['FAILED'], 10_000);
    expect(r2.json.data.fail_reason).toBe('spam_risk');
    expect((await h.emu.admin.posts()).every((p) => p.removed)).toBe(true);
  });
});

describe('inbox drafts', () => {
  it('reaches SEND_TO_USER_INBOX, then PUBLISH_COMPLETE when the creator finishes in the app', async () => {
    await h.emu.admin.settings({ moderation_delay_ms: 0 });
    const t = await connectCreator(h, {}, ['video.upload']);
    const id = await uploadVideo(h, t.access_token, video, {}, { inbox: true });
    expect(id).toMatch(/^v_inbox_file~v2\.\d+$/);
    await expect(h.emu.admin.completeInbox(id)).rejects.toThrow(/SEND_TO_USER_INBOX/);
    await advanceUntilStatus(h, t.access_token, id, ['SEND_TO_USER_INBOX']);
    expect(await h.emu.admin.posts()).toEqual([]);
    const { post_id } = await h.emu.admin.completeInbox(id, { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'finished in app' });
    await h.clock.advance(1);
    const res = await status(t, id);
    expect(res.json.data.status).toBe('PUBLISH_COMPLETE');
    expect(res.text).toContain(`[${post_id}]`);
  });
});
