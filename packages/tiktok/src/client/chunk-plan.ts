// The FILE_UPLOAD chunk plan (docs/tiktok-api.md §7.1), a pure function. TikTok's rules: total_chunk_count =
// floor(video_size / chunk_size); every chunk 5–64 MB except the last, which absorbs the trailing
// bytes (up to 128 MB); files under 5 MB go whole; 1–1000 chunks. Whether "MB" means 10^6 or 2^20
// bytes is undocumented, so by default the plan satisfies both readings at once (unit 'both':
// chunks of 5,242,880–64,000,000 bytes, a final chunk under 128,000,000).
import { MAX_VIDEO_BYTES, checkChunkPlan, chunkLimits } from '../contract/index.js';
import type { MbUnit } from '../contract/index.js';
import type { ChunkPlan, ChunkSpec } from './types.js';

/** TikTok's own worked example uses 10,000,000-byte chunks; valid under both readings of MB. */
export const DEFAULT_CHUNK_SIZE = 10_000_000;

export interface ChunkPlanOptions {
  /** Preferred bytes per chunk (all but the last). Must lie within the unit's bounds. */
  chunkSize?: number;
  unit?: MbUnit;
}

export function planChunks(videoSize: number, options: ChunkPlanOptions = {}): ChunkPlan {
  const unit = options.unit ?? 'both';
  const limits = chunkLimits(unit);
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) throw new RangeError('videoSize must be a positive integer number of bytes');
  if (videoSize > MAX_VIDEO_BYTES) throw new RangeError(`videoSize exceeds TikTok's maximum of ${MAX_VIDEO_BYTES} bytes`);
  const preferred = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(preferred) || preferred < limits.minChunk || preferred > limits.maxChunk) {
    throw new RangeError(`chunkSize must be between ${limits.minChunk} and ${limits.maxChunk} bytes (MB read as ${unit})`);
  }

  let chunkSize: number;
  if (videoSize < limits.minChunk || videoSize <= preferred) {
    // Small files (and files that fit one preferred chunk) go whole.
    chunkSize = videoSize;
  } else {
    // Never more than maxChunks chunks: grow the chunk if the file would need more.
    chunkSize = Math.max(preferred, Math.ceil(videoSize / limits.maxChunks));
    // floor() would make this a single chunk larger than maxChunk (e.g. 70 MB with 64 MB chunks):
    // split in two halves instead, the second absorbing the odd byte.
    if (Math.floor(videoSize / chunkSize) === 1 && videoSize > limits.maxChunk) chunkSize = Math.floor(videoSize / 2);
  }
  const totalChunkCount = Math.floor(videoSize / chunkSize);

  const chunks: ChunkSpec[] = [];
  for (let index = 0; index < totalChunkCount; index += 1) {
    const first = index * chunkSize;
    const last = index === totalChunkCount - 1 ? videoSize - 1 : first + chunkSize - 1;
    chunks.push({ index, first, last, size: last - first + 1 });
  }
  const check = checkChunkPlan(videoSize, chunkSize, totalChunkCount, unit);
  // Unreachable by construction; kept as the invariant the plan promises.
  if (!check.ok) throw new Error(`internal: chunk plan violates TikTok's rules (${check.problem})`);
  return { videoSize, chunkSize, totalChunkCount, chunks };
}

/** The chunk holding byte `offset` (0-based) under `plan`. */
export function chunkIndexAt(plan: ChunkPlan, offset: number): number {
  if (offset >= plan.videoSize) return plan.totalChunkCount - 1;
  return Math.min(plan.totalChunkCount - 1, Math.floor(offset / plan.chunkSize));
}
