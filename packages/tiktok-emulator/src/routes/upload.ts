// PUT {upload_url} (docs/tiktok-api.md §5.5, §7.1): sequential chunks with `Content-Range`, streamed to disk.
//   206 chunk accepted, more expected · 201 last chunk, processing starts · 400 malformed headers or
//   body length ≠ declared · 403 URL past its one hour · 404 unknown URL · 416 range ≠ progress.
// The response's Content-Range reports progress as `bytes 0-{last byte received}/{total}`.
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ACCEPTED_UPLOAD_CONTENT_TYPES, chunkRange, formatContentRange, parseContentRange } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { jsonResponse, respond, type EmuRequest, type EmuResult } from '../http/types.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import type { Publish, UploadSession } from '../state.js';
import type { ApiResult } from './api-support.js';

function progressHeader(u: UploadSession): Record<string, string> {
  return u.received > 0 ? { 'content-range': formatContentRange({ first: 0, last: u.received - 1, total: u.video_size }) } : {};
}

function uploadError(status: number, code: string, message: string, headers: Record<string, string> = {}): ApiResult {
  // TikTok answers chunk PUTs with bare statuses; the small JSON body is for humans reading logs.
  return { result: jsonResponse(status, { error: { code, message } }, headers), errorCode: code };
}

class LengthMismatch extends Error {}

/**
 * Streams a request body to `path` at `offset`, refusing more than `length` bytes. The upload
 * route and the benchmark sink share it, so the sink measures exactly the upload's disk path.
 */
export async function streamBodyToFile(body: AsyncIterable<Uint8Array> | null, path: string, offset: number, length: number): Promise<number> {
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      if (received > length) cb(new LengthMismatch());
      else cb(null, chunk);
    },
  });
  const out = createWriteStream(path, { flags: offset === 0 ? 'w' : 'r+', start: offset, highWaterMark: 1 << 20 });
  await pipeline(body ?? [], limit, out);
  return received;
}

export async function handleUpload(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow): Promise<ApiResult> {
  if (req.method !== 'PUT') return uploadError(405, 'method_not_allowed', 'Upload chunks with PUT.');
  const uploadId = req.url.searchParams.get('upload_id') ?? '';
  const publishId = ctx.state.uploads.get(uploadId);
  const p: Publish | undefined = publishId ? ctx.state.publishes.get(publishId) : undefined;
  const u = p?.upload;
  if (!p || !u || u.upload_token !== req.url.searchParams.get('upload_token') || p.status === 'FAILED') {
    return uploadError(404, 'upload_not_found', 'No upload task exists for this upload_url.');
  }
  const who = { clientKey: p.client_key, openId: p.open_id };
  if (ctx.time.now() >= u.expires_at) {
    return { ...uploadError(403, 'upload_url_expired', 'This upload_url expired one hour after init; start a new publish.'), ...who };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_UPLOAD_CONTENT_TYPES.includes(type)) {
    return { ...uploadError(400, 'invalid_content_type', `Content-Type must be one of ${ACCEPTED_UPLOAD_CONTENT_TYPES.join(', ')}.`), ...who };
  }
  const range = parseContentRange(req.headers['content-range']);
  if (!range) return { ...uploadError(400, 'invalid_content_range', 'Content-Range must be "bytes FIRST-LAST/TOTAL".'), ...who };
  if (range.total !== u.video_size) {
    return { ...uploadError(400, 'invalid_content_range', `Content-Range total ${range.total} differs from video_size ${u.video_size}.`), ...who };
  }
  const declared = req.headers['content-length'];
  const length = range.last - range.first + 1;
  if (declared !== undefined && Number(declared) !== length) {
    return { ...uploadError(400, 'content_length_mismatch', `Content-Length ${declared} does not match the Content-Range length ${length}.`), ...who };
  }
  if (u.next_index >= u.total_chunk_count) {
    return { ...uploadError(416, 'upload_complete', 'Every chunk was already received.', progressHeader(u)), ...who };
  }
  const expected = chunkRange(u.next_index, u.video_size, u.chunk_size, u.total_chunk_count);
  if (u.in_flight || range.first !== expected.first || range.last !== expected.last) {
    return {
      ...uploadError(416, 'range_mismatch', `Expected chunk ${u.next_index + 1}: bytes ${expected.first}-${expected.last}/${u.video_size}.`, progressHeader(u)),
      ...who,
    };
  }

  u.in_flight = true;
  let received = 0;
  try {
    received = await streamBodyToFile(req.body, u.path, range.first, length);
  } catch (e) {
    u.in_flight = false;
    if (e instanceof LengthMismatch) {
      return { ...uploadError(400, 'content_length_mismatch', `The body is longer than the ${length} bytes the Content-Range declares.`, progressHeader(u)), ...who };
    }
    return { ...uploadError(400, 'upload_interrupted', 'The chunk body ended early; resend this chunk.', progressHeader(u)), ...who };
  }
  u.in_flight = false;
  if (received !== length) {
    return {
      ...uploadError(400, 'content_length_mismatch', `Received ${received} bytes but the Content-Range declares ${length}.`, progressHeader(u)),
      ...who,
    };
  }
  u.next_index += 1;
  u.received = range.last + 1;
  p.uploaded_bytes = u.received;
  const done = u.next_index === u.total_chunk_count;
  if (done) flow.uploadComplete(p);
  const result: EmuResult = respond(done ? 201 : 206, null, progressHeader(u));
  return { result, ...who };
}
