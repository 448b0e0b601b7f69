// Times for people: in the user's own time zone, and spans in words.
import { toMs, type Instant } from './api/types.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function when(t: Instant | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? '—' : dateTime.format(ms);
}

export function clock(t: Instant | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? '' : timeOnly.format(ms);
}

/** "in 3 days", "in 5 h", "2 h ago". */
export function relative(t: Instant | null | undefined, now: number = Date.now()): string {
  const ms = toMs(t);
  if (ms === null) return '—';
  const d = ms - now;
  const abs = Math.abs(d);
  const unit = abs >= 86_400_000 ? [Math.round(abs / 86_400_000), 'day'] : abs >= 3_600_000 ? [Math.round(abs / 3_600_000), 'h'] : [Math.max(1, Math.round(abs / 60_000)), 'min'];
  const [n, u] = unit as [number, string];
  const text = u === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${u}`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

/** A `<input type="datetime-local">` value (local wall time) as an ISO instant, or null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** An instant as a `datetime-local` value in the user's time zone. */
export function toLocalInput(t: Instant | null | undefined): string {
  const ms = toMs(t);
  if (ms === null) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function bytes(n: number | undefined): string {
  if (n === undefined) return '';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} kB`;
}

/** The message beyond the summary: tokpost's own messages repeat the summary, then add the cause in brackets. */
export function diagnosisDetail(d: { summary: string; message: string | null }): string | null {
  const m = d.message?.trim();
  if (!m || m === d.summary) return null;
  if (!m.startsWith(d.summary)) return m;
  const rest = m.slice(d.summary.length).trim();
  return rest.replace(/^\((.*)\)\.?$/s, '$1').trim() || null;
}
