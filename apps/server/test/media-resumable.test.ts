// Resumable uploads through the real HTTP stack: a real clip sent in chunks, a chunk cut short that
// still counts what arrived, resuming from the offset GET reports, a wrong offset refused with 409
// naming the expected one, and the last chunk answering the media view.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { countRows, goodClip, mediaFiles, readBytes, sha256 } from './support/media.js';

const LIMIT = 8 * 1024 * 1024;
const octets = (payload: Buffer) => ({ payload, contentType: 'application/octet-stream' });
const range = (first: number, last: number, size: number) => ({ 'content-range': `bytes ${first}-${last}/${size}` });

describe('resumable uploads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TOKPOST_MAX_UPLOAD_BYTES: String(LIMIT), TOKPOST_PUBLIC_URL: 'https://tokpost.example.test' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const begin = async (fileName: string, size: number) => {
    const res = await h.request('POST', '/api/media/uploads', { body: { fileName, size } });
    expect(res.status).toBe(201);
    return res.body as { uploadId: string; uploadUrl: string; received: number; size: number };
  };

  it('takes a real clip in chunks, resumes from the reported offset, and answers the media', async () => {
    const bytes = readBytes(await goodClip());
    const size = bytes.length;
    const started = await begin('clip.mp4', size);
    expect(started).toMatchObject({ received: 0, size });
    expect(started.uploadId).toMatch(/^upl_[a-z2-9]{20}$/);
    expect(started.uploadUrl).toBe(`https://tokpost.example.test/api/media/uploads/${started.uploadId}`);
    const url = `/api/media/uploads/${started.uploadId}`;

    const first = 1_000_000;
    const one = await h.request('PUT', url, { raw: octets(bytes.subarray(0, first)), headers: range(0, first - 1, size) });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ received: first, size });

    // The connection drops 300,000 bytes into the next chunk: what arrived counts.
    const cut = await h.request('PUT', url, { raw: octets(bytes.subarray(first, first + 300_000)), headers: range(first, size - 1, size) });
    expect(cut.status).toBe(400);
    expect(cut.body).toMatchObject({ error: { code: 'ERR_VALIDATION', issues: [{ field: 'body', message: `ended after 300000 of the ${size - first} bytes its Content-Range announces; the upload has 1300000 bytes, resume from there` }] } });

    const status = await h.request('GET', url);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ uploadId: started.uploadId, received: 1_300_000, size, mediaId: null });

    // Sending from the old offset again is a conflict that names where to resume.
    const stale = await h.request('PUT', url, { raw: octets(bytes.subarray(first)), headers: range(first, size - 1, size) });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      error: {
        code: 'ERR_CONFLICT',
        message: `the chunk starts at byte ${first}, but upload ${started.uploadId} has 1300000 bytes: expected offset 1300000; send the chunk that starts there`,
        issues: [{ field: 'Content-Range', message: 'expected offset 1300000' }],
      },
    });

    const rest = await h.request('PUT', url, { raw: octets(bytes.subarray(1_300_000)), headers: range(1_300_000, size - 1, size) });
    expect(rest.status).toBe(201);
    const media = rest.body as { id: string; kind: string; sha256: string; sizeBytes: number; probe: { kind: string } };
    expect(media).toMatchObject({ kind: 'video', sizeBytes: size, sha256: sha256(bytes), probe: { kind: 'video', video: { codec: 'h264', width: 720, height: 1280 } } });
    expect((await h.request('GET', `/api/media/${media.id}`)).body).toEqual(media);

    expect((await h.request('GET', url)).body).toMatchObject({ received: size, size, mediaId: media.id });
    const again = await h.request('PUT', url, { raw: octets(bytes.subarray(size - 10)), headers: range(size - 10, size - 1, size) });
    expect(again.status).toBe(409);
    expect(mediaFiles(h)).toContain(`${started.uploadId}.mp4`);
    expect(mediaFiles(h).filter((f) => f.startsWith('uploads/'))).toEqual([]);
  });

  it('refuses chunks that do not fit the upload, with 400 naming the header', async () => {
    const { uploadId } = await begin('clip.mp4', 100);
    const url = `/api/media/uploads/${uploadId}`;
    const data = Buffer.alloc(10, 1);
    const bad = async (headers: Record<string, string>, payload = data, contentType = 'application/octet-stream') => {
      const res = await h.request('PUT', url, { raw: { payload, contentType }, headers });
      expect(res.status, JSON.stringify(headers)).toBe(400);
      return (res.body as { error: { issues: Array<{ field: string; message: string }> } }).error.issues;
    };
    expect(await bad({})).toEqual([{ field: 'Content-Range', message: 'required: bytes first-last/size' }]);
    expect(await bad({ 'content-range': 'bytes 0-9/*' })).toEqual([{ field: 'Content-Range', message: 'required: bytes first-last/size' }]);
    expect(await bad(range(0, 9, 200))).toEqual([{ field: 'Content-Range', message: 'the total size must be 100, the size the upload was started with' }]);
    expect(await bad(range(0, 9, 100), data, 'video/mp4')).toEqual([{ field: 'Content-Type', message: 'must be application/octet-stream' }]);
    expect(await bad(range(0, 4, 100))).toEqual([{ field: 'body', message: 'carries more than the 5 bytes its Content-Range announces' }]);
    expect((await h.request('GET', url)).body).toMatchObject({ received: 0, size: 100 });
  });

  it('validates the start, refuses a size over the limit with 413, and 404s unknown uploads', async () => {
    const rows = countRows(h, 'media_uploads');
    const over = await h.request('POST', '/api/media/uploads', { body: { fileName: 'big.mp4', size: LIMIT + 1 } });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ error: { code: 'ERR_PAYLOAD_TOO_LARGE', message: `size ${LIMIT + 1} is over the upload limit of 8 MiB; send a smaller file (or raise TOKPOST_MAX_UPLOAD_BYTES).` } });
    const noSize = await h.request('POST', '/api/media/uploads', { body: { fileName: 'clip.mp4' } });
    expect(noSize.status).toBe(400);
    expect((noSize.body as { error: { issues: Array<{ field: string }> } }).error.issues.map((i) => i.field)).toEqual(['size']);
    const zero = await h.request('POST', '/api/media/uploads', { body: { fileName: 'clip.mp4', size: 0 } });
    expect((zero.body as { error: { issues: unknown } }).error.issues).toEqual([{ field: 'size', message: 'must be at least 1 byte' }]);
    const noName = await h.request('POST', '/api/media/uploads', { body: { fileName: ' ', size: 10 } });
    expect((noName.body as { error: { issues: unknown } }).error.issues).toEqual([{ field: 'fileName', message: 'required: the name of the file, e.g. clip.mp4' }]);
    const extra = await h.request('POST', '/api/media/uploads', { body: { fileName: 'a.mp4', size: 10, offset: 3 } });
    expect((extra.body as { error: { issues: unknown } }).error.issues).toEqual([{ field: 'offset', message: 'is not a known field' }]);
    const notJson = await h.request('POST', '/api/media/uploads', { raw: { payload: 'fileName=a.mp4', contentType: 'text/plain' } });
    expect(notJson.status).toBe(415);
    expect((notJson.body as { error: { code: string } }).error.code).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
    expect(countRows(h, 'media_uploads')).toBe(rows);

    expect((await h.request('GET', '/api/media/uploads/upl_unknown')).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: 'upload upl_unknown does not exist' } });
    const put = await h.request('PUT', '/api/media/uploads/upl_unknown', { raw: octets(Buffer.alloc(1)), headers: range(0, 0, 1) });
    expect(put.status).toBe(404);
    expect((await h.request('POST', '/api/media/uploads', { key: false, body: { fileName: 'a.mp4', size: 10 } })).status).toBe(401);
  });

  it('drops an upload left unfinished past its expiry', async () => {
    const { uploadId } = await begin('later.mp4', 50);
    // Another upload starting after the expiry sweeps it away, temp file included.
    // The server's clock is the system's: 25 h on (the default expiry is 24 h).
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 25 * 3_600_000);
    try {
      expect((await h.request('GET', `/api/media/uploads/${uploadId}`)).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: `upload ${uploadId} expired unfinished; start a new upload` } });
      await begin('next.mp4', 10);
    } finally {
      now.mockRestore();
    }
    expect((await h.request('GET', `/api/media/uploads/${uploadId}`)).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: `upload ${uploadId} does not exist` } });
    expect(mediaFiles(h)).not.toContain(`uploads/${uploadId}.part`);
  });
});
