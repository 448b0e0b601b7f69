// Fuzzing media in and out of the server.
//
// Pull endpoint (TOKPOST_MEDIA_PREFIX's path, opened by per-attempt tokens): 10,000 generated
// requests mixing path segments (traversal, %2e%2e and encoded slashes, null bytes, overlong and
// unicode segments), tokens (live, expired, mistyped, another post's) and Range headers (malformed,
// several ranges, reversed, huge). No 500, no answer slower than a second, and a 2xx only for a live
// token and a real index, carrying exactly the bytes of that token's file (the range asked for).
//
// Uploads: 10,000 generated malformed files (test/support/malformed-media.ts: lying box sizes,
// nested box bombs, truncated EBML, wrong magic, lying extensions). 500 go through HTTP — 400 as
// POST /api/media multipart bodies (well formed, cut short, in the wrong field, over the size
// limit) and 100 through the resumable upload (chunks whose Content-Range lies or which stop
// early) — and, for speed, the other 9,500 straight to the probe the upload route calls. No 500,
// no crash, nothing slower than a second; a refused upload adds no row and no file to the data
// folder's media/ (a temp file included).
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createIdFactory, grantPull } from '@tokpost/engine';
import { check, createProber } from '@tokpost/media';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { malformedFile } from '../../../test/support/malformed-media.js';
import { startHarness, type Harness } from './support/harness.js';
import { countRows, goodClip, mediaFiles, multipartBody, readBytes } from './support/media.js';

const PREFIX = 'https://media.tokpost.example.test/media/';
const LIMIT = 64 * 1024;
const HANG_MS = 1_000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { TOKPOST_MEDIA_PREFIX: PREFIX, TOKPOST_MAX_UPLOAD_BYTES: String(LIMIT) }, settings: { maxUploadBytes: LIMIT } });
});

afterAll(async () => {
  await h?.close();
});

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Times one call; fails the case past the hang limit the issue sets. */
async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const r = await fn();
  expect(performance.now() - started, `${what} took over ${HANG_MS} ms`).toBeLessThan(HANG_MS);
  return r;
}

