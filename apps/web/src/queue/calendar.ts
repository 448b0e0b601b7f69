// The calendar's arithmetic, in the user's local time: weeks start on Monday, a day is a
// `YYYY-MM-DD` key, and moving a post to another day keeps its time of day.

export type CalendarView = 'week' | 'month';

export function dayKey(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function atMidnight(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

export function startOfWeek(ms: number): Date {
  const d = atMidnight(new Date(ms));
  const sinceMonday = (d.getDay() + 6) % 7;
  return addDays(d, -sinceMonday);
}

/** The days shown: one week, or the whole weeks covering the month. */
export function visibleDays(view: CalendarView, anchorMs: number): Date[] {
  if (view === 'week') {
    const start = startOfWeek(anchorMs);
    return Array.from({ length: 7 }, (_, i) => addDays(start, i));
  }
  const a = new Date(anchorMs);
  const first = new Date(a.getFullYear(), a.getMonth(), 1);
  const last = new Date(a.getFullYear(), a.getMonth() + 1, 0);
  const start = startOfWeek(first.getTime());
  const end = addDays(startOfWeek(last.getTime()), 7);
  const days: Date[] = [];
  for (let d = start; d < end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The window to ask the API for: [first day 00:00, the day after the last). */
export function windowOf(days: Date[]): { from: number; to: number } {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  return { from: first.getTime(), to: addDays(last, 1).getTime() };
}

/** One step back or forward: a week, or a month. */
export function shift(view: CalendarView, anchorMs: number, steps: number): number {
  const a = new Date(anchorMs);
  if (view === 'week') return addDays(atMidnight(a), 7 * steps).getTime();
  return new Date(a.getFullYear(), a.getMonth() + steps, 1).getTime();
}

/** The same time of day on another day (a dropped post keeps its hour). */
export function moveToDay(originalMs: number, targetDay: string): number {
  const o = new Date(originalMs);
  const [y, m, d] = targetDay.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, o.getHours(), o.getMinutes(), o.getSeconds()).getTime();
}
