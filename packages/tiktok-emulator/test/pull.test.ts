// PULL_FROM_URL (docs/tiktok-api.md §5.7, §7.2): the emulator really downloads from the URL, only under the
// app's verified prefixes, without following redirects, within one hour; cancel stops a download.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegFixture, goodMp4 } from '../../../test/support/fixtures.js';
import { advanceUntilStatus, connectCreator, PATHS, post, startEmulator, type Harness, type Tokens } from './harness.js';
import { startMediaServer } from './servers.js';

let h: Harness;
let media: Awaited<ReturnType<typeof startMediaServer>>;
let t: Tokens;
let videoPath: string;

beforeEach(async () => {
  videoPath = await goodMp4({ width: 720, height: 1280, seconds: 1 });
  const jpeg = await ffmpegFixture('photo-1080x1350.jpg', ['-f', 'lavfi', '-i', 'testsrc2=size=1080x1350', '-frames:v', '1']);
  const png = await ffmpegFixture('photo-640.png', ['-f', 'lavfi', '-i', 'testsrc2=size=640x640', '-frames:v', '1']);
  media = await startMediaServer({
    'clip.mp4': { file: videoPath, type: 'video/mp4' },
    'photo.jpg': { file: jpeg, type: 'image/jpeg' },
    'photo.png': { file: png, type: 'image/png' },
    'moved.mp4': { status: 302, location: '/media/clip.mp4' },
    'gone.mp4': { status: 404 },
    'slow.mp4': { stall: true },
  });
  h = await startEmulator({ app: { verified_url_prefixes: [media.prefix] } });
  t = await connectCreator(h);
});
afterEach(async () => {
  await h.close();
  await media.close();
});

const pullVideo = (url: string, path: string = PATHS.videoInit) =>
  post(h, path, t.access_token, {
    ...(path === PATHS.videoInit ? { post_info: { privacy_level: 'SELF_ONLY', title: 'pulled' } } : {}),
    source_info: { source: 'PULL_FROM_URL', video_url: url },
  });

describe('PULL_FROM_URL video', () => {
  it('downloads the file, reports downloaded_bytes, and publishes its exact bytes', async () => {
    const init = await pullVideo(`${media.prefix}clip.mp4`);
    expect(init.status).toBe(200);
    expect(init.json.data.publish_id).toMatch(/^v_pub_url~v2-1\.\d+$/);
    expect(init.json.data.upload_url).toBeUndefined();
    const done = await advanceUntilStatus(h, t.access_token, init.json.data.publish_id, ['PUBLISH_COMPLETE', 'FAILED']);
    const bytes = readFileSync(videoPath);
    expect(done.json.data).toMatchObject({ status: 'PUBLISH_COMPLETE', downloaded_bytes: bytes.length });
    expect(media.hits).toEqual(['clip.mp4']);
    expect((await h.emu.admin.posts())[0]!.sha256).toEqual([createHash('sha256').update(bytes).digest('hex')]);
  });

  it('refuses URLs outside the verified prefixes before downloading anything', async () => {
    const res = await pullVideo(`${media.url}/elsewhere/clip.mp4`);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('url_ownership_unverified');
    expect(media.hits).toEqual([]);
  });

  it.each([
    ['an HTTP error', 'gone.mp4'],
    ['a redirect (TikTok does not follow them)', 'moved.mp4'],
  ])('fails with video_pull_failed on %s', async (_label, name) => {
    const init = await pullVideo(`${media.prefix}${name}`);
    const res = await advanceUntilStatus(h, t.access_token, init.json.data.publish_id, ['FAILED', 'PUBLISH_COMPLETE']);
    expect(res.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
  });

  it('fails with video_pull_failed when the download is still running an hour later', async () => {
    const init = await pullVideo(`${media.prefix}slow.mp4`);
    const id = init.json.data.publish_id as string;
    while (media.hits.length === 0) await new Promise((r) => setImmediate(r));
    await h.clock.advance(59 * 60 * 1000);
    expect((await post(h, PATHS.status, t.access_token, { publish_id: id })).json.data.status).toBe('PROCESSING_DOWNLOAD');
    await h.clock.advance(60 * 1000);
    const res = await advanceUntilStatus(h, t.access_token, id, ['FAILED']);
    expect(res.json.data.fail_reason).toBe('video_pull_failed');
  });

  it('cancels a download in progress (publish_cancelled), and refuses to cancel twice', async () => {
    const init = await pullVideo(`${media.prefix}slow.mp4`, PATHS.inboxInit);
    expect(init.json.data.publish_id).toMatch(/^v_inbox_url~v2\.\d+$/);
    const id = init.json.data.publish_id as string;
    const ok = await post(h, PATHS.cancel, t.access_token, { publish_id: id });
    expect(ok.status).toBe(200);
    expect(ok.json.error.code).toBe('ok');
    const st = await post(h, PATHS.status, t.access_token, { publish_id: id });
    expect(st.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'publish_cancelled' });
    const again = await post(h, PATHS.cancel, t.access_token, { publish_id: id });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('publish_not_cancellable');
  });
});

