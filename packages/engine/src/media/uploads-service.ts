// Media arriving over the API (docs/media.md): a whole file in one request (multipart), or a
// resumable upload whose chunks arrive at known offsets. Bytes stream to disk in the media folder
// and are never held in memory whole; a completed file is registered like any other (probe +
// findings, media/register-media.ts).
//
// Resumable uploads: `begin` records the declared size and creates an empty temp file; each chunk
// must start at the received count (else a conflict that names the expected offset) and is written
// at that offset; the count moves by a conditional update (store: mediaUploads.advance), so two
// chunks for one offset cannot both count. A chunk cut short still counts the bytes that landed, so
// a client that lost its connection asks for the offset and resumes from there. When the count
// reaches the declared size the file is registered and the session remembers the media it became.
// Chunks of one upload are taken one at a time per process (a second one waits its turn).
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaUpload } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { conflict, EngineError, invalidInput, notFound, tooLarge } from '../errors.js';
import { registerMedia } from './register-media.js';
import { viewMedia, type MediaView } from './media-view.js';

export interface MediaUploadView {
  uploadId: string;
  fileName: string;
  size: number;
  received: number;
  expiresAt: number;
  /** The media the completed upload became. */
  mediaId: string | null;
}

export interface ChunkInput {
  /** Byte offset of the chunk's first byte (Content-Range's first number). */
  offset: number;
  /** Bytes in the chunk. */
  length: number;
  /** The file's total size as the chunk states it; must match the declared size. */
  total: number;
  body: Readable;
}

export interface MediaUploadsService {
  /** A whole file from one stream (multipart): stored, registered, answered. */
  receive(input: { fileName: string; body: Readable; maxBytes?: number }): Promise<MediaView>;
  begin(input: { fileName: string; size: number; maxBytes?: number }): Promise<MediaUploadView>;
  /** Writes one chunk; once the last byte is in, the media too. */
  append(uploadId: string, chunk: ChunkInput): Promise<{ upload: MediaUploadView; media?: MediaView }>;
  status(uploadId: string): Promise<MediaUploadView>;
  /** Registers a complete upload (append does it on the last chunk); the same media when done already. */
  finish(uploadId: string): Promise<MediaView>;
  /** Drops expired sessions and their temp files; answers how many. */
  sweep(): Promise<number>;
}

/** The media folder, absolute: asset rows keep the paths, and the process's working folder may change. */
export const mediaDirOf = (deps: EngineDeps): string => resolve(deps.settings.mediaDir ?? join(deps.settings.tempDir ?? join(tmpdir(), 'tokpost'), 'media'));

const viewUpload = (u: MediaUpload): MediaUploadView => ({ uploadId: u.id, fileName: u.fileName, size: u.declaredSize, received: u.receivedBytes, expiresAt: u.expiresAt, mediaId: u.mediaId });

/** The file's extension, kept so the probe can compare it with the bytes; nothing else of the name reaches the disk. */
function safeExtension(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? `.${m[1]!.toLowerCase()}` : '';
}

function checkFileName(fileName: unknown): string {
  if (typeof fileName !== 'string' || fileName.trim() === '') throw invalidInput([{ field: 'fileName', message: 'required: the name of the file, e.g. clip.mp4' }]);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (fileName.length > 255 || /[\u0000-\u001f\u007f]/.test(fileName)) throw invalidInput([{ field: 'fileName', message: 'must be at most 255 characters without control characters' }]);
  return fileName.trim();
}

const formatBytes = (n: number): string => (n >= 1024 ** 3 && n % 1024 ** 3 === 0 ? `${n / 1024 ** 3} GiB` : n >= 1024 ** 2 && n % 1024 ** 2 === 0 ? `${n / 1024 ** 2} MiB` : `${n} bytes`);

/** Counts bytes through; fails with `onOver` once more than `limit` passed. */
function counter(limit: number, onOver: () => Error): Transform & { count: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      t.count += chunk.length;
      if (t.count > limit) return done(onOver());
      done(null, chunk);
    },
  }) as Transform & { count: number };
  t.count = 0;
  return t;
}

