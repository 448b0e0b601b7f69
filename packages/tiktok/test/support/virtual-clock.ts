// A Clock for integration tests shared by the client and the emulator. Time stands still until
// the client (or the test) waits: a client sleep jumps time to its deadline, waking every earlier
// emulator timer in order on the way. The emulator's own timers (processing delays, the pull's
// one-hour timeout) never move time by themselves, so a slow real-HTTP request is never
// overtaken by an emulator deadline. Rate-limit waits of a minute and upload windows of an hour
// take no real time. Requests in flight hold time still, so concurrent callers cannot move
// TikTok's clock under a request another caller has already sent.
import type { Clock } from '../../src/contract/index.js';

interface Sleeper {
  due: number;
  seq: number;
  active: boolean;
  wake: () => void;
}

export interface VirtualClock extends Clock {
  /** The same time for the emulator: its sleeps wait for someone else to move time. */
  passive: Clock;
  /** Marks a request in flight: time does not move until every hold is released. */
  hold(): () => void;
  /** Moves time forward now (e.g. past the upload window), waking due sleepers in order. */
  jump(ms: number): void;
}

export function createVirtualClock(startMs = Date.UTC(2026, 2, 1, 12)): VirtualClock {
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  let running = false;
  let holds = 0;

  const sort = () => sleepers.sort((a, b) => a.due - b.due || a.seq - b.seq);
  const wakeDue = () => {
    sort();
    while (sleepers[0] && sleepers[0].due <= now) sleepers.shift()!.wake();
  };

  // Advances to the earliest active sleeper, one due sleeper at a time, letting each woken
  // continuation run (a macrotask) before time moves further.
  const run = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        await new Promise<void>((r) => setTimeout(r, 1));
        if (holds > 0) continue;
        sort();
        const target = sleepers.find((s) => s.active);
        if (!target) return;
        const next = sleepers[0]!;
        now = Math.max(now, next.due);
        sleepers.shift();
        next.wake();
      }
    } finally {
      running = false;
    }
  };

  const makeSleep =
    (active: boolean): Clock['sleep'] =>
    (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry: Sleeper = {
          due: now + Math.max(0, ms),
          seq: seq++,
          active,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== entry);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(entry);
        if (active) void run();
      });

  const passive: Clock = { now: () => now, sleep: makeSleep(false) };
  return {
    now: () => now,
    sleep: makeSleep(true),
    passive,
    hold() {
      holds += 1;
      let released = false;
      return () => {
        if (!released) {
          released = true;
          holds -= 1;
        }
      };
    },
    jump(ms) {
      now += ms;
      wakeDue();
    },
  };
}
