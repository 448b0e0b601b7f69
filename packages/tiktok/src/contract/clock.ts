// Time is injected everywhere (docs/architecture.md §4.6): the client, the emulator and the engine all take a
// Clock, so tests can move TikTok's time (token expiry, the upload window, caps) without sleeping.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface ManualClock extends Clock {
  /** Moves time forward and wakes every sleeper whose deadline has passed, in deadline order. */
  advance(ms: number): Promise<void>;
  /** Jumps to an absolute time (never backwards). */
  set(nowMs: number): Promise<void>;
  /** Number of sleepers waiting; lets tests wait until code under test is parked on the clock. */
  pendingSleepers(): number;
}

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/** A clock that only moves when told to. Sleepers wake in deadline order as time is advanced. */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];

  const flush = async (target: number) => {
    // Wake sleepers one at a time so work scheduled by a woken sleeper at an earlier
    // deadline than `target` still runs before later sleepers.
    for (;;) {
      sleepers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = sleepers[0];
      if (!next || next.due > target) break;
      sleepers.shift();
      now = Math.max(now, next.due);
      next.resolve();
      // Let the woken continuation run (it may schedule more sleepers).
      await new Promise<void>((r) => setImmediate(r));
    }
    now = Math.max(now, target);
  };

  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        if (ms <= 0) return resolve();
        const entry: Sleeper = { due: now + ms, seq: seq++, resolve: () => {} };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== entry);
          reject(abortError(signal!));
        };
        entry.resolve = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        sleepers.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    advance: (ms) => flush(now + Math.max(0, ms)),
    set: (nowMs) => flush(Math.max(now, nowMs)),
    pendingSleepers: () => sleepers.length,
  };
}

/** The longest delay setTimeout honours (2^31 - 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

export interface ScaledClockOptions {
  /** What the scaled clock reads when the base clock reads `anchorRealMs`. */
  originMs: number;
  /** Scaled milliseconds per base millisecond (60: an hour passes in a minute). Must be > 0. */
  factor: number;
  /** Base time at which the scaled clock reads `originMs`; the base clock's now at creation by default. */
  anchorRealMs?: number;
  /** The clock that actually moves (the system clock by default). */
  base?: Clock;
}

/**
 * Time that runs `factor` times as fast as a base clock:
 * `now() = originMs + (base.now() - anchorRealMs) * factor`, rounded down to a whole millisecond,
 * and `sleep(ms)` sleeps `ms / factor` of base time. Nothing is kept but the three numbers, so two
 * processes given the same originMs, anchorRealMs and factor agree on the time without talking to
 * each other (e.g. a scheduler and the emulator it tests against, both on the system clock).
 */
export function createScaledClock(options: ScaledClockOptions): Clock {
  const { originMs, factor } = options;
  if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`time scale factor must be a positive number, got ${factor}`);
  if (!Number.isFinite(originMs)) throw new RangeError(`originMs must be a finite number, got ${originMs}`);
  const base = options.base ?? systemClock;
  const anchor = options.anchorRealMs ?? base.now();
  const now = () => Math.floor(originMs + (base.now() - anchor) * factor);
  return {
    now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw abortError(signal);
      const deadline = now() + Math.max(0, ms);
      // Base timers may fire a little early and scaled time is rounded: sleep again for what is
      // left, so a sleeper never wakes before its deadline on this clock. Each base sleep stays
      // within what setTimeout can wait (longer delays fire at once), which a slow clock exceeds.
      for (let left = deadline - now(); left > 0; left = deadline - now()) await base.sleep(Math.min(left / factor, MAX_TIMER_MS), signal);
    },
  };
}
