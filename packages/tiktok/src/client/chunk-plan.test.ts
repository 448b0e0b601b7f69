import { describe, expect, it } from 'vitest';
import { checkChunkPlan } from '../contract/index.js';
import { DEFAULT_CHUNK_SIZE, chunkIndexAt, planChunks } from './chunk-plan.js';

const MiB = 1_048_576;

describe('planChunks', () => {
  it("reproduces TikTok's worked example (50,000,123 bytes in 10,000,000-byte chunks)", () => {
    const plan = planChunks(50_000_123, { chunkSize: 10_000_000 });
    expect(plan.totalChunkCount).toBe(5);
    expect(plan.chunkSize).toBe(10_000_000);
    expect(plan.chunks.map((c) => [c.first, c.last])).toEqual([
      [0, 9_999_999],
      [10_000_000, 19_999_999],
      [20_000_000, 29_999_999],
      [30_000_000, 39_999_999],
      [40_000_000, 50_000_122],
    ]);
    expect(plan.chunks[4]!.size).toBe(10_000_123);
  });

  it('uploads small files whole (4,194,304 bytes → one chunk of that size)', () => {
    const plan = planChunks(4_194_304);
    expect(plan).toMatchObject({ chunkSize: 4_194_304, totalChunkCount: 1 });
    expect(plan.chunks).toEqual([{ index: 0, first: 0, last: 4_194_303, size: 4_194_304 }]);
  });

  it('rounds the chunk count down: the last chunk absorbs the remainder instead of being short', () => {
    const plan = planChunks(25_000_001, { chunkSize: 10_000_000 });
    expect(plan.totalChunkCount).toBe(2);
    expect(plan.chunks[1]!.size).toBe(15_000_001);
  });

  it('splits a file just over 64 MB in two rather than sending one oversize chunk', () => {
    const plan = planChunks(70_000_000, { chunkSize: 64_000_000 });
    expect(plan.totalChunkCount).toBe(2);
    expect(plan.chunks.every((c) => c.size <= 64_000_000)).toBe(true);
    expect(checkChunkPlan(70_000_000, plan.chunkSize, plan.totalChunkCount, 'both').ok).toBe(true);
  });

  it('produces plans valid under the decimal, the binary and the combined reading of MB', () => {
    const sizes = [1, 4_999_999, 5_000_000, 5_242_879, 5_242_880, 9_999_999, 10_000_000, 64 * MiB, 64_000_001, 100 * MiB, 127_999_999, 1024 * MiB, 3_999_999_999, 4_000_000_000];
    const chunkSizes = [5_242_880, DEFAULT_CHUNK_SIZE, 32_000_000, 64_000_000];
    for (const size of sizes) {
      for (const chunkSize of chunkSizes) {
        const plan = planChunks(size, { chunkSize });
        for (const unit of ['decimal', 'binary', 'both'] as const) {
          const check = checkChunkPlan(size, plan.chunkSize, plan.totalChunkCount, unit);
          expect(check, `${size} / ${chunkSize} under ${unit}`).toMatchObject({ ok: true });
        }
        // Contiguous, in order, covering every byte exactly once.
        expect(plan.chunks[0]!.first).toBe(0);
        expect(plan.chunks.at(-1)!.last).toBe(size - 1);
        for (let i = 1; i < plan.chunks.length; i++) expect(plan.chunks[i]!.first).toBe(plan.chunks[i - 1]!.last + 1);
      }
    }
  });

  it('keeps a 4 GB file under 1000 chunks and every chunk within the bounds', () => {
    const plan = planChunks(4_000_000_000);
    expect(plan.totalChunkCount).toBe(400);
    expect(plan.chunks.slice(0, -1).every((c) => c.size >= 5_242_880 && c.size <= 64_000_000)).toBe(true);
    expect(plan.chunks.at(-1)!.size).toBeLessThanOrEqual(128_000_000);
  });

  it('rejects chunk sizes outside the bounds of the chosen reading and impossible file sizes', () => {
    expect(() => planChunks(100 * MiB, { chunkSize: 5_000_000 })).toThrow(/chunkSize must be between 5242880 and 64000000/);
    expect(() => planChunks(100 * MiB, { chunkSize: 64 * MiB })).toThrow(RangeError);
    expect(planChunks(100 * MiB, { chunkSize: 64 * MiB, unit: 'binary' }).chunkSize).toBe(50 * MiB);
    expect(planChunks(100 * MiB, { chunkSize: 5_000_000, unit: 'decimal' }).totalChunkCount).toBe(20);
    expect(() => planChunks(0)).toThrow(RangeError);
    expect(() => planChunks(4_000_000_001)).toThrow(/maximum/);
  });

  it('finds the chunk holding a byte offset', () => {
    const plan = planChunks(50_000_123, { chunkSize: 10_000_000 });
    expect(chunkIndexAt(plan, 0)).toBe(0);
    expect(chunkIndexAt(plan, 9_999_999)).toBe(0);
    expect(chunkIndexAt(plan, 10_000_000)).toBe(1);
    expect(chunkIndexAt(plan, 50_000_000)).toBe(4);
  });
});
