import { describe, expect, it } from 'vitest';
import { dayKey, moveToDay, shift, visibleDays, windowOf } from './calendar.js';

// Local times: the tests read and write wall-clock dates, whatever the machine's zone.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('calendar', () => {
  it('a week runs Monday to Sunday', () => {
    const days = visibleDays('week', local(2026, 12, 3, 15));
    expect(days.map((d) => dayKey(d.getTime()))).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
  });

  it('a month shows the whole weeks covering it', () => {
    const days = visibleDays('month', local(2026, 12, 17));
    expect(days.length).toBe(35);
    expect(dayKey(days[0]!.getTime())).toBe('2026-11-30');
    expect(dayKey(days[34]!.getTime())).toBe('2027-01-03');
    expect(windowOf(days)).toEqual({ from: local(2026, 11, 30), to: local(2027, 1, 4) });
  });

  it('steps by a week or a month', () => {
    expect(dayKey(shift('week', local(2026, 12, 3, 9), 1))).toBe('2026-12-10');
    expect(dayKey(shift('month', local(2026, 12, 31), -1))).toBe('2026-11-01');
  });

  it('a post dropped on another day keeps its time of day', () => {
    expect(moveToDay(local(2026, 12, 3, 18, 30), '2026-12-07')).toBe(local(2026, 12, 7, 18, 30));
  });
});
