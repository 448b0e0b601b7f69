// POST /api/media (multipart) and GET /api/media/:id through the real HTTP stack: a real clip
// comes back probed and checked; a file over TOKPOST_MAX_UPLOAD_BYTES is a 413 that leaves nothing
// behind (no row, no file); a body that is not a multipart form with a `file` is a 400 naming it.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { countRows, goodClip, mediaFiles, mpeg4Clip, multipartBody, readBytes, sha256 } from './support/media.js';

const LIMIT = 4 * 1024 * 1024;

describe('POST /api/media', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TOKPOST_MAX_UPLOAD_BYTES: String(LIMIT) } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores a real clip and answers its probe and findings; GET shows the same view', async () => {
    const path = await goodClip();
    const bytes = readBytes(path);
    expect(bytes.length).toBeLessThan(LIMIT);
    const res = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'holiday clip.mp4', contentType: 'video/mp4', data: bytes }]) });
    expect(res.status).toBe(201);
    const media = res.body as Record<string, unknown> & { id: string; probe: Record<string, unknown> };
    expect(media).toMatchObject({
      kind: 'video',
      contentType: 'video/mp4',
      sizeBytes: statSync(path).size,
      sha256: sha256(bytes),
      findings: [],
      // 3 s of picture; an older ffmpeg's AAC adds its last frame (3.024 s, docs/media.md §6).
      probe: { kind: 'video', container: 'mp4', durationSec: expect.closeTo(3, 1), sizeBytes: statSync(path).size, video: { codec: 'h264', width: 720, height: 1280 }, audio: { codec: 'aac' } },
    });
    expect(media.id).toMatch(/^med_/);
    // The server's folders stay private.
    expect(res.text).not.toContain(h.dataDir);
    expect(media.probe).not.toHaveProperty('path');

    const got = await h.request('GET', `/api/media/${media.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(media);
    // Stored under the upload's id with the original extension; nothing left in the temp folder.
    expect(mediaFiles(h)).toEqual([expect.stringMatching(/^upl_[a-z2-9]{20}\.mp4$/)]);
  });

  it('answers the findings of a file TikTok would refuse', async () => {
    const res = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'old-camera.mp4', data: readBytes(await mpeg4Clip()) }]) });
    expect(res.status).toBe(201);
    const media = res.body as { kind: string; findings: Array<{ code: string; severity: string; fixable: boolean }> };
    expect(media.kind).toBe('video');
    expect(media.findings).toContainEqual(expect.objectContaining({ code: 'video_codec_unsupported', severity: 'error', fixable: true }));
  });

  it('refuses a file over the limit with 413 and stores nothing', async () => {
    const rowsBefore = countRows(h, 'media_assets');
    const filesBefore = mediaFiles(h);
    // Within the multipart slack: refused while streaming, once the byte past the limit arrives.
    const overByOne = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'big.mp4', data: Buffer.alloc(LIMIT + 1, 7) }]) });
    expect(overByOne.status).toBe(413);
    expect(overByOne.body).toEqual({ error: { code: 'ERR_PAYLOAD_TOO_LARGE', message: 'The file is larger than the upload limit of 4 MiB; send a smaller file (or raise TOKPOST_MAX_UPLOAD_BYTES).' } });
    // Far over: refused from the Content-Length, before a byte is stored.
    const far = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'huge.mp4', data: Buffer.alloc(2 * LIMIT, 7) }]) });
    expect(far.status).toBe(413);
    expect((far.body as { error: { code: string } }).error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
    expect(countRows(h, 'media_assets')).toBe(rowsBefore);
    expect(mediaFiles(h)).toEqual(filesBefore);

    const exactly = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'edge.bin', data: Buffer.alloc(LIMIT, 7) }]) });
    expect(exactly.status).toBe(201);
    expect(exactly.body).toMatchObject({ kind: 'unusable', sizeBytes: LIMIT });
  });

  it('refuses a body that is not a form with a file field, with 400 naming `file`', async () => {
    const rowsBefore = countRows(h, 'media_assets');
    const wrongField = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'video', filename: 'clip.mp4', data: Buffer.from('not a video') }]) });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body).toEqual({
      error: {
        code: 'ERR_VALIDATION',
        message: 'The file came in a field named `video`. Send the file as multipart/form-data in a field named `file`.',
        issues: [{ field: 'file', message: 'required: one file, as multipart/form-data' }],
      },
    });
    const noFile = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'title', data: 'just text' }]) });
    expect(noFile.status).toBe(400);
    expect((noFile.body as { error: { issues: unknown } }).error.issues).toEqual([{ field: 'file', message: 'required: one file, as multipart/form-data' }]);
    for (const raw of [
      { payload: JSON.stringify({ file: 'clip.mp4' }), contentType: 'application/json' },
      { payload: 'clip bytes', contentType: 'text/plain' },
      { payload: Buffer.from('clip bytes'), contentType: 'video/mp4' },
    ]) {
      const res = await h.request('POST', '/api/media', { raw });
      expect(res.status, raw.contentType).toBe(400);
      expect((res.body as { error: { code: string; issues: unknown } }).error).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ field: 'file' }] });
    }
    expect(countRows(h, 'media_assets')).toBe(rowsBefore);
  });

  it('over a real socket: a browser-style form upload streams in and is probed', async () => {
    await h.server.listen({ port: 0, host: '127.0.0.1' });
    const address = h.server.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
    const bytes = readBytes(await goodClip());
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), 'from-a-browser.mp4');
    const res = await fetch(`http://127.0.0.1:${address.port}/api/media`, { method: 'POST', body: form, headers: { authorization: `Bearer ${h.key}` } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ kind: 'video', sizeBytes: bytes.length, sha256: sha256(bytes) });
  });

  it('needs an API key, and answers 404 for unknown media', async () => {
    const res = await h.request('POST', '/api/media', { key: false, raw: multipartBody([{ name: 'file', filename: 'clip.mp4', data: Buffer.from('x') }]) });
    expect(res.status).toBe(401);
    expect((await h.request('GET', '/api/media/med_unknown')).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: 'media med_unknown does not exist' } });
    expect((await h.request('GET', '/api/media/med_unknown', { key: false })).status).toBe(401);
  });

  it('writes no upload bytes or key to the log', () => {
    expect(h.logLines.length).toBeGreaterThan(0);
    for (const line of h.logLines) expect(line).not.toContain(h.key);
  });
});