it('refuses to cancel a pull whose URL is no longer verified for the app (403)', async () => {
  const init = await pullVideo(`${media.prefix}slow.mp4`);
  await h.emu.admin.createApp({ client_key: 'conformance_key', client_secret: 'conformance_secret_value', redirect_uris: ['https://app.example.com/oauth/callback'], verified_url_prefixes: [] });
  const res = await post(h, PATHS.cancel, t.access_token, { publish_id: init.json.data.publish_id });
  expect(res.status).toBe(403);
  expect(res.json.error.code).toBe('url_ownership_unverified');
});

describe('photo posts', () => {
  const photoInit = (images: string[], mode = 'DIRECT_POST') =>
    post(h, PATHS.contentInit, t.access_token, {
      media_type: 'PHOTO',
      post_mode: mode,
      post_info: { title: 'carousel', description: 'two photos', privacy_level: mode === 'DIRECT_POST' ? 'SELF_ONLY' : undefined },
      source_info: { source: 'PULL_FROM_URL', photo_images: images, photo_cover_index: 0 },
    });

  it('pulls every image and publishes a PHOTO post', async () => {
    const init = await photoInit([`${media.prefix}photo.jpg`, `${media.prefix}photo.jpg`]);
    expect(init.json.data.publish_id).toMatch(/^p_pub_url~v2\.\d+$/);
    const res = await advanceUntilStatus(h, t.access_token, init.json.data.publish_id, ['PUBLISH_COMPLETE', 'FAILED']);
    expect(res.json.data.status).toBe('PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts())[0]).toMatchObject({ media_type: 'PHOTO', title: 'carousel', description: 'two photos' });
    expect((await h.emu.admin.posts())[0]!.sha256).toHaveLength(2);
  });

  it('fails a PNG with file_format_check_failed and a missing image with photo_pull_failed', async () => {
    const png = await photoInit([`${media.prefix}photo.jpg`, `${media.prefix}photo.png`]);
    expect((await advanceUntilStatus(h, t.access_token, png.json.data.publish_id, ['FAILED', 'PUBLISH_COMPLETE'])).json.data.fail_reason).toBe(
      'file_format_check_failed',
    );
    const missing = await photoInit([`${media.prefix}nope.jpg`]);
    expect((await advanceUntilStatus(h, t.access_token, missing.json.data.publish_id, ['FAILED', 'PUBLISH_COMPLETE'])).json.data.fail_reason).toBe(
      'photo_pull_failed',
    );
  });

  it('sends MEDIA_UPLOAD photos to the inbox', async () => {
    const init = await photoInit([`${media.prefix}photo.jpg`], 'MEDIA_UPLOAD');
    const res = await advanceUntilStatus(h, t.access_token, init.json.data.publish_id, ['SEND_TO_USER_INBOX', 'FAILED']);
    expect(res.json.data.status).toBe('SEND_TO_USER_INBOX');
  });
});
