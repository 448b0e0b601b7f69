// The soak, short (issue 11): the same run as `npm run soak` — one `tokpost serve --no-worker`, two
// `tokpost worker` processes, PostgreSQL, the emulator's bin over HTTP — for 10 s of load, over accounts with 3 posts each (an account's inits are limited to 6 a minute). Too short
// for a memory slope to mean anything, so it checks the machinery: every post created over the
// API was published exactly once, every process was sampled through the whole window, and each
// process stopped cleanly. Needs the built bins (`npm test` builds first).
import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.js';

describe('soak (short)', () => {
  it('publishes every post once and samples every process', async () => {
    const r = await runSoak({ durationMs: 10_000, rate: 2, sampleMs: 1_000, warmupMs: 2_000, postsPerAccount: 3 });
    expect(r.created).toBe(20);
    expect(r.published).toBe(20);
    expect(r.notPublished).toEqual({});
    expect(r.duplicates).toBe(0);
    expect(r.accounts).toBe(7);
    expect(r.processes.map((p) => p.name)).toEqual(['server', 'worker-1', 'worker-2']);
    for (const p of r.processes) {
      // 8 s of measured load sampled every second; a loaded machine may lose a tick or two.
      expect(p.summary.samples, p.name).toBeGreaterThanOrEqual(5);
      const window = p.samples.filter((s) => s.t >= r.measuredFrom && s.t <= r.loadEndedAt);
      for (const s of window) {
        expect(s.rss, p.name).toBeGreaterThan(s.heapUsed);
        expect(s.heapUsed, p.name).toBeGreaterThan(1_000_000);
      }
      // The delay histogram was reset at the end of the warm-up and kept observing.
      expect(p.summary.eldP99Ms, p.name).toBeGreaterThan(0);
      expect(Number.isFinite(p.summary.rss.slope) && Number.isFinite(p.summary.heap.slope), p.name).toBe(true);
    }
    expect(r.exitCodes).toEqual([0, 0, 0]);
    // 30 to 55 s measured on a busy 2-core machine (start-up, 10 s of load, drain); the limit is a
    // hang guard for one shared with other test files.
  }, 120_000);
});
