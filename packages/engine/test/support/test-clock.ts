// A clock for engine tests, shared by the engine and the in-process emulator: time moves only when
// the test says so, and the test can ask when the next sleeper is due — the next moment anything
// (a job, a rate-limit wait, the emulator's processing timer) will happen.
import type { Clock } from '@tokpost/tiktok';

interface Sleeper {
  due: number;
  seq: number;
  wake: () => void;
}

export interface TestClock extends Clock {
  /** Earliest pending sleeper's due time. */
  nextDue(): number | undefined;
  /** Moves to `t` (never back), waking due sleepers one at a time in order. */
  advanceTo(t: number): Promise<void>;
  advance(ms: number): Promise<void>;
}

export function createTestClock(startMs = Date.UTC(2026, 5, 1, 9)): TestClock {
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  const sort = () => sleepers.sort((a, b) => a.due - b.due || a.seq - b.seq);
  const advanceTo = async (t: number) => {
    for (;;) {
      sort();
      const next = sleepers[0];
      if (!next || next.due > t) break;
      sleepers.shift();
      now = Math.max(now, next.due);
      next.wake();
      await new Promise<void>((r) => setImmediate(r));
    }
    now = Math.max(now, t);
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry: Sleeper = { due: now + Math.max(0, ms), seq: seq++, wake: () => {} };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== entry);
          reject(signal!.reason);
        };
        entry.wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (ms <= 0) return resolve();
        sleepers.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    nextDue() {
      sort();
      return sleepers[0]?.due;
    },
    advanceTo,
    advance: (ms) => advanceTo(now + ms),
  };
}
