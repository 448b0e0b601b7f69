// How one chunk PUT reaches the upload URL. Two implementations with the same contract:
// - node:http(s) (the client's default): the file range is pumped into the socket through two
//   reused 4 MiB buffers — flat memory whatever the file size, and the highest throughput
//   (bench/client-upload.ts);
// - fetch (any injected fetch, e.g. the emulator's in-process handler): the file range is
//   streamed as the request body (duplex 'half'), one fresh buffer per read.
// Neither ever holds a whole chunk, let alone the file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { FetchLike } from './types.js';

export type ChunkBody = { kind: 'file'; path: string; start: number; end: number } | { kind: 'bytes'; data: Uint8Array };

export interface ChunkRequest {
  url: string;
  headers: Record<string, string>;
  body: ChunkBody;
  signal: AbortSignal;
  /** Called as bytes are handed to the network. */
  onBytes: (n: number) => void;
}

export interface ChunkResponse {
  status: number;
  header(name: string): string | null;
}

export interface UploadTransport {
  readonly name: string;
  put(req: ChunkRequest): Promise<ChunkResponse>;
}

/** Read size of the fetch transport's file stream. */
export const READ_BUFFER_BYTES = 1 << 20;

function fileRangeStream(body: Extract<ChunkBody, { kind: 'file' }>) {
  return createReadStream(body.path, { start: body.start, end: body.end, highWaterMark: READ_BUFFER_BYTES });
}

export function createFetchUploadTransport(fetch: FetchLike): UploadTransport {
  return {
    name: 'fetch',
    async put(req) {
      let body: BodyInit;
      let cleanup = () => {};
      if (req.body.kind === 'bytes') {
        body = req.body.data as Uint8Array<ArrayBuffer>;
      } else {
        const file = fileRangeStream(req.body);
        const iterator = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        cleanup = () => file.destroy();
        // A standard ReadableStream works with any fetch (undici, the emulator's handler). Each
        // read is a fresh buffer: fetch gives no signal for when a buffer could be reused, so
        // memory here is bounded by the collector, not by us (see PUMP_BUFFER_BYTES for the
        // node:http path, which reuses two buffers).
        body = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              const { value, done } = await iterator.next();
              if (done) controller.close();
              else {
                req.onBytes(value.length);
                controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
              }
            },
            cancel() {
              file.destroy();
            },
          },
          { highWaterMark: 0 },
        );
      }
      try {
        const res = await fetch(req.url, { method: 'PUT', headers: req.headers, body, signal: req.signal, duplex: 'half' } as RequestInit);
        // Drain the (small or empty) body so the connection can be reused.
        await res.arrayBuffer().catch(() => undefined);
        if (req.body.kind === 'bytes') req.onBytes(req.body.data.byteLength);
        return { status: res.status, header: (n) => res.headers.get(n) };
      } finally {
        cleanup();
      }
    },
  };
}

export interface NodeHttpTransportOptions {
  /** Keep-alive agents are created per transport when omitted. */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
}

/**
 * Bytes per read in the node:http pump; two such buffers are all the memory a chunk PUT uses.
 * 4 MiB halves the CPU per byte of 1 MiB (fewer reads and write callbacks), measured.
 */
export const PUMP_BUFFER_BYTES = 4 << 20;

/**
 * Pump buffers are reused across chunk PUTs: allocating and freeing megabyte buffers per chunk
 * makes the allocator keep freed memory, and RSS then grows with the file size (measured).
 */
function createBufferPool(size: number, keep = 4) {
  const free: Buffer[] = [];
  return {
    take: () => free.pop() ?? Buffer.allocUnsafe(size),
    give: (b: Buffer) => {
      if (free.length < keep) free.push(b);
    },
  };
}
type BufferPool = ReturnType<typeof createBufferPool>;

function writeAsync(request: http.ClientRequest, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => request.write(data, (e) => (e ? reject(e) : resolve())));
}

/**
 * Streams a file range into the request with two fixed buffers: the next read overlaps the
 * previous write, and a buffer is refilled only once the socket has taken its bytes. No per-read
 * allocation, so memory stays flat (no garbage for the collector to fall behind on).
 */
async function pumpFile(body: Extract<ChunkBody, { kind: 'file' }>, request: http.ClientRequest, onBytes: (n: number) => void, stopped: () => boolean, pool: BufferPool) {
  const fh = await open(body.path, 'r');
  // A range smaller than one pump buffer is read in one go into a buffer of its own size: many
  // small uploads at once then hold only their own bytes, not 8 MiB each.
  const length = body.end - body.start + 1;
  const small = length < PUMP_BUFFER_BYTES;
  const buffers = small ? [Buffer.allocUnsafe(length)] : [pool.take(), pool.take()];
  let previous: Promise<void> = Promise.resolve();
  try {
    let k = 0;
    for (let pos = body.start; pos <= body.end && !stopped(); k += 1) {
      const buf = buffers[k % buffers.length]!;
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, body.end - pos + 1), pos);
      if (bytesRead === 0) throw new Error('the file ended before the announced size');
      await previous;
      previous = writeAsync(request, buf.subarray(0, bytesRead));
      // Handled here so a reset during the next read is not an unhandled rejection; the await
      // above still sees it.
      previous.catch(() => undefined);
      onBytes(bytesRead);
      pos += bytesRead;
    }
    await previous;
    if (!stopped()) request.end();
  } finally {
    await fh.close();
    // A buffer goes back only once the socket is done with it.
    if (!small) void previous.catch(() => undefined).then(() => buffers.forEach(pool.give));
  }
}

export function createNodeHttpUploadTransport(options: NodeHttpTransportOptions = {}): UploadTransport {
  const httpAgent = options.httpAgent ?? new http.Agent({ keepAlive: true });
  const httpsAgent = options.httpsAgent ?? new https.Agent({ keepAlive: true });
  const pool = createBufferPool(PUMP_BUFFER_BYTES);
  return {
    name: 'node-http',
    put(req) {
      return new Promise<ChunkResponse>((resolve, reject) => {
        const url = new URL(req.url);
        const isHttps = url.protocol === 'https:';
        let settled = false;
        const settle = (fn: () => void) => {
          if (!settled) {
            settled = true;
            fn();
          }
        };
        const request = (isHttps ? https : http).request(
          url,
          { method: 'PUT', headers: req.headers, agent: isHttps ? httpsAgent : httpAgent, signal: req.signal },
          (res) => {
            res.resume();
            res.on('error', (e) => settle(() => reject(e)));
            res.on('end', () =>
              settle(() => {
                // TikTok answered before taking the whole body (403, 404, 416): the connection
                // cannot carry another request, so it is dropped rather than returned to the pool.
                if (!request.writableFinished) request.destroy();
                resolve({
                  status: res.statusCode ?? 0,
                  header: (n) => {
                    const v = res.headers[n.toLowerCase()];
                    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
                  },
                });
              }),
            );
          },
        );
        request.on('error', (e) => settle(() => reject(e)));
        if (req.body.kind === 'bytes') {
          const data = req.body.data;
          request.end(data, () => req.onBytes(data.byteLength));
          return;
        }
        pumpFile(req.body, request, req.onBytes, () => settled, pool).catch((e: unknown) => {
          // TikTok may answer (e.g. 403) before reading the whole body: a write error then is not
          // the outcome, the response is. Otherwise the destroyed request reports the error.
          if (!settled) request.destroy(e instanceof Error ? e : new Error(String(e)));
        });
      });
    },
  };
}
