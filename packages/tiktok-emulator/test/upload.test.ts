// Chunked uploads over real HTTP: every chunk rule and worked example of docs/tiktok-api.md §5.5/§7.1.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegFixture } from '../../../test/support/fixtures.js';
import { advanceUntilStatus, connectCreator, PATHS, post, putChunk, startEmulator, wholeFile, type Harness, type Tokens } from './harness.js';

let h: Harness;
let tokens: Tokens;

beforeEach(async () => {
  h = await startEmulator();
  tokens = await connectCreator(h);
});
afterEach(() => h.close());

async function init(source: Record<string, unknown>) {
  return post(h, PATHS.videoInit, tokens.access_token, { post_info: { privacy_level: 'SELF_ONLY', title: 'chunks' }, source_info: source });
}

describe('init validates the chunk plan', () => {
  it.each([
    ['count rounded up (ceil) instead of down', { video_size: 50_000_123, chunk_size: 10_000_000, total_chunk_count: 6 }, /total chunk count/i],
    ['chunks under 5 MB', { video_size: 30_000_000, chunk_size: 4_000_000, total_chunk_count: 7 }, /chunk size/i],
    ['chunks over 64 MB', { video_size: 300_000_000, chunk_size: 70_000_000, total_chunk_count: 4 }, /chunk size/i],
    ['a file over 64 MB in one chunk', { video_size: 70_000_000, chunk_size: 70_000_000, total_chunk_count: 1 }, /split/i],
    ['a small file not sent whole', { video_size: 4_000_000, chunk_size: 1_000_000, total_chunk_count: 4 }, /whole/i],
    ['chunk_size larger than the file', { video_size: 4_000_000, chunk_size: 8_000_000, total_chunk_count: 1 }, /chunk size/i],
    ['a file over 4 GB', { video_size: 4_100_000_000, chunk_size: 64_000_000, total_chunk_count: 64 }, /exceeds/i],
  ])('rejects %s with 400 invalid_params', async (_name, plan, message) => {
    const res = await init({ source: 'FILE_UPLOAD', ...plan });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.error.message).toMatch(message);
    expect(res.json.data).toEqual({});
  });

  it('accepts the documented worked example (docs/tiktok-api.md §7.1): 50,000,123 bytes in 5 chunks of 10,000,000', async () => {
    const res = await init({ source: 'FILE_UPLOAD', video_size: 50_000_123, chunk_size: 10_000_000, total_chunk_count: 5 });
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('ok');
    expect(res.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d+$/);
    expect(res.json.data.upload_url).toMatch(/\/upload\?upload_id=\d+&upload_token=[0-9a-f]+$/);
    expect(res.json.data.upload_url.length).toBeLessThanOrEqual(256);
  });

  it('reads "MB" as configured: 5,100,000-byte chunks pass as decimal, fail as binary', async () => {
    const plan = { source: 'FILE_UPLOAD', video_size: 20_400_000, chunk_size: 5_100_000, total_chunk_count: 4 };
    expect((await init(plan)).status).toBe(400); // default 'both' takes the stricter bound
    await h.emu.admin.settings({ chunk_mb_unit: 'decimal' });
    expect((await init(plan)).status).toBe(200);
    await h.emu.admin.settings({ chunk_mb_unit: 'binary' });
    expect((await init(plan)).status).toBe(400);
  });

  it('answers invalid_param instead when configured to the documented spelling', async () => {
    await h.emu.admin.settings({ invalid_param_code: 'invalid_param' });
    const res = await init({ source: 'FILE_UPLOAD', video_size: 50_000_123, chunk_size: 10_000_000, total_chunk_count: 6 });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_param');
  });
});

