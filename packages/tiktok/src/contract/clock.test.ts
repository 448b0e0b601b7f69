import { describe, expect, it } from 'vitest';
import { createManualClock, createScaledClock } from './clock.js';

const ORIGIN = 1_767_225_600_000; // 2026-01-01T00:00:00Z

describe('createScaledClock', () => {
  it('reads originMs + (base - anchorRealMs) * factor, rounded down to a millisecond', async () => {
    const base = createManualClock(1_000_000);
    const fast = createScaledClock({ originMs: ORIGIN, factor: 60, base });
    expect(fast.now()).toBe(1_767_225_600_000);
    await base.advance(1_500);
    expect(fast.now()).toBe(1_767_225_690_000);

    const slow = createScaledClock({ originMs: ORIGIN, factor: 0.5, base });
    await base.advance(3);
    expect(slow.now()).toBe(1_767_225_600_001);
    await base.advance(1);
    expect(slow.now()).toBe(1_767_225_600_002);
  });

  it('takes the anchor as given, so clocks made at different moments with the same numbers agree', async () => {
    const base = createManualClock(5_000);
    const a = createScaledClock({ originMs: 100, factor: 10, anchorRealMs: 2_000, base });
    expect(a.now()).toBe(30_100);
    await base.advance(7_000);
    const b = createScaledClock({ originMs: 100, factor: 10, anchorRealMs: 2_000, base });
    expect([a.now(), b.now()]).toEqual([100_100, 100_100]);
  });

  it('sleeps ms / factor of base time and wakes no earlier than its deadline', async () => {
    const base = createManualClock(0);
    const clock = createScaledClock({ originMs: ORIGIN, factor: 60, base });
    let woke: number | undefined;
    const sleeping = clock.sleep(60_000).then(() => (woke = clock.now()));
    await base.advance(999);
    expect(woke).toBeUndefined();
    await base.advance(1);
    await sleeping;
    expect(woke).toBe(1_767_225_660_000);
  });

  it('honours an abort signal and rejects factors that are not positive', async () => {
    const base = createManualClock(0);
    const clock = createScaledClock({ originMs: 0, factor: 2, base });
    const ctl = new AbortController();
    const sleeping = clock.sleep(10_000, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    for (const factor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => createScaledClock({ originMs: 0, factor, base })).toThrow(RangeError);
  });
});
