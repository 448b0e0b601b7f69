import { describe, expect, it } from 'vitest';
import { MAX_VIDEO_BYTES, checkChunkPlan, chunkLimits } from './chunk-rules.js';

describe('chunkLimits', () => {
  it('reads 5 / 64 / 128 MB as 10^6 or 2^20 bytes, or the stricter of both', () => {
    expect(chunkLimits('decimal')).toEqual({ minChunk: 5_000_000, maxChunk: 64_000_000, maxFinalChunk: 128_000_000, minChunks: 1, maxChunks: 1000 });
    expect(chunkLimits('binary')).toEqual({ minChunk: 5_242_880, maxChunk: 67_108_864, maxFinalChunk: 134_217_728, minChunks: 1, maxChunks: 1000 });
    expect(chunkLimits('both')).toEqual({ minChunk: 5_242_880, maxChunk: 64_000_000, maxFinalChunk: 128_000_000, minChunks: 1, maxChunks: 1000 });
    expect(MAX_VIDEO_BYTES).toBe(4_000_000_000);
  });
});

describe('checkChunkPlan', () => {
  it("accepts TikTok's worked example and names what is wrong with bad plans", () => {
    expect(checkChunkPlan(50_000_123, 10_000_000, 5)).toEqual({ ok: true, chunkCount: 5, finalChunkSize: 10_000_123 });
    expect(checkChunkPlan(4_000_000, 4_000_000, 1)).toEqual({ ok: true, chunkCount: 1, finalChunkSize: 4_000_000 });
    expect(checkChunkPlan(50_000_123, 10_000_000, 6)).toMatchObject({ ok: false, problem: 'total_chunk_count_invalid' });
    expect(checkChunkPlan(100_000_000, 5_000_000, 20)).toMatchObject({ ok: false, problem: 'chunk_size_invalid' });
    expect(checkChunkPlan(100_000_000, 5_000_000, 20, 'decimal')).toEqual({ ok: true, chunkCount: 20, finalChunkSize: 5_000_000 });
    expect(checkChunkPlan(4_000_000_001, 10_000_000, 400)).toMatchObject({ ok: false, problem: 'video_too_large' });
    expect(checkChunkPlan(200_000_000, 60_000_000, 3)).toMatchObject({ ok: true, finalChunkSize: 80_000_000 });
    expect(checkChunkPlan(190_000_000, 60_000_000, 3)).toMatchObject({ ok: true, finalChunkSize: 70_000_000 });
    expect(checkChunkPlan(130_000_001, 1_000_000, 130)).toMatchObject({ ok: false, problem: 'chunk_size_invalid' });
  });
});