export function createMediaUploadsService(deps: EngineDeps): MediaUploadsService {
  const { store, clock, ids, settings } = deps;
  const dir = (): string => mediaDirOf(deps);
  const limitOf = (maxBytes?: number) => Math.min(settings.maxUploadBytes, maxBytes ?? Infinity);

  // One chunk (or finish) at a time per upload in this process.
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const prev = turns.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    turns.set(id, tail);
    void tail.then(() => {
      if (turns.get(id) === tail) turns.delete(id);
    });
    return run;
  };

  async function live(uploadId: string): Promise<MediaUpload> {
    const u = await store.mediaUploads.get(uploadId);
    if (!u) throw notFound('upload', uploadId);
    if (!u.mediaId && u.expiresAt <= clock.now()) throw new EngineError('not_found', `upload ${uploadId} expired unfinished; start a new upload`);
    return u;
  }

  async function register(path: string): Promise<MediaView> {
    return viewMedia(await registerMedia(store, { ids, now: clock.now() }, { path }));
  }

  async function finishLocked(uploadId: string): Promise<MediaView> {
    const u = await live(uploadId);
    if (u.mediaId) {
      const asset = await store.media.get(u.mediaId);
      if (asset) return viewMedia(asset);
    }
    if (u.receivedBytes !== u.declaredSize) throw conflict(`upload ${uploadId} has ${u.receivedBytes} of ${u.declaredSize} bytes; send the rest from offset ${u.receivedBytes}`);
    const final = join(dir(), `${u.id}${safeExtension(u.fileName)}`);
    // Moved already when an earlier finish stopped before recording the media: register it now.
    if (!(existsSync(final) && !existsSync(u.tempPath))) {
      // A chunk cut short may have left bytes past the count; the file is exactly the declared size.
      const fh = await open(u.tempPath, 'r+');
      try {
        await fh.truncate(u.declaredSize);
      } finally {
        await fh.close();
      }
      await rename(u.tempPath, final);
    }
    const media = await register(final);
    await store.mediaUploads.complete(u.id, media.id, clock.now());
    return media;
  }

  async function sweep(): Promise<number> {
    const expired = await store.mediaUploads.listExpired(clock.now(), 20);
    for (const u of expired) {
      await rm(u.tempPath, { force: true });
      await store.mediaUploads.remove(u.id);
    }
    return expired.length;
  }

  return {
    async receive(input) {
      const fileName = checkFileName(input.fileName);
      const limit = limitOf(input.maxBytes);
      const id = ids.next('upl');
      await mkdir(join(dir(), 'uploads'), { recursive: true });
      const temp = join(dir(), 'uploads', `${id}.part`);
      const final = join(dir(), `${id}${safeExtension(fileName)}`);
      try {
        await pipeline(input.body, counter(limit, () => tooLarge(`The file is larger than the upload limit of ${formatBytes(limit)}; send a smaller file (or raise TOKPOST_MAX_UPLOAD_BYTES).`)), createWriteStream(temp));
        await rename(temp, final);
      } catch (e) {
        await rm(temp, { force: true });
        throw e;
      }
      try {
        return await register(final);
      } catch (e) {
        await rm(final, { force: true });
        throw e;
      }
    },

    async begin(input) {
      const fileName = checkFileName(input.fileName);
      const size = input.size;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) throw invalidInput([{ field: 'size', message: 'must be the file size in bytes, a whole number of at least 1' }]);
      const limit = limitOf(input.maxBytes);
      if (size > limit) throw tooLarge(`size ${size} is over the upload limit of ${formatBytes(limit)}; send a smaller file (or raise TOKPOST_MAX_UPLOAD_BYTES).`);
      await sweep().catch((e: unknown) => deps.log.warn({ err: e }, 'could not drop expired uploads; will try again'));
      const id = ids.next('upl');
      await mkdir(join(dir(), 'uploads'), { recursive: true });
      const tempPath = join(dir(), 'uploads', `${id}.part`);
      await (await open(tempPath, 'wx')).close();
      const now = clock.now();
      const upload: MediaUpload = { id, fileName, declaredSize: size, receivedBytes: 0, tempPath, mediaId: null, createdAt: now, updatedAt: now, expiresAt: now + settings.uploadTtlMs };
      try {
        await store.mediaUploads.insert(upload);
      } catch (e) {
        await rm(tempPath, { force: true });
        throw e;
      }
      return viewUpload(upload);
    },

    append(uploadId, chunk) {
      return inTurn(uploadId, async () => {
        const u = await live(uploadId);
        if (u.mediaId) throw conflict(`upload ${uploadId} is complete already (media ${u.mediaId}); nothing more to send`);
        const range = 'Content-Range';
        if (chunk.total !== u.declaredSize) throw invalidInput([{ field: range, message: `the total size must be ${u.declaredSize}, the size the upload was started with` }]);
        if (chunk.offset !== u.receivedBytes) {
          throw conflict(`the chunk starts at byte ${chunk.offset}, but upload ${uploadId} has ${u.receivedBytes} bytes: expected offset ${u.receivedBytes}; send the chunk that starts there`, [
            { field: range, message: `expected offset ${u.receivedBytes}` },
          ]);
        }
        if (chunk.length < 1 || chunk.offset + chunk.length > u.declaredSize) throw invalidInput([{ field: range, message: `the chunk must lie within the file's ${u.declaredSize} bytes` }]);

        const count = counter(chunk.length, () => invalidInput([{ field: 'body', message: `carries more than the ${chunk.length} bytes its Content-Range announces` }]));
        let failure: unknown;
        try {
          await pipeline(chunk.body, count, createWriteStream(u.tempPath, { flags: 'r+', start: chunk.offset }));
        } catch (e) {
          failure = e;
        }
        // What landed counts, even from a chunk cut short: the client resumes from there.
        const landed = Math.min(count.count, chunk.length);
        const tooLong = count.count > chunk.length;
        const received = tooLong ? u.receivedBytes : u.receivedBytes + landed;
        if (received !== u.receivedBytes && !(await store.mediaUploads.advance(u.id, u.receivedBytes, received, clock.now()))) {
          throw conflict(`another chunk for upload ${uploadId} arrived at the same time; ask for the offset (GET) and resume from there`);
        }
        if (failure instanceof EngineError) throw failure;
        if (failure || landed < chunk.length) {
          throw invalidInput([{ field: 'body', message: `ended after ${landed} of the ${chunk.length} bytes its Content-Range announces; the upload has ${received} bytes, resume from there` }]);
        }
        const upload = viewUpload({ ...u, receivedBytes: received });
        if (received < u.declaredSize) return { upload };
        const media = await finishLocked(uploadId);
        return { upload: { ...upload, mediaId: media.id }, media };
      });
    },

    async status(uploadId) {
      return viewUpload(await live(uploadId));
    },

    finish(uploadId) {
      return inTurn(uploadId, () => finishLocked(uploadId));
    },

    sweep,
  };
}
