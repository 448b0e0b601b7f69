// The FILE_UPLOAD uploader: sends the chunks of a plan announced at init, in order, to the upload
// URL. States per upload: sending chunk i → (206) next chunk | (201) done | (5xx, reset, timeout)
// retry the chunk from the byte TikTok last confirmed | (416) resynchronise on the Content-Range
// TikTok reports | (403) window expired | (404, 400) stop.
//
// Invariants: bytes go out strictly in order; memory stays constant for a file path (each range is
// streamed from disk) and bounded by one chunk for a stream source (the chunk is kept so it can be
// re-sent); nothing is sent once the one-hour upload window has closed; errors never contain the
// upload URL (it carries the upload token).
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { UPLOAD_URL_TTL_MS, systemClock } from '../contract/index.js';
import type { Clock, UploadContainer } from '../contract/index.js';
import { chunkIndexAt } from './chunk-plan.js';
import { containerFromFileName, contentTypeFor, sniffContainer } from './content-type.js';
import { TikTokUploadError, TikTokUploadWindowError } from './errors.js';
import type { TikTokError } from './errors.js';
import { toNetworkError } from './http.js';
import { decideRetry } from './retry-policy.js';
import type { RetryPolicyOptions } from './retry-policy.js';
import { estimateUpload } from './upload-estimate.js';
import type { UploadEstimate } from './upload-estimate.js';
import type { ChunkBody, ChunkResponse, UploadTransport } from './upload-transport.js';
import type { ChunkPlan } from './types.js';

export type UploadSource =
  | { path: string }
  | { stream: Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; size: number; fileName?: string };

export interface UploadOptions {
  /** From the init response. A credential: it is never logged or put in errors. */
  uploadUrl: string;
  source: UploadSource;
  /** The plan announced at init (InitResult.chunkPlan). */
  plan: ChunkPlan;
  /** Overrides detection from the first bytes / file name. */
  container?: UploadContainer;
  /** When the upload URL expires (InitResult.uploadExpiresAt); default one hour from now. */
  expiresAt?: number;
  onEvent?: (event: UploadEvent) => void;
  signal?: AbortSignal;
  /** Stop with `upload_window_insufficient` as soon as the measured speed cannot make the window. */
  stopWhenWindowTooShort?: boolean;
}

export type UploadEvent =
  | {
      type: 'progress';
      chunkIndex: number;
      chunkCount: number;
      /** Position in the file reached so far, the chunk in flight included. */
      bytesSent: number;
      /** Bytes TikTok confirmed. */
      bytesConfirmed: number;
      totalBytes: number;
      estimate: UploadEstimate;
    }
  | { type: 'chunk_done'; chunkIndex: number; httpStatus: number; bytesConfirmed: number }
  | { type: 'retry'; chunkIndex: number; attempt: number; delayMs: number; code: string; httpStatus: number | undefined }
  | { type: 'resync'; chunkIndex: number; fromByte: number; httpStatus: number };

export interface UploadResult {
  totalBytes: number;
  chunkCount: number;
  requests: number;
  retries: number;
  durationMs: number;
  bytesPerSecond: number | undefined;
}

export interface UploaderDeps {
  transport: UploadTransport;
  clock?: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicyOptions>;
  /** Real-time limit for one chunk PUT (default 15 minutes). */
  chunkTimeoutMs?: number;
}

export interface Uploader {
  upload(options: UploadOptions): Promise<UploadResult>;
}

const PROGRESS_STEP_BYTES = 4 << 20;
const MAX_RESYNCS = 10;

/**
 * Reads how many bytes TikTok holds from a response `Content-Range: bytes 0-N/TOTAL`. TikTok does
 * not say whether N is a count or the last byte index (docs/tiktok-api.md §5.5, not documented); since progress
 * only ever lands on a chunk boundary, the reading that does wins, the inclusive one otherwise.
 */
export function confirmedBytesFromContentRange(value: string | null | undefined, plan: ChunkPlan): number | undefined {
  const m = value ? /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(value) : null;
  if (!m) return undefined;
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n) || Number(m[3]) !== plan.videoSize) return undefined;
  const boundary = (x: number) => x === plan.videoSize || plan.chunks.some((c) => c.first === x);
  if (boundary(n + 1)) return n + 1;
  if (boundary(n)) return n;
  return Math.min(n + 1, plan.videoSize);
}

