// FILE_UPLOAD end to end against the emulator: a real multi-chunk video from a path and from a
// stream, in-process and over HTTP with both transports; chunk retries and resynchronisation;
// the one-hour window (client-side stop and TikTok's 403); the speed estimate; Content-Type per
// container.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TikTokUploadError, TikTokUploadWindowError } from '../src/index.js';
import type { InitResult, TikTokClient, UploadEvent } from '../src/index.js';
import { startHarness } from './support/harness.js';
import type { Harness, Mode } from './support/harness.js';
import { goodMp4, movClip, multiChunkMp4, webmClip } from './support/media.js';
import { pollStatus } from './support/poll.js';

const MIN_CHUNK = 5_242_880;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const VARIANTS: Array<{ mode: Mode; transport: 'fetch' | 'node-http' }> = [
  { mode: 'in-process', transport: 'fetch' },
  { mode: 'http', transport: 'fetch' },
  { mode: 'http', transport: 'node-http' },
];

async function initFile(h: Harness, client: TikTokClient, token: string, path: string, chunkSize = MIN_CHUNK): Promise<InitResult> {
  return client.initDirectVideo(token, { postInfo: { privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'upload test' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size, chunkSize } });
}

async function uploads(h: Harness) {
  return (await h.emu.admin.requests()).filter((r) => r.endpoint === 'upload');
}

describe.each(VARIANTS)('upload ($mode, $transport)', ({ mode, transport }) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('uploads a real video in 3 chunks from a file path and TikTok publishes the same bytes', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const size = statSync(path).size;
    const init = await initFile(h, h.client, t.accessToken, path);
    expect(init.chunkPlan!.totalChunkCount).toBe(3);
    expect(init.uploadExpiresAt).toBe(h.clock.now() + 3_600_000);
    const events: UploadEvent[] = [];
    const result = await h.client.uploadVideo({ init, source: { path }, onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ totalBytes: size, chunkCount: 3, requests: 3, retries: 0 });
    expect(events.filter((e) => e.type === 'chunk_done').map((e) => e.type === 'chunk_done' && [e.httpStatus, e.bytesConfirmed])).toEqual([
      [206, MIN_CHUNK],
      [206, 2 * MIN_CHUNK],
      [201, size],
    ]);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.bytesSent] : []));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(size);
    expect((await uploads(h)).map((r) => r.status)).toEqual([206, 206, 201]);
    const done = await pollStatus(h, t.accessToken, init.publishId, (s) => s.publiclyAvailablePostIds.length > 0 || s.status === 'FAILED');
    expect(done).toMatchObject({ status: 'PUBLISH_COMPLETE', uploadedBytes: size });
    const [post] = await h.emu.admin.posts();
    expect(post!.sha256).toEqual([sha256(path)]);
    expect(done.publiclyAvailablePostIds).toEqual([post!.post_id]);
  });

  it('uploads from a stream of known size', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    await h.client.uploadVideo({ init, source: { stream: createReadStream(path, { highWaterMark: 300_000 }), size: statSync(path).size } });
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts())[0]!.sha256).toEqual([sha256(path)]);
  });

  it('retries a chunk that failed with a 5xx', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'error', status: 503, count: 1 });
    const events: UploadEvent[] = [];
    const result = await h.client.uploadVideo({ init, source: { path }, onEvent: (e) => events.push(e) });
    expect(result.retries).toBe(1);
    expect(events.filter((e) => e.type === 'retry')).toMatchObject([{ chunkIndex: 0, attempt: 1, httpStatus: 503, code: 'internal_error' }]);
    expect((await uploads(h)).map((r) => r.status)).toEqual([503, 206, 206, 201]);
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts())[0]!.sha256).toEqual([sha256(path)]);
  });

  it('resumes from the byte TikTok reports after an interruption and after a lost answer', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    // Phase 1: the process stops after the first chunk.
    const stop = new AbortController();
    const first = await h.client
      .uploadVideo({ init, source: { path }, signal: stop.signal, onEvent: (e) => e.type === 'chunk_done' && stop.abort(new Error('worker stopped')) })
      .catch((e: unknown) => e);
    expect(first).toMatchObject({ message: 'worker stopped' });
    // Phase 2: a new run starts from byte 0 and its first answer is lost (connection reset); the
    // resend gets 416 with TikTok's progress, and the run continues from that byte.
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'reset_after', count: 1 });
    const events: UploadEvent[] = [];
    await h.client.uploadVideo({ init, source: { path }, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'retry')).toMatchObject([{ chunkIndex: 0, httpStatus: undefined, code: 'network_error' }]);
    expect(events.filter((e) => e.type === 'resync')).toMatchObject([{ httpStatus: 416, fromByte: MIN_CHUNK }]);
    expect((await uploads(h)).map((r) => [r.status, r.fault ?? ''])).toEqual([
      [206, ''],
      [416, 'reset_after'],
      [416, ''],
      [206, ''],
      [201, ''],
    ]);
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts())[0]!.sha256).toEqual([sha256(path)]);
  });

  it('finishes when the answer to the last chunk was lost (TikTok already has every byte)', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await goodMp4();
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } });
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'reset_after', count: 1 });
    const result = await h.client.uploadVideo({ init, source: { path } });
    expect(result.retries).toBe(1);
    expect((await uploads(h)).map((r) => [r.status, r.fault ?? ''])).toEqual([
      [201, 'reset_after'],
      [416, ''],
    ]);
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'PUBLISH_COMPLETE');
  });
});

