// The chunk PUT to `upload_url` (docs/tiktok-api.md §5.5): bare HTTP statuses, no envelope, progress in the
// response's Content-Range header.

export const UPLOAD_CONTENT_TYPES = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
} as const;
export type UploadContainer = keyof typeof UPLOAD_CONTENT_TYPES;
export const ACCEPTED_UPLOAD_CONTENT_TYPES: readonly string[] = Object.values(UPLOAD_CONTENT_TYPES);

/** The upload URL is valid for one hour after init. */
export const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;
/** A URL pull must finish within one hour of the task starting. */
export const PULL_TIMEOUT_MS = 60 * 60 * 1000;

export const UPLOAD_STATUS = {
  complete: 201,
  partial: 206,
  badRequest: 400,
  expired: 403,
  unknown: 404,
  rangeMismatch: 416,
} as const;

export interface ContentRange {
  first: number;
  last: number;
  total: number;
}

/** Parses `bytes FIRST-LAST/TOTAL`; undefined when malformed. */
export function parseContentRange(value: string | null | undefined): ContentRange | undefined {
  if (!value) return undefined;
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(value);
  if (!m) return undefined;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![first, last, total].every(Number.isSafeInteger) || last < first || last >= total) return undefined;
  return { first, last, total };
}

export function formatContentRange(r: ContentRange): string {
  return `bytes ${r.first}-${r.last}/${r.total}`;
}
