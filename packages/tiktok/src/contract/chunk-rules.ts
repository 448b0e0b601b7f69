// TikTok's FILE_UPLOAD chunk rules (docs/tiktok-api.md §7.1), as data and one validator shared by the
// emulator (which enforces them) and the client (whose plans must pass them).
//
// Whether "5 MB / 64 MB / 128 MB" mean 10^6 or 2^20 multiples is not documented. `unit: 'both'`
// takes the stricter bound of each reading, so a plan valid under it is valid under either.
import { VIDEO_LIMITS } from './media-limits.js';

export type MbUnit = 'decimal' | 'binary' | 'both';

export interface ChunkLimits {
  /** Smallest chunk (every chunk but a whole-file upload); files below it upload whole. */
  minChunk: number;
  /** Largest chunk_size; files above it must be split. */
  maxChunk: number;
  /** Largest final chunk (it absorbs the trailing bytes). */
  maxFinalChunk: number;
  minChunks: number;
  maxChunks: number;
}

const MB = { decimal: 1_000_000, binary: 1_048_576 } as const;

export function chunkLimits(unit: MbUnit = 'both'): ChunkLimits {
  const pick = (n: number, strictest: 'min' | 'max') =>
    unit === 'both' ? Math[strictest === 'min' ? 'max' : 'min'](n * MB.decimal, n * MB.binary) : n * MB[unit];
  return {
    minChunk: pick(5, 'min'),
    maxChunk: pick(64, 'max'),
    maxFinalChunk: pick(128, 'max'),
    minChunks: 1,
    maxChunks: 1000,
  };
}

/** TikTok's maximum video file size, 4 GB (VIDEO_LIMITS.maxBytes). */
export const MAX_VIDEO_BYTES = VIDEO_LIMITS.maxBytes;

export type ChunkPlanProblem =
  | 'total_chunk_count_invalid'
  | 'chunk_size_invalid'
  | 'too_many_chunks'
  | 'video_too_large';

export type ChunkPlanCheck =
  | { ok: true; chunkCount: number; finalChunkSize: number }
  | { ok: false; problem: ChunkPlanProblem; message: string };

/** Validates an init's `video_size`, `chunk_size` and `total_chunk_count` against the rules. */
export function checkChunkPlan(videoSize: number, chunkSize: number, totalChunkCount: number, unit: MbUnit = 'both'): ChunkPlanCheck {
  const l = chunkLimits(unit);
  const bad = (problem: ChunkPlanProblem, message: string): ChunkPlanCheck => ({ ok: false, problem, message });
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) return bad('chunk_size_invalid', 'The video size is invalid.');
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) return bad('chunk_size_invalid', 'The chunk size is invalid.');
  if (videoSize > MAX_VIDEO_BYTES) return bad('video_too_large', `The video size exceeds ${MAX_VIDEO_BYTES} bytes.`);
  if (chunkSize > videoSize) return bad('chunk_size_invalid', 'The chunk size is invalid: it is larger than the video.');

  const expected = Math.floor(videoSize / chunkSize);
  if (totalChunkCount !== expected) {
    return bad('total_chunk_count_invalid', `The total chunk count is invalid: expected floor(video_size / chunk_size) = ${expected}.`);
  }
  if (expected > l.maxChunks) return bad('too_many_chunks', `The total chunk count is invalid: at most ${l.maxChunks} chunks.`);

  const finalChunkSize = videoSize - (expected - 1) * chunkSize;
  if (videoSize < l.minChunk) {
    // Small files go whole: one chunk, chunk_size equal to the file size.
    if (chunkSize !== videoSize) return bad('chunk_size_invalid', `The chunk size is invalid: files under ${l.minChunk} bytes upload whole.`);
    return { ok: true, chunkCount: 1, finalChunkSize };
  }
  if (expected === 1) {
    if (videoSize > l.maxChunk) return bad('chunk_size_invalid', `The chunk size is invalid: files over ${l.maxChunk} bytes must be split into several chunks.`);
    if (chunkSize < l.minChunk) return bad('chunk_size_invalid', `The chunk size is invalid: chunks must be at least ${l.minChunk} bytes.`);
    return { ok: true, chunkCount: 1, finalChunkSize };
  }
  if (chunkSize < l.minChunk || chunkSize > l.maxChunk) {
    return bad('chunk_size_invalid', `The chunk size is invalid: it must be between ${l.minChunk} and ${l.maxChunk} bytes.`);
  }
  if (finalChunkSize > l.maxFinalChunk) {
    return bad('chunk_size_invalid', `The chunk size is invalid: the final chunk would be ${finalChunkSize} bytes, over ${l.maxFinalChunk}.`);
  }
  return { ok: true, chunkCount: expected, finalChunkSize };
}

/** Inclusive byte range of chunk `index` (0-based) under a validated plan. */
export function chunkRange(index: number, videoSize: number, chunkSize: number, totalChunkCount: number): { first: number; last: number } {
  const first = index * chunkSize;
  const last = index === totalChunkCount - 1 ? videoSize - 1 : first + chunkSize - 1;
  return { first, last };
}