describe.each(VARIANTS)('upload window and failures ($mode, $transport)', ({ mode, transport }) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('stops cleanly, sending nothing more, once the one-hour window has passed', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    const err = await h.client
      .uploadVideo({ init, source: { path }, onEvent: (e) => e.type === 'chunk_done' && e.chunkIndex === 0 && h.clock.jump(3_600_000) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokUploadWindowError);
    expect(err).toMatchObject({ code: 'upload_window_expired', errorClass: 'permanent', bytesConfirmed: MIN_CHUNK, httpStatus: undefined });
    expect((err as Error).message).toMatch(/one-hour upload window has closed/);
    expect(await uploads(h)).toHaveLength(1);
  });

  it("maps TikTok's 403 for an expired upload URL to the same error", async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    const err = await h.client
      .uploadVideo({
        uploadUrl: init.uploadUrl!,
        plan: init.chunkPlan!,
        // A caller that believes it has more time (e.g. a wrong clock) hears it from TikTok.
        expiresAt: h.clock.now() + 3 * 3_600_000,
        source: { path },
        onEvent: (e) => e.type === 'chunk_done' && e.chunkIndex === 0 && h.clock.jump(3_600_000),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokUploadWindowError);
    expect(err).toMatchObject({ code: 'upload_window_expired', httpStatus: 403, bytesConfirmed: MIN_CHUNK });
    expect((await uploads(h)).map((r) => r.status)).toEqual([206, 403]);
  });

  it('stops early when the measured speed cannot finish inside the window', async () => {
    h = await startHarness(mode, { client: { upload: { transport } } });
    const t = await h.connect();
    const path = await multiChunkMp4();
    const init = await initFile(h, h.client, t.accessToken, path);
    let jumped = false;
    const estimates: Array<boolean | undefined> = [];
    const err = await h.client
      .uploadVideo({
        init,
        source: { path },
        stopWhenWindowTooShort: true,
        onEvent: (e) => {
          // The first chunk "takes" 50 minutes: 5 MB in 50 min cannot carry 15 MB in the 10 left.
          if (e.type === 'progress' && e.chunkIndex === 0 && !jumped) {
            jumped = true;
            h.clock.jump(50 * 60_000);
          }
          if (e.type === 'chunk_done') estimates.push(undefined);
          if (e.type === 'progress' && e.bytesConfirmed > 0) estimates.push(e.estimate.fits);
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokUploadWindowError);
    expect(err).toMatchObject({ code: 'upload_window_insufficient', bytesConfirmed: MIN_CHUNK });
    expect(estimates).toContain(false);
    expect(await uploads(h)).toHaveLength(1);
  });

  it('gives up on a chunk after the retry budget and on an unknown upload URL', async () => {
    h = await startHarness(mode, { client: { upload: { transport }, retry: { upload_chunk: { maxAttempts: 3, baseDelayMs: 10 } } } });
    const t = await h.connect();
    const path = await goodMp4();
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } });
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'error', status: 500, count: 5 });
    const err = await h.client.uploadVideo({ init, source: { path } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokUploadError);
    expect(err).toMatchObject({ code: 'internal_error', errorClass: 'retryable', httpStatus: 500, bytesConfirmed: 0 });
    expect(await uploads(h)).toHaveLength(3);

    const bogus = init.uploadUrl!.replace(/upload_token=[^&]+/, 'upload_token=nope');
    await expect(h.client.uploadVideo({ uploadUrl: bogus, plan: init.chunkPlan!, source: { path } })).rejects.toMatchObject({ code: 'upload_not_found', httpStatus: 404, errorClass: 'permanent' });
  });
});

describe('Content-Type per container', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('sends video/webm, video/quicktime and video/mp4 by the file’s first bytes', async () => {
    const seen: string[] = [];
    h = await startHarness('in-process');
    const spy = h.makeClient({
      fetch: (url, init) => {
        if (init.method === 'PUT') seen.push(new Headers(init.headers).get('content-type') ?? '');
        return h.emu.fetch(url, init);
      },
    });
    const t = await h.connect();
    for (const path of [await webmClip(), await movClip(), await goodMp4()]) {
      const init = await spy.initInboxVideo(t.accessToken, { source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } });
      await spy.uploadVideo({ init, source: { path } });
      await h.emu.admin.completeInbox(init.publishId).catch(() => undefined);
    }
    expect(seen).toEqual(['video/webm', 'video/quicktime', 'video/mp4']);
  });

  it('uploads from a web ReadableStream', async () => {
    h = await startHarness('in-process');
    const t = await h.connect();
    const path = await goodMp4();
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } });
    const web = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    await h.client.uploadVideo({ init, source: { stream: web, size: statSync(path).size } });
    await pollStatus(h, t.accessToken, init.publishId, (s) => s.status === 'PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts())[0]!.sha256).toEqual([sha256(path)]);
  });

  it('refuses a source whose size differs from the plan, before sending anything', async () => {
    h = await startHarness('in-process');
    const t = await h.connect();
    const path = await goodMp4();
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size + 1 } });
    await expect(h.client.uploadVideo({ init, source: { path } })).rejects.toThrow(/plan announced/);
    expect(await uploads(h)).toHaveLength(0);
  });
});
