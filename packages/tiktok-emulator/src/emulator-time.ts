// The emulator's clock: an injected base clock plus an offset the admin API can move forward, and
// a timer queue on that time. Every expiry, window and delay in the emulator reads this clock, so
// a test can advance TikTok's time by an hour without waiting an hour. A timer callback that throws
// is an emulator bug: it is reported (`onError`) and the remaining timers still run.
import type { Clock } from '@tokpost/tiktok/contract';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  label: string;
}

export interface EmulatorTime {
  now(): number;
  /** Moves emulator time forward (never back) and runs every timer now due, in order. */
  advance(ms: number): Promise<number>;
  setNow(nowMs: number): Promise<number>;
  /** Runs `fn` when emulator time reaches `at`; `label` names it in error reports. Returns a cancel function. */
  at(at: number, fn: () => void, label?: string): () => void;
  /** Sleeps on emulator time (a fault delay, a webhook backoff). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

export interface EmulatorTimeOptions {
  /** Called with the timer's label and what it threw. */
  onError?: (where: string, error: unknown) => void;
}

export function createEmulatorTime(base: Clock, options: EmulatorTimeOptions = {}): EmulatorTime {
  let offset = 0;
  let seq = 0;
  let timers: Timer[] = [];
  let armed: AbortController | undefined;
  let closed = false;
  const now = () => base.now() + offset;

  const runDue = () => {
    for (;;) {
      const t = now();
      const next = timers[0];
      if (!next || next.at > t) break;
      timers.shift();
      try {
        next.fn();
      } catch (e) {
        // One broken callback must not stop the timers after it, nor go unnoticed.
        options.onError?.(`timer ${next.label}`, e);
      }
    }
    arm();
  };

  const arm = () => {
    armed?.abort();
    armed = undefined;
    const next = timers[0];
    if (!next || closed) return;
    const ctl = new AbortController();
    armed = ctl;
    base.sleep(Math.max(0, next.at - now()), ctl.signal).then(
      () => {
        if (armed === ctl) {
          armed = undefined;
          runDue();
        }
      },
      () => {},
    );
  };

  const at = (when: number, fn: () => void, label = 'callback') => {
    const timer: Timer = { at: when, seq: seq++, fn, label };
    timers.push(timer);
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (timers[0] === timer) arm();
    return () => {
      const before = timers[0];
      timers = timers.filter((x) => x !== timer);
      if (before === timer) arm();
    };
  };

  const settleMicrotasks = () => new Promise<void>((r) => setImmediate(r));

  return {
    now,
    async advance(ms) {
      // Step through due timers one at a time so work a timer schedules inside the jump also runs.
      const target = now() + Math.max(0, ms);
      for (;;) {
        const next = timers[0];
        if (!next || next.at > target) break;
        offset += Math.max(0, next.at - now());
        runDue();
        await settleMicrotasks();
      }
      offset += Math.max(0, target - now());
      runDue();
      await settleMicrotasks();
      return now();
    },
    async setNow(nowMs) {
      return this.advance(Math.max(0, nowMs - now()));
    },
    at,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const cancel = at(
          now() + Math.max(0, ms),
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          'sleep',
        );
        const onAbort = () => {
          cancel();
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      closed = true;
      armed?.abort();
      armed = undefined;
      timers = [];
    },
  };
}
