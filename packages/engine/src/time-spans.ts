// Durations in words for messages and notifications: "7 days", "1 day", "5 hours".
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Days from a day up, else hours (at least 1); `up` rounds toward the longer span ("within 7 days"). */
export function formatSpan(ms: number, round: 'up' | 'nearest' = 'nearest'): string {
  const r = round === 'up' ? Math.ceil : Math.round;
  const [n, unit] = ms >= DAY ? [r(ms / DAY), 'day'] : [Math.max(1, r(ms / HOUR)), 'hour'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