describe('chunk PUTs', () => {
  it('walks the documented worked example: 206 for chunks 1-4, 201 for the last, progress in Content-Range', async () => {
    const size = 50_000_123;
    const data = randomBytes(size);
    const { json } = await init({ source: 'FILE_UPLOAD', video_size: size, chunk_size: 10_000_000, total_chunk_count: 5 });
    const url = json.data.upload_url as string;
    for (let i = 0; i < 4; i++) {
      const first = i * 10_000_000;
      const res = await putChunk(url, data, first, first + 9_999_999, size);
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 0-${first + 9_999_999}/${size}`);
      const st = await post(h, PATHS.status, tokens.access_token, { publish_id: json.data.publish_id });
      expect(st.json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: first + 10_000_000 });
    }
    const last = await putChunk(url, data, 40_000_000, 50_000_122, size);
    expect(last.status).toBe(201);
    expect(last.headers.get('content-range')).toBe(`bytes 0-50000122/${size}`);
    // Random bytes are not a video: TikTok fails the publish after processing.
    const st = await advanceUntilStatus(h, tokens.access_token, json.data.publish_id, ['FAILED']);
    expect(st.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed', uploaded_bytes: size });
  });

  it('takes a 4,194,304-byte file whole in one PUT (201)', async () => {
    const size = 4_194_304;
    const data = randomBytes(size);
    const { json } = await init(wholeFile(size));
    expect((await putChunk(json.data.upload_url, data, 0, size - 1, size)).status).toBe(201);
  });

  it('uploads a real video in 3 chunks and publishes its exact bytes', async () => {
    const file = await ffmpegFixture('lossless-720p-10s.mp4', [
      '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=10',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
    ]);
    const data = readFileSync(file);
    const size = data.length;
    const chunk = 5_242_880;
    const count = Math.floor(size / chunk);
    expect(count).toBeGreaterThanOrEqual(3);
    const { json } = await init({ source: 'FILE_UPLOAD', video_size: size, chunk_size: chunk, total_chunk_count: count });
    for (let i = 0; i < count; i++) {
      const first = i * chunk;
      const lastByte = i === count - 1 ? size - 1 : first + chunk - 1;
      expect((await putChunk(json.data.upload_url, data, first, lastByte, size)).status).toBe(i === count - 1 ? 201 : 206);
    }
    await advanceUntilStatus(h, tokens.access_token, json.data.publish_id, ['PUBLISH_COMPLETE']);
    const posts = await h.emu.admin.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.sha256).toEqual([createHash('sha256').update(data).digest('hex')]);
    expect(posts[0]!).toMatchObject({ privacy_level: 'SELF_ONLY', title: 'chunks', media_type: 'VIDEO', open_id: tokens.open_id });
  });

  it('answers 416 for a range that does not match progress, and accepts the right one after', async () => {
    const size = 20_000_000;
    const data = randomBytes(size);
    const { json } = await init({ source: 'FILE_UPLOAD', video_size: size, chunk_size: 10_000_000, total_chunk_count: 2 });
    const skipAhead = await putChunk(json.data.upload_url, data, 10_000_000, 19_999_999, size);
    expect(skipAhead.status).toBe(416);
    expect((await putChunk(json.data.upload_url, data, 0, 9_999_999, size)).status).toBe(206);
    const replay = await putChunk(json.data.upload_url, data, 0, 9_999_999, size);
    expect(replay.status).toBe(416);
    expect(replay.headers.get('content-range')).toBe(`bytes 0-9999999/${size}`);
    expect((await putChunk(json.data.upload_url, data, 10_000_000, 19_999_999, size)).status).toBe(201);
  });

  it('answers 400 when Content-Length differs from the range, or headers are malformed', async () => {
    const size = 4_000_000;
    const data = randomBytes(size);
    const { json } = await init(wholeFile(size));
    const url = json.data.upload_url as string;
    const short = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${size - 1}/${size}` },
      body: new Uint8Array(data.subarray(0, size - 10)),
    });
    expect(short.status).toBe(400);
    const noRange = await fetch(url, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: new Uint8Array(data) });
    expect(noRange.status).toBe(400);
    const wrongTotal = await putChunk(url, data, 0, size - 1, size + 1);
    expect(wrongTotal.status).toBe(400);
    const wrongType = await putChunk(url, data, 0, size - 1, size, 'application/octet-stream');
    expect(wrongType.status).toBe(400);
    // None of that moved progress: the correct PUT still completes.
    expect((await putChunk(url, data, 0, size - 1, size)).status).toBe(201);
  });

  it('answers 403 once the upload URL is an hour old, 404 for an unknown URL or token', async () => {
    const size = 4_000_000;
    const data = randomBytes(size);
    const { json } = await init(wholeFile(size));
    const url = new URL(json.data.upload_url as string);
    const forged = new URL(url);
    forged.searchParams.set('upload_token', 'not-the-token');
    expect((await putChunk(forged.toString(), data, 0, size - 1, size)).status).toBe(404);
    const unknown = new URL(url);
    unknown.searchParams.set('upload_id', '1');
    expect((await putChunk(unknown.toString(), data, 0, size - 1, size)).status).toBe(404);
    await h.clock.advance(59 * 60 * 1000);
    const early = await init(wholeFile(size)); // a second session stays valid meanwhile
    await h.clock.advance(60 * 1000);
    expect((await putChunk(url.toString(), data, 0, size - 1, size)).status).toBe(403);
    expect((await putChunk(early.json.data.upload_url, data, 0, size - 1, size)).status).toBe(201);
  });
});
