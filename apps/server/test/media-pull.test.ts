// The media endpoint TikTok pulls from, at TOKPOST_MEDIA_PREFIX's path, through the real HTTP
// stack: a live per-attempt token opens the post's file (GET and HEAD, whole or by range), nothing
// else does — no key is needed, but no listing, no other path, no expired or revoked token, and
// no path escape reaches a file. TikTok's URL-prefix verification file is served under the prefix.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdFactory, grantPull } from '@tokpost/engine';
import { startHarness, type Harness } from './support/harness.js';
import { goodClip, multipartBody, readBytes } from './support/media.js';

const PREFIX = 'https://media.tokpost.example.test/media/';
const VERIFY_FILE = 'tiktokQx7Rb2Lm9Vd.txt';
const VERIFY_CONTENT = 'tiktok-developers-site-verification=Qx7Rb2Lm9Vd';

describe('media pull endpoint', () => {
  let h: Harness;
  let bytes: Buffer;
  let postId: string;
  beforeAll(async () => {
    h = await startHarness({ env: { TOKPOST_MEDIA_PREFIX: PREFIX, TOKPOST_MEDIA_VERIFY_FILE: VERIFY_FILE, TOKPOST_MEDIA_VERIFY_CONTENT: VERIFY_CONTENT } });
    const account = await h.connectAccount();
    bytes = readBytes(await goodClip());
    const media = (await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: 'clip.mp4', data: bytes }]) })).body as { id: string };
    postId = (await h.engine.posts.create({ accountId: account.id, mediaIds: [media.id], title: 'pulled', draft: true })).post.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A token for one attempt of the post, as the publish pipeline grants it; answers the local path of its first URL. */
  const grant = async (attemptId: string, o: { issuedAgoMs?: number; ttlMs?: number } = {}): Promise<string> => {
    const [url] = await grantPull(h.engine.store, { postId, attemptId, mediaCount: 1, baseUrl: PREFIX, now: Date.now() - (o.issuedAgoMs ?? 0), ttlMs: o.ttlMs ?? 3_600_000, ids: createIdFactory() });
    expect(url!.startsWith(PREFIX)).toBe(true);
    return new URL(url!).pathname;
  };
  const pull = (method: 'GET' | 'HEAD', path: string, headers: Record<string, string> = {}) => h.server.inject({ method, url: path, headers });

  it('serves the whole file to a live token, without an API key', async () => {
    const path = await grant('att_whole');
    expect(path).toMatch(/^\/media\/[A-Za-z0-9_-]{32}\/0$/);
    const res = await pull('GET', path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.rawPayload.equals(bytes)).toBe(true);
    // The token stays good for the rest of the pull (TikTok may come back for more).
    expect((await pull('GET', path)).statusCode).toBe(200);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await pull('HEAD', await grant('att_head'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.rawPayload.length).toBe(0);
  });

  it('serves closed, open and suffix ranges with 206, and 416 past the end', async () => {
    const path = await grant('att_range');
    const size = bytes.length;
    const closed = await pull('GET', path, { range: 'bytes=0-99' });
    expect(closed.statusCode).toBe(206);
    expect(closed.headers['content-range']).toBe(`bytes 0-99/${size}`);
    expect(closed.headers['content-length']).toBe('100');
    expect(closed.rawPayload.equals(bytes.subarray(0, 100))).toBe(true);

    const open = await pull('GET', path, { range: `bytes=${size - 10}-` });
    expect(open.statusCode).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(open.rawPayload.equals(bytes.subarray(size - 10))).toBe(true);

    const suffix = await pull('GET', path, { range: 'bytes=-500' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect(suffix.rawPayload.equals(bytes.subarray(size - 500))).toBe(true);

    const middle = await pull('GET', path, { range: 'bytes=1000-1999' });
    expect(middle.rawPayload.equals(bytes.subarray(1000, 2000))).toBe(true);

    const past = await pull('GET', path, { range: `bytes=${size}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    expect(past.json()).toEqual({ error: { code: 'ERR_RANGE_NOT_SATISFIABLE', message: `The range bytes=${size}- lies outside the file's ${size} bytes.` } });

    // Several ranges, or one we cannot read: the whole file.
    const several = await pull('GET', path, { range: 'bytes=0-9,20-29' });
    expect(several.statusCode).toBe(200);
    expect(several.rawPayload.length).toBe(size);
  });

  it('refuses expired and revoked tokens with 410, unknown media indexes with 404', async () => {
    const expired = await pull('GET', await grant('att_expired', { issuedAgoMs: 7_200_000, ttlMs: 3_600_000 }));
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toEqual({ error: { code: 'ERR_GONE', message: 'This media link has expired or was revoked; TikTok gets a new one with the next attempt.' } });

    const revokedPath = await grant('att_revoked');
    await h.engine.store.mediaTokens.revokeAll('att_revoked', Date.now());
    expect((await pull('GET', revokedPath)).statusCode).toBe(410);
    expect((await pull('HEAD', revokedPath)).statusCode).toBe(410);

    const unknown = `/media/${'A'.repeat(32)}/0`;
    expect((await pull('GET', unknown)).statusCode).toBe(410);

    const live = await grant('att_index');
    expect((await pull('GET', live.replace(/\/0$/, '/1'))).statusCode).toBe(404);
    expect((await pull('GET', live.replace(/\/0$/, '/-1'))).statusCode).toBe(404);
    expect((await pull('GET', live.replace(/\/0$/, '/0x0'))).statusCode).toBe(404);
  });

  it('lists nothing and lets no path escape', async () => {
    const live = await grant('att_escape');
    const token = live.split('/')[2]!;
    for (const path of [
      '/media/',
      '/media',
      `/media/${token}`,
      `/media/${token}/`,
      `/media/${token}/0/extra`,
      '/media/../tokpost.db',
      '/media/..%2F..%2Ftokpost.db/0',
      `/media/${token}%2F0/0`,
      `/media/${token}/..%2F0`,
      `/media/${token}/%2e%2e`,
      '/media/%2e%2e/%2e%2e/etc/passwd',
      `/media/..%5C..%5Ctokpost.db/0`,
      '/media/.%2e/.%2e/tokpost.db',
    ]) {
      const res = await pull('GET', path);
      expect([404, 410], path).toContain(res.statusCode);
      expect(res.rawPayload.includes(bytes.subarray(0, 64)), path).toBe(false);
    }
    // The refusals name no file on the disk.
    for (const line of h.logLines) expect(line).not.toContain(`${h.dataDir}/tokpost.db`);
  });

  it('over a real socket: ranges stream, and raw dot-segment paths reach no file', async () => {
    await h.server.listen({ port: 0, host: '127.0.0.1' });
    const address = h.server.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
    const path = await grant('att_socket');
    const res = await fetch(`http://127.0.0.1:${address.port}${path}`, { headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    // Sent exactly as written, with no client normalizing the path.
    const rawGet = (p: string) =>
      new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: address.port, path: p, method: 'GET' }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    const token = path.split('/')[2]!;
    for (const p of [`/media/${token}/0/../../tokpost.db`, `/media/../tokpost.db`, `/media/${token}/../0`, `/media/./${token}/0/..`, '/media/..\\tokpost.db/0']) {
      const r = await rawGet(p);
      expect([404, 410], p).toContain(r.status);
      expect(r.body.includes(Buffer.from('SQLite format')), p).toBe(false);
    }
  });

  it("serves TikTok's URL-prefix verification file under the prefix", async () => {
    const res = await pull('GET', `/media/${VERIFY_FILE}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe(VERIFY_CONTENT);
    expect((await pull('GET', '/media/tiktokOther.txt')).statusCode).toBe(404);
  });

  it('never writes a pull token to the log', async () => {
    const path = await grant('att_log');
    const token = path.split('/')[2]!;
    expect((await pull('GET', path)).statusCode).toBe(200);
    expect(h.logLines.some((l) => l.includes('"/media/[token]/0"'))).toBe(true);
    for (const line of h.logLines) expect(line).not.toContain(token);
  });

  it('documents the endpoint as public in the OpenAPI document', async () => {
    const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(doc.paths['/media/{token}/{index}']?.['get']?.security).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/media', '/api/media/{id}', '/api/media/{id}/fix', '/api/media/uploads', '/api/media/uploads/{uploadId}']));
  });
});
