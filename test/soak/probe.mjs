// Loaded into each process of a soak run with `NODE_OPTIONS=--import …/probe.mjs`: every
// TOKPOST_SOAK_PROBE_MS it appends one JSON line to TOKPOST_SOAK_PROBE_FILE with the process's RSS,
// heap (now, and after the last full collection), and event-loop delay (this interval's
// percentiles, and the p99 since the last SIGUSR2, which the runner sends when the warm-up ends so
// start-up work does not count). Plain JavaScript, so
// the built bins load it without a TypeScript loader that would change what is measured.
// `tokpost worker` serves no HTTP, so no /metrics could be scraped from it; the probe measures
// every process the same way.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const file = process.env.TOKPOST_SOAK_PROBE_FILE;
const every = Number(process.env.TOKPOST_SOAK_PROBE_MS ?? '2000');

if (file) {
  // 10 ms sampling resolution is what Node's docs suggest; the delay recorded is on top of it.
  const interval = monitorEventLoopDelay({ resolution: 10 });
  interval.enable();
  // A second monitor for the window: an ELD histogram cannot be added into another one.
  const sinceMark = monitorEventLoopDelay({ resolution: 10 });
  sinceMark.enable();
  const ms = (ns) => Number((ns / 1e6).toFixed(2));
  // The heap right after each full collection: what is still live, without the saw-tooth of
  // garbage between collections. A leak shows here first. 0 until the first full collection.
  let heapAfterGc = 0;
  // Of that, the spaces holding compiled code: code the JIT optimises as the run goes grows the live
  // heap without any object of tokpost's being kept, and levels off once the hot paths are compiled.
  let codeAfterGc = 0;
  const codeSpaces = new Set(['code_space', 'code_large_object_space']);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      heapAfterGc = process.memoryUsage().heapUsed;
      codeAfterGc = getHeapSpaceStatistics().reduce((sum, sp) => sum + (codeSpaces.has(sp.space_name) ? sp.space_used_size : 0), 0);
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => sinceMark.reset());
  // Only when asked (TOKPOST_SOAK_SNAPSHOT_DIR): a heap snapshot at each SIGUSR2, numbered, to
  // compare what is live at the end of the warm-up with what is live later. Writing one stops the
  // process for seconds, so a measured run leaves this off.
  const snapshotDir = process.env.TOKPOST_SOAK_SNAPSHOT_DIR;
  let snapshots = 0;
  if (snapshotDir) process.on('SIGUSR2', () => writeHeapSnapshot(join(snapshotDir, `${process.pid}-${++snapshots}.heapsnapshot`)));
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = {
      t: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      heapAfterGc,
      codeAfterGc,
      external: m.external,
      eldP50Ms: interval.count > 0 ? ms(interval.percentile(50)) : 0,
      eldP99Ms: interval.count > 0 ? ms(interval.percentile(99)) : 0,
      eldMaxMs: interval.count > 0 ? ms(interval.max) : 0,
      markP99Ms: sinceMark.count > 0 ? ms(sinceMark.percentile(99)) : 0,
      markCount: sinceMark.count,
    };
    interval.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, every);
  timer.unref();
}