/** Reads exactly-sized pieces from a stream, in order. */
function createSequentialReader(stream: Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  const iterable: AsyncIterable<Uint8Array> = stream instanceof ReadableStream ? Readable.fromWeb(stream as NodeReadableStream<Uint8Array>) : stream;
  const it = iterable[Symbol.asyncIterator]();
  let pending: Uint8Array | undefined;
  return {
    async read(size: number): Promise<Buffer> {
      const out = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        if (!pending || pending.length === 0) {
          const next = await it.next();
          if (next.done) throw new RangeError(`the stream ended after fewer bytes than announced at init`);
          pending = next.value;
        }
        const take = Math.min(size - filled, pending.length);
        out.set(pending.subarray(0, take), filled);
        pending = pending.subarray(take);
        filled += take;
      }
      return out;
    },
    close() {
      void it.return?.();
    },
  };
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fh.read(buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function uploadError(code: string, message: string, httpStatus: number | undefined, errorClass: TikTokError['errorClass'], bytesConfirmed: number, cause?: unknown) {
  return new TikTokUploadError({ code, message: `TikTok upload: ${message}`, httpStatus, errorClass, endpoint: 'upload', bytesConfirmed, cause });
}

export function createUploader(deps: UploaderDeps): Uploader {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const chunkTimeoutMs = deps.chunkTimeoutMs ?? 15 * 60_000;

  async function upload(o: UploadOptions): Promise<UploadResult> {
    const { plan } = o;
    const total = plan.videoSize;
    const expiresAt = o.expiresAt ?? clock.now() + UPLOAD_URL_TTL_MS;
    const emit = (e: UploadEvent) => o.onEvent?.(e);
    const started = clock.now();

    const reader = 'path' in o.source ? undefined : createSequentialReader(o.source.stream);
    let buffered: { index: number; data: Buffer } | undefined;
    let container = o.container;
    if ('path' in o.source) {
      const st = await stat(o.source.path);
      if (st.size !== total) throw new RangeError(`the file has ${st.size} bytes but the plan announced ${total}`);
      container ??= sniffContainer(await readHead(o.source.path)) ?? containerFromFileName(o.source.path);
    } else {
      if (o.source.size !== total) throw new RangeError(`the stream size ${o.source.size} differs from the plan's ${total}`);
      buffered = { index: 0, data: await reader!.read(plan.chunks[0]!.size) };
      container ??= sniffContainer(buffered.data.subarray(0, 16)) ?? (o.source.fileName ? containerFromFileName(o.source.fileName) : undefined);
    }
    if (!container) throw new TypeError('cannot tell the container (mp4, mov or webm): pass `container`');
    const contentType = contentTypeFor(container);

    let confirmed = 0;
    let activeMs = 0;
    let measuredBytes = 0;
    let requests = 0;
    let retries = 0;
    let resyncs = 0;
    let failures = 0;
    const speed = () => (activeMs > 0 ? (measuredBytes * 1000) / activeMs : undefined);
    const estimate = () => estimateUpload({ totalBytes: total, confirmedBytes: confirmed, bytesPerSecond: speed(), nowMs: clock.now(), windowEndsAt: expiresAt });
    const windowClosed = (cause?: unknown, httpStatus?: number) =>
      new TikTokUploadWindowError({
        code: 'upload_window_expired',
        message: `TikTok upload: the one-hour upload window has closed with ${confirmed} of ${total} bytes confirmed; start a new init`,
        httpStatus,
        errorClass: 'permanent',
        endpoint: 'upload',
        bytesConfirmed: confirmed,
        cause,
      });

    try {
      while (confirmed < total) {
        o.signal?.throwIfAborted();
        if (clock.now() >= expiresAt) throw windowClosed();
        const index = chunkIndexAt(plan, confirmed);
        const chunk = plan.chunks[index]!;
        const from = confirmed;
        let body: ChunkBody;
        if (reader) {
          if (!buffered || buffered.index > index) throw uploadError('upload_resync_impossible', 'TikTok asked for bytes a stream source has already passed', undefined, 'permanent', confirmed);
          while (buffered.index < index) buffered = { index: buffered.index + 1, data: await reader.read(plan.chunks[buffered.index + 1]!.size) };
          body = { kind: 'bytes', data: buffered.data.subarray(from - chunk.first) };
        } else {
          body = { kind: 'file', path: (o.source as { path: string }).path, start: from, end: chunk.last };
        }

        const length = chunk.last - from + 1;
        let inFlight = 0;
        let lastEmit = 0;
        const onBytes = (n: number) => {
          inFlight += n;
          if (inFlight - lastEmit >= PROGRESS_STEP_BYTES) {
            lastEmit = inFlight;
            emit({ type: 'progress', chunkIndex: index, chunkCount: plan.totalChunkCount, bytesSent: from + inFlight, bytesConfirmed: confirmed, totalBytes: total, estimate: estimate() });
          }
        };
        const t0 = clock.now();
        requests += 1;
        let res: ChunkResponse | undefined;
        let failure: TikTokError | undefined;
        try {
          const timeout = AbortSignal.timeout(chunkTimeoutMs);
          res = await deps.transport.put({
            url: o.uploadUrl,
            headers: { 'content-type': contentType, 'content-length': String(length), 'content-range': `bytes ${from}-${chunk.last}/${total}` },
            body,
            signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
            onBytes,
          });
        } catch (e) {
          failure = toNetworkError(e, 'upload', o.signal);
        }

        if (res && (res.status === 201 || res.status === 206)) {
          activeMs += clock.now() - t0;
          measuredBytes += length;
          const reported = confirmedBytesFromContentRange(res.header('content-range'), plan);
          if (res.status === 201) {
            if (chunk.last !== total - 1 && reported !== total) {
              throw uploadError('upload_protocol_error', `TikTok reported the upload complete after chunk ${index + 1} of ${plan.totalChunkCount}`, 201, 'permanent', confirmed);
            }
            confirmed = total;
          } else {
            if (chunk.last === total - 1 && (reported === undefined || reported >= total)) {
              throw uploadError('upload_protocol_error', 'TikTok answered 206 to the final chunk', 206, 'permanent', confirmed);
            }
            const next = reported ?? chunk.last + 1;
            if (next !== chunk.last + 1) {
              if (++resyncs > MAX_RESYNCS) throw uploadError('upload_range_mismatch', 'TikTok keeps reporting progress that differs from what was sent', 206, 'permanent', confirmed);
              emit({ type: 'resync', chunkIndex: index, fromByte: next, httpStatus: 206 });
            }
            confirmed = next;
          }
          failures = 0;
          emit({ type: 'chunk_done', chunkIndex: index, httpStatus: res.status, bytesConfirmed: confirmed });
          emit({ type: 'progress', chunkIndex: index, chunkCount: plan.totalChunkCount, bytesSent: confirmed, bytesConfirmed: confirmed, totalBytes: total, estimate: estimate() });
          if (o.stopWhenWindowTooShort && confirmed < total && estimate().fits === false) {
            throw new TikTokUploadWindowError({
              code: 'upload_window_insufficient',
              message: `TikTok upload: at the measured speed the remaining ${total - confirmed} bytes cannot arrive before the upload window closes`,
              errorClass: 'permanent',
              endpoint: 'upload',
              bytesConfirmed: confirmed,
            });
          }
          continue;
        }

        if (res) {
          const reported = confirmedBytesFromContentRange(res.header('content-range'), plan);
          if (res.status === 403) throw windowClosed(undefined, 403);
          if (res.status === 404) throw uploadError('upload_not_found', 'no upload task exists for this upload URL (unknown or cancelled)', 404, 'permanent', confirmed);
          if (res.status === 416) {
            // TikTok holds a different amount than we assumed: continue from its figure.
            if (reported === undefined || reported === from || ++resyncs > MAX_RESYNCS) {
              throw uploadError('upload_range_mismatch', 'TikTok rejected the byte range and reported no usable progress', 416, 'permanent', confirmed);
            }
            confirmed = reported;
            emit({ type: 'resync', chunkIndex: index, fromByte: reported, httpStatus: 416 });
            continue;
          }
          if (res.status < 500 && res.status !== 429) {
            throw uploadError('upload_rejected', `TikTok rejected chunk ${index + 1} (HTTP ${res.status})`, res.status, 'permanent', confirmed);
          }
          failure = uploadError(res.status === 429 ? 'rate_limit_exceeded' : 'internal_error', `chunk ${index + 1} failed (HTTP ${res.status})`, res.status, 'retryable', confirmed);
          if (reported !== undefined && reported >= confirmed) confirmed = reported;
        }

        failures += 1;
        const err = failure!;
        const decision = decideRetry({
          operation: 'upload_chunk',
          attempt: failures,
          failure: err.httpStatus !== undefined ? { kind: 'http', httpStatus: err.httpStatus, errorClass: err.errorClass } : { kind: 'network', requestSent: 'unknown' },
          random: random(),
          options: deps.retry,
        });
        if (!decision.retry) {
          throw uploadError(err.code, `chunk ${index + 1} of ${plan.totalChunkCount} failed ${failures} times; giving up`, err.httpStatus, 'retryable', confirmed, err);
        }
        if (clock.now() + decision.delayMs >= expiresAt) throw windowClosed(err);
        retries += 1;
        emit({ type: 'retry', chunkIndex: index, attempt: failures, delayMs: decision.delayMs, code: err.code, httpStatus: err.httpStatus });
        await clock.sleep(decision.delayMs, o.signal);
      }
    } finally {
      reader?.close();
    }
    return { totalBytes: total, chunkCount: plan.totalChunkCount, requests, retries, durationMs: clock.now() - started, bytesPerSecond: speed() };
  }

  return { upload };
}