describe('pull endpoint', () => {
  const files = new Map<string, Buffer>();
  let liveA: string;
  let liveB: string;
  let expired: string;

  beforeAll(async () => {
    const account = await h.connectAccount();
    // Two posts with different clips, so bytes of one served for the other's token would show.
    const [pathA, pathB] = [await goodClip(), await goodMp4({ seconds: 1, width: 540, height: 960 })];
    const [clip, other] = [readBytes(pathA), readBytes(pathB)];
    const a = await h.engine.media.register({ path: pathA });
    const b = await h.engine.media.register({ path: pathB });
    const postA = (await h.engine.posts.create({ accountId: account.id, mediaIds: [a.id], title: 'a', draft: true })).post.id;
    const postB = (await h.engine.posts.create({ accountId: account.id, mediaIds: [b.id], title: 'b', draft: true })).post.id;
    const token = async (postId: string, now: number, ttlMs: number) => new URL((await grantPull(h.engine.store, { postId, attemptId: `att_${postId}_${now}`, mediaCount: 1, baseUrl: PREFIX, now, ttlMs, ids: createIdFactory() }))[0]!).pathname.split('/')[2]!;
    liveA = await token(postA, Date.now(), 3_600_000);
    liveB = await token(postB, Date.now(), 3_600_000);
    expired = await token(postA, Date.now() - 7_200_000, 3_600_000);
    files.set(liveA, clip);
    files.set(liveB, other);
  });

  it('10,000 generated pulls: never a 500 or a hang, and only a live token gets bytes — its own file\'s', async () => {
    const mistyped = (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
    const tokenPart = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(() => liveA, () => liveB).map((f) => f()) },
      { weight: 1, arbitrary: fc.constant(null).map(() => expired) },
      { weight: 1, arbitrary: fc.constant(null).map(() => mistyped(liveA)) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{32}$/) },
      {
        weight: 3,
        arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '%2e%2e%2f', '..%2f..%2f..%2fetc%2fpasswd', '%2F', '%5c..%5c', '%00', '.%00', 'a%00b', '%252e%252e', '....//', '%c0%ae%c0%ae', '', '~', '*'),
      },
      { weight: 1, arbitrary: fc.constant(null).map(() => `${liveA}%00`) },
      { weight: 1, arbitrary: fc.constant(null).map(() => `${liveA}%2f..`) },
      { weight: 1, arbitrary: fc.integer({ min: 101, max: 20_000 }).map((n) => 'x'.repeat(n)) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)) },
    );
    const indexPart = fc.oneof(
      { weight: 4, arbitrary: fc.constant('0') },
      { weight: 2, arbitrary: fc.constantFrom('1', '00', '000', '-1', '999', '1000', '1e0', '0x0', '99999999999999999999', '0%00', '..', '%2e%2e', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '', ' 0', '0.0', '%30') },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => encodeURIComponent(s)) },
    );
    const tail = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '/..', '/../..', '/%2e%2e', '/x', '?download=1', '?../../etc/passwd', '#x', '//') });
    const range = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.tuple(fc.nat({ max: 5_000 }), fc.nat({ max: 5_000 })).map(([a, b]) => `bytes=${a}-${a + b}`) },
      { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 5_000 }), fc.nat({ max: 5_000 })).map(([a, b]) => `bytes=${a + b + 1}-${a}`) },
      { weight: 1, arbitrary: fc.nat({ max: 10_000 }).map((n) => `bytes=-${n}`) },
      { weight: 1, arbitrary: fc.nat({ max: 10_000_000 }).map((n) => `bytes=${n}-`) },
      { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat({ max: 999 }), fc.nat({ max: 999 })), { minLength: 2, maxLength: 5 }).map((rs) => `bytes=${rs.map(([a, b]) => `${a}-${a + b}`).join(',')}`) },
      { weight: 2, arbitrary: fc.constantFrom('bytes=99999999999999999999-', 'bytes=0-99999999999999999999', 'bytes=-99999999999999999999', 'bytes=1e3-', 'bytes=', 'bytes=-', 'bytes=--1', 'items=0-1', 'bytes 0-1', 'bytes=0-1,', 'bytes=-0', 'bytes=0-0', 'BYTES=0-1', 'bytes=0x10-0x20', `bytes=${'0-1,'.repeat(500)}0-1`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')) },
    );
    const statuses = new Map<number, number>();
    let served = 0;
    await fc.assert(
      fc.asyncProperty(tokenPart, indexPart, tail, range, fc.constantFrom<'GET' | 'HEAD'>('GET', 'GET', 'HEAD'), async (token, index, extra, rangeHeader, method) => {
        const url = `/media/${token}/${index}${extra}`;
        const label = `${method} ${url.slice(0, 200)} range=${rangeHeader}`;
        const res = await timed(label, () => h.server.inject({ method, url, headers: rangeHeader === undefined ? {} : { range: rangeHeader } }));
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, label).toBeLessThan(500);
        const isMedia = String(res.headers['content-type'] ?? '').startsWith('video/');
        if (res.statusCode >= 200 && res.statusCode < 300 && isMedia) {
          // Only a live token, an index that is a number naming its one file, and nothing after.
          // The router decodes each segment (`%30` is `0`).
          const file = files.get(decoded(token));
          expect(file, `${label} served media without a live token`).toBeDefined();
          expect(/^0{1,3}$/.test(decoded(index)) && (extra === '' || extra.startsWith('?') || extra.startsWith('#')), `${label} served media for another path`).toBe(true);
          const body = res.rawPayload;
          if (method === 'HEAD') {
            expect(body.length).toBe(0);
          } else if (res.statusCode === 206) {
            const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(res.headers['content-range']));
            expect(m, `${label}: ${String(res.headers['content-range'])}`).not.toBeNull();
            const [first, last, size] = [Number(m![1]), Number(m![2]), Number(m![3])];
            expect(size).toBe(file!.length);
            expect(body.equals(file!.subarray(first, last + 1)), label).toBe(true);
          } else {
            expect(body.equals(file!), label).toBe(true);
          }
          served += 1;
        } else {
          // Anything else — a refusal, or a page a normalised path led to (`/media/../..` is the
          // home page) — carries none of either file's bytes.
          for (const file of files.values()) expect(res.rawPayload.includes(file.subarray(4_096, 4_160)), `${label} leaked media bytes`).toBe(false);
          if (res.statusCode >= 400 && method === 'GET') expect((JSON.parse(res.body) as { error?: { code?: string } }).error?.code, `${label}: ${res.body.slice(0, 200)}`).toMatch(/^ERR_[A-Z_]+$/);
        }
      }),
      { numRuns: 10_000, seed: 20261205 },
    );
    expect(served).toBeGreaterThan(500);
    for (const s of [200, 206, 404, 410, 416]) expect(statuses.get(s) ?? 0, `answers ${JSON.stringify([...statuses])}`).toBeGreaterThan(10);
  }, 300_000);
});

