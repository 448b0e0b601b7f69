// The soak's printout: a time series (one row per `rowMs`, each process's RSS, heap used and that
// interval's p99 event-loop delay) and, per process, the slopes with their noise bands, the p99
// delay over the measured window and the verdict against the goals.
import { ELD_GOAL_MS, MB, type Trend } from './soak-stats.js';
import type { SoakResult } from './soak.js';

const mb = (b: number) => (b / MB).toFixed(1);
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
const trend = (t: Trend) => `${signed(t.slope)} ± ${t.band.toFixed(1)} MB/h (${t.flat ? 'flat' : 'not flat'}; second half ${signed(t.lateSlope)})`;

export function formatReport(r: SoakResult, rowMs = 60_000): string {
  const lines: string[] = [];
  const names = r.processes.map((p) => p.name);
  lines.push(`soak: ${Math.round(r.options.durationMs / 60_000)} min of load at ${r.options.rate} posts/s, ${r.accounts} accounts, samples every ${r.options.sampleMs / 1000} s, warm-up ${r.options.warmupMs / 1000} s`);
  lines.push('');
  lines.push(['   min', ...names.map((n) => `${n.padStart(10)} rss/heap MB  p99 ms`)].join(' | '));
  const start = r.loadStartedAt;
  const end = Math.max(...r.processes.flatMap((p) => p.samples.map((s) => s.t)));
  for (let t = start; t <= end; t += rowMs) {
    const cells = r.processes.map((p) => {
      // The first sample at or after the row's time.
      const s = p.samples.find((x) => x.t >= t);
      return s ? `${mb(s.rss).padStart(10)} / ${mb(s.heapUsed).padStart(6)}  ${s.eldP99Ms.toFixed(1).padStart(6)}` : ''.padStart(33);
    });
    lines.push([((t - start) / 60_000).toFixed(1).padStart(6), ...cells].join(' | '));
  }
  lines.push('');
  for (const p of r.processes) {
    const s = p.summary;
    lines.push(`${p.name}: ${s.samples} samples measured`);
    lines.push(`  RSS ${trend(s.rss)}`);
    lines.push(`  heap after full GCs ${s.heapAfterGc ? trend(s.heapAfterGc) : 'n/a (no full collection in the window)'}; heap as sampled ${trend(s.heap)}`);
    if (s.heapLessCode) lines.push(`  heap after full GCs less compiled code ${trend(s.heapLessCode)}`);
    lines.push(`  p99 event-loop delay ${s.eldP99Ms.toFixed(1)} ms (worst interval ${s.worstIntervalP99Ms.toFixed(1)} ms; goal ≤ ${ELD_GOAL_MS} ms) → ${s.ok ? 'meets the goals' : 'MISSES a goal'}`);
  }
  const others = Object.entries(r.notPublished).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push(`posts: ${r.created} created, ${r.published} published${others ? `, not published: ${others}` : ''}; published twice on TikTok: ${r.duplicates}`);
  lines.push(`processes stopped with exit codes ${r.exitCodes.join(', ')}`);
  const ok = r.processes.every((p) => p.summary.ok) && r.published === r.created && r.duplicates === 0;
  lines.push(`verdict: ${ok ? 'PASS' : 'FAIL'} (goals: memory flat within noise, p99 event-loop delay ≤ ${ELD_GOAL_MS} ms, every post published once)`);
  return lines.join('\n');
}

export function passed(r: SoakResult): boolean {
  return r.processes.every((p) => p.summary.ok) && r.published === r.created && r.duplicates === 0;
}
