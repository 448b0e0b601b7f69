// The chaos plan is a pure function of its options: the same seed gives the same plan (and digest),
// and the plan holds what the run relies on.
import { describe, expect, it } from 'vitest';
import { buildPlan, planDigest } from './plan.js';

const OPTIONS = { posts: 400, accounts: 200, seed: 99, workers: 4, spanMs: 7 * 24 * 3_600_000, killsPerKind: 3 };

describe('chaos plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(buildPlan(OPTIONS)).toEqual(buildPlan({ ...OPTIONS }));
    expect(planDigest(buildPlan(OPTIONS))).toBe(planDigest(buildPlan({ ...OPTIONS })));
    expect(planDigest(buildPlan(OPTIONS))).toMatch(/^[0-9a-f]{16}$/);
    expect(planDigest(buildPlan({ ...OPTIONS, seed: 100 }))).not.toBe(planDigest(buildPlan(OPTIONS)));
  });

  it('covers every account, due times inside the span, every fault kind at 10 %, the kills and the cut', () => {
    const plan = buildPlan(OPTIONS);
    expect(new Set(plan.posts.map((p) => p.account)).size).toBe(200);
    expect(new Set(plan.posts.map((p) => p.title)).size).toBe(400);
    for (const p of plan.posts) {
      expect(p.dueAt).toBeGreaterThanOrEqual(0);
      expect(p.dueAt).toBeLessThan(OPTIONS.spanMs);
      expect(p.dueAt % 60_000).toBe(0);
      if (p.kind === 'photo') expect(p.source).toBe('PULL_FROM_URL');
    }
    for (const mix of ['photo', 'video']) expect(plan.posts.some((p) => p.kind === mix)).toBe(true);
    for (const mix of ['inbox', 'direct']) expect(plan.posts.some((p) => p.mode === mix)).toBe(true);
    for (const mix of ['FILE_UPLOAD', 'PULL_FROM_URL']) expect(plan.posts.some((p) => p.source === mix)).toBe(true);
    // 8 faulted targets × 4 kinds, plus a 429 rule on each of the 5 API calls.
    expect(plan.faults).toHaveLength(37);
    expect(plan.faults.every((f) => f.probability === 0.1)).toBe(true);
    expect(plan.faults.filter((f) => f.status === 429).map((f) => f.endpoint)).toEqual(['creator_info', 'video_init', 'content_init', 'inbox_video_init', 'status_fetch']);
    expect(plan.kills.filter((k) => k.target === 'serve')).toHaveLength(3);
    expect(plan.kills.filter((k) => k.target !== 'serve')).toHaveLength(3);
    expect(plan.kills.map((k) => k.at)).toEqual([...plan.kills.map((k) => k.at)].sort((a, b) => a - b));
    expect(plan.pgOutage.at).toBeGreaterThan(0.3 * OPTIONS.spanMs - 1);
    expect(plan.pgOutage.at).toBeLessThan(0.7 * OPTIONS.spanMs);
    for (const a of plan.accounts) if (a.revocation) expect(a.revocation.reconnectAt).toBeGreaterThan(a.revocation.at);
    expect(plan.accounts.some((a) => a.rejected)).toBe(true);
    expect(plan.accounts.some((a) => a.revocation)).toBe(true);
    expect(plan.accounts.some((a) => a.capUsedByOtherApp)).toBe(true);
  });
});
