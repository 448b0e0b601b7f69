// A post as the REST API takes it (POST /api/posts), from the command line's options or a CSV row:
// the same names in both (camelCase, as in the API), checked here only for shape — TikTok's rules
// are the server's to apply, and its answer names the field.
import { usageError } from '../exit-codes.js';

export const POST_COLUMNS = ['accountId', 'mediaIds', 'title', 'description', 'privacyLevel', 'allowComment', 'allowDuet', 'allowStitch', 'yourBrand', 'brandedContent', 'aiGenerated', 'mode', 'scheduledAt', 'publishIfLate'] as const;
export type PostColumn = (typeof POST_COLUMNS)[number];

const BOOLEAN_COLUMNS: readonly PostColumn[] = ['allowComment', 'allowDuet', 'allowStitch', 'yourBrand', 'brandedContent', 'aiGenerated', 'publishIfLate'];

export function parseBoolean(value: string, where: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'y'].includes(v)) return true;
  if (['false', 'no', '0', 'n', ''].includes(v)) return false;
  throw usageError(`${where}: "${value}" is not true or false`);
}

const RELATIVE = /^\+(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A time for scheduledAt: ISO 8601, or relative (+10m, +2h, +1d); sent as ISO 8601 (UTC). */
export function parseTime(value: string, where: string, now: number = Date.now()): string {
  const v = value.trim();
  const rel = RELATIVE.exec(v);
  if (rel) return new Date(now + Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]).toISOString();
  const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw usageError(`${where}: "${value}" is not a time; give ISO 8601 (2026-05-01T18:00:00Z) or +10m, +2h, +1d`);
  return new Date(ms).toISOString();
}

/** The API's post body from named text values (CSV cells or options); empty values are left out. */
export function postBody(values: Partial<Record<PostColumn, string>>, where: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const disclosure: Record<string, boolean> = {};
  for (const col of POST_COLUMNS) {
    const raw = values[col];
    if (raw === undefined) continue;
    if (BOOLEAN_COLUMNS.includes(col)) {
      if (raw.trim() === '') continue;
      const b = parseBoolean(raw, `${where} ${col}`);
      if (col === 'yourBrand' || col === 'brandedContent') disclosure[col] = b;
      else body[col] = b;
      continue;
    }
    const v = raw.trim();
    if (v === '') continue;
    if (col === 'mediaIds') body['mediaIds'] = v.split(/[\s;|,]+/).filter(Boolean);
    else if (col === 'scheduledAt') body['scheduledAt'] = parseTime(v, `${where} scheduledAt`);
    else body[col] = v;
  }
  body['disclosure'] = { yourBrand: disclosure['yourBrand'] ?? false, brandedContent: disclosure['brandedContent'] ?? false };
  for (const col of ['allowComment', 'allowDuet', 'allowStitch', 'aiGenerated'] as const) body[col] ??= false;
  body['mode'] ??= 'direct';
  // The API wants a caption always, an empty one included.
  body['title'] ??= '';
  return body;
}
