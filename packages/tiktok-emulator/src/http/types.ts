// Framework-neutral request/response used by every route, so the same handlers serve the real
// HTTP server and the in-process `fetch`.

export interface EmuRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The raw body, read at most once. Node's IncomingMessage and a web ReadableStream both fit. */
  body: AsyncIterable<Uint8Array> | null;
}

export type EmuResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string | Uint8Array | null }
  /** Drop the connection without an answer (fault injection). */
  | { kind: 'reset' };

export type Handler = (req: EmuRequest) => Promise<EmuResult>;

export function respond(status: number, body: string | Uint8Array | null, headers: Record<string, string> = {}): EmuResult {
  return { kind: 'response', status, headers, body };
}

/** JSON with raw int64 support: values wrapped by `int64()` are written as bare digits. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): EmuResult {
  return respond(status, stringifyWithInt64(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

const INT64_TAG = '\u0000int64:';

/** Marks a bigint to be emitted as a raw JSON number (beyond 2^53, as TikTok does). */
export function int64(value: bigint): string {
  return `${INT64_TAG}${value.toString()}`;
}

export function stringifyWithInt64(value: unknown): string {
  const text = JSON.stringify(value);
  // JSON.stringify escapes U+0000 as \u0000, so the tag cannot collide with user text.
  return text.replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}

export function htmlResponse(status: number, html: string): EmuResult {
  return respond(status, html, { 'content-type': 'text/html; charset=utf-8' });
}

export function redirect(location: string): EmuResult {
  return respond(302, null, { location });
}

export class BodyTooLargeError extends Error {}

/** Past this many bytes an oversized body is no longer drained and the connection is dropped. */
const DRAIN_CEILING = 64 * 1024 * 1024;

/**
 * Reads a small request body (JSON or form) as UTF-8. A body over `limit` is still read to its end
 * and thrown away before BodyTooLargeError: leaving the stream mid-way destroys the socket, and the
 * client would see a connection reset instead of TikTok's error answer.
 */
export async function readBody(req: EmuRequest, limit = 1024 * 1024): Promise<string> {
  if (!req.body) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.byteLength;
    if (size > DRAIN_CEILING) throw new BodyTooLargeError(`request body over ${DRAIN_CEILING} bytes`);
    if (size <= limit) parts.push(chunk);
  }
  if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
  return Buffer.concat(parts).toString('utf8');
}
