// Byte ranges, both ways (RFC 9110 §14): `Range` on the media pull endpoint (TikTok, like any HTTP
// client, may fetch a file in pieces and resume), and `Content-Range` on resumable upload chunks.
// Pure functions, no I/O.
//
// Range: one `bytes=` range is honoured — `a-b`, the open `a-`, and the suffix `-n` (the last n
// bytes). A header we cannot read, or one asking for several ranges, is ignored and the whole file
// is sent (RFC 9110 allows both). A range that starts at or past the end is unsatisfiable (416).

export type RangeAnswer =
  /** Send the whole file (no Range header, or one to ignore). */
  | { kind: 'full' }
  /** Send bytes start..end, both inclusive (206). */
  | { kind: 'partial'; start: number; end: number }
  /** Nothing of the file matches (416 with `Content-Range: bytes *\/size`). */
  | { kind: 'unsatisfiable' };

const DIGITS = /^\d{1,16}$/;

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length !== 1) return { kind: 'full' };
  const [first = '', last = '', ...rest] = specs[0]!.split('-').map((s) => s.trim());
  if (rest.length > 0) return { kind: 'full' };

  if (first === '') {
    // Suffix: the last `last` bytes.
    if (!DIGITS.test(last)) return { kind: 'full' };
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return { kind: 'full' };
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Number(last);
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

export type ContentRange = { offset: number; length: number; total: number };

/**
 * `Content-Range: bytes a-b/size` of an upload chunk; undefined when the header is missing or not
 * of that form (an unknown total `*` is not accepted: the upload's size is declared at its start).
 */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s+(\d{1,16})-(\d{1,16})\/(\d{1,16})\s*$/i.exec(header);
  if (!m) return undefined;
  const [a, b, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (b < a || b >= total) return undefined;
  return { offset: a, length: b - a + 1, total };
}