describe('uploads of malformed media', () => {
  /** Rows and files that a refused upload must not change. */
  const snapshot = () => ({ assets: countRows(h, 'media_assets'), files: mediaFiles(h) });

  it('400 multipart uploads through POST /api/media: whole, cut short, misnamed, over the limit', async () => {
    const shape = fc.constantFrom<'whole' | 'truncated' | 'wrong-field' | 'no-boundary' | 'over-limit' | 'two-files'>('whole', 'whole', 'whole', 'truncated', 'truncated', 'wrong-field', 'no-boundary', 'over-limit', 'two-files');
    const counts = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformedFile, shape, fc.double({ min: 0, max: 1, noNaN: true }), async ({ bytes, ext }, kind, cutAt) => {
        const fileName = ext ? `upload.${ext}` : 'upload';
        const data = kind === 'over-limit' ? Buffer.concat([bytes, Buffer.alloc(LIMIT + 1 - Math.min(bytes.length, LIMIT))]) : bytes;
        const parts = [{ name: kind === 'wrong-field' ? 'video' : 'file', filename: fileName, contentType: 'application/octet-stream', data }];
        if (kind === 'two-files') parts.push({ name: 'file', filename: 'second.mp4', contentType: 'video/mp4', data: bytes });
        let { payload, contentType } = multipartBody(parts);
        if (kind === 'truncated') payload = payload.subarray(0, Math.floor(payload.length * cutAt));
        if (kind === 'no-boundary') contentType = 'multipart/form-data';
        const before = snapshot();
        const label = `${kind} ${fileName} ${bytes.length} bytes ${bytes.subarray(0, 24).toString('hex')}`;
        const r = await timed(label, () => h.request('POST', '/api/media', { raw: { payload, contentType } }));
        counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        expect(r.status, `${label}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
        const after = snapshot();
        if (r.status === 201) {
          expect(after.assets, label).toBe(before.assets + 1);
          expect(after.files.filter((f) => !before.files.includes(f)), label).toHaveLength(1);
          expect(after.files.some((f) => f.startsWith('uploads/')), `${label} left a temp file`).toBe(false);
        } else {
          expect((r.body as { error?: { code?: string } }).error?.code, label).toMatch(/^ERR_[A-Z_]+$/);
          expect(after, `${label} was refused (${r.status}) but left something behind`).toEqual(before);
        }
      }),
      { numRuns: 400, seed: 20261206 },
    );
    // Malformed files are still taken (as unusable media with findings); broken forms are refused.
    expect(counts.get(201) ?? 0).toBeGreaterThan(50);
    expect([...counts.keys()].filter((s) => s >= 400).length).toBeGreaterThan(1);
  }, 120_000);

  it('100 resumable uploads whose chunks lie about their range or stop early', async () => {
    await fc.assert(
      fc.asyncProperty(malformedFile, fc.constantFrom<'right' | 'short' | 'long' | 'wrong-total' | 'wrong-offset' | 'garbage-range'>('right', 'right', 'short', 'long', 'wrong-total', 'wrong-offset', 'garbage-range'), async ({ bytes, ext }, kind) => {
        const data = bytes.length > 0 ? bytes : Buffer.from([0]);
        const begun = await h.request('POST', '/api/media/uploads', { body: { fileName: `chunked.${ext || 'bin'}`, size: data.length } });
        expect(begun.status, begun.text).toBe(201);
        const uploadId = (begun.body as { uploadId: string }).uploadId;
        const before = countRows(h, 'media_assets');
        const ranges: Record<typeof kind, string> = {
          right: `bytes 0-${data.length - 1}/${data.length}`,
          short: `bytes 0-${data.length}/${data.length + 1}`,
          long: `bytes 0-${Math.max(0, data.length - 2)}/${data.length}`,
          'wrong-total': `bytes 0-${data.length - 1}/${data.length * 2 + 7}`,
          'wrong-offset': `bytes 1-${data.length}/${data.length}`,
          'garbage-range': `bytes ${'9'.repeat(30)}-x/${data.length}`,
        };
        const label = `${kind} ${data.length} bytes`;
        const r = await timed(label, () => h.request('PUT', `/api/media/uploads/${uploadId}`, { raw: { payload: data, contentType: 'application/octet-stream' }, headers: { 'content-range': ranges[kind] } }));
        expect(r.status, `${label}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
        if (r.status === 201) expect(countRows(h, 'media_assets')).toBe(before + 1);
        else if (r.status >= 400) expect(countRows(h, 'media_assets'), label).toBe(before);
        if (kind === 'right') expect(r.status, label).toBe(201);
      }),
      { numRuns: 100, seed: 20261207 },
    );
  }, 120_000);

  it('9,500 more straight to the probe: an answer for each within a second, the rules taking it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokpost-media-fuzz-'));
    const prober = createProber();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(malformedFile, async ({ bytes, ext }) => {
          const path = join(dir, `case-${n++ % 32}${ext ? `.${ext}` : ''}`);
          writeFileSync(path, bytes);
          const result = await timed(`probe of ${bytes.subarray(0, 24).toString('hex')}`, () => prober.probe(path));
          expect(['video', 'photo', 'unusable']).toContain(result.kind);
          expect(Array.isArray(check(result))).toBe(true);
        }),
        { numRuns: 9_500, seed: 20261208 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a refused upload body that never ends is answered, not waited on forever', async () => {
    // A multipart body cut off mid-part over a live stream: the parser sees the end of the stream.
    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'cut.mp4', data: Buffer.alloc(2_000, 7) }]);
    const before = snapshot();
    const r = await timed('cut stream', () => h.server.inject({ method: 'POST', url: '/api/media', headers: { authorization: `Bearer ${h.key}`, 'content-type': contentType }, payload: Readable.from([payload.subarray(0, 500)]) }));
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(snapshot()).toEqual(before);
  });
});
