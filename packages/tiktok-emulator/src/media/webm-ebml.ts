// A minimal EBML reader (RFC 8794) for WebM/Matroska: variable-length IDs and sizes, the
// "unknown size" marker live streams use, and typed leaf values. Master elements that carry
// metadata (Info, Tracks) are small and parsed from memory; everything else is skipped by size.
import { MediaFormatError } from './file-reader.js';
import type { RandomAccessFile } from './file-reader.js';

export const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  DefaultDuration: 0x23e383,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Projection: 0x7670,
  ProjectionPoseRoll: 0x7675,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
} as const;

export interface ElementHeader {
  id: number;
  /** Offset of the element's first byte. */
  start: number;
  /** Offset of its data. */
  data: number;
  /** Offset just past it; undefined for unknown-size elements (live Segment/Cluster). */
  end: number | undefined;
}

/** A size/value vint at `pos`: its byte length and value (undefined when all value bits are 1). */
export function vintAt(buf: Uint8Array, pos: number): { length: number; value: number | undefined } | undefined {
  const first = buf[pos];
  if (first === undefined) return undefined;
  if (first === 0) throw new MediaFormatError('invalid EBML variable-length integer');
  const length = Math.clz32(first) - 23;
  if (pos + length > buf.length) return undefined;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buf[pos + i] ?? 0;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  if (allOnes) return { length, value: undefined };
  if (!Number.isSafeInteger(value)) throw new MediaFormatError('EBML size out of range');
  return { length, value };
}

/** The element header at `pos` of `buf` (whose first byte is file offset `base`); undefined if cut off. */
export function headerAt(buf: Uint8Array, pos: number, base = 0): ElementHeader | undefined {
  const first = buf[pos];
  if (first === undefined) return undefined;
  const idLength = Math.clz32(first) - 23;
  if (first === 0 || idLength > 4) throw new MediaFormatError(`invalid EBML element ID at byte ${base + pos}`);
  if (pos + idLength > buf.length) return undefined;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + (buf[pos + i] ?? 0);
  const size = vintAt(buf, pos + idLength);
  if (!size) return undefined;
  const data = base + pos + idLength + size.length;
  return { id, start: base + pos, data, end: size.value === undefined ? undefined : data + size.value };
}

export async function readHeader(file: RandomAccessFile, offset: number): Promise<ElementHeader> {
  const header = headerAt(await file.read(offset, 12), 0, offset);
  if (!header) throw new MediaFormatError(`truncated EBML element header at byte ${offset}`);
  return header;
}

/** The known-size children of an in-memory master element's data `buf[start, end)`. */
export function* children(buf: Buffer, start = 0, end = buf.length): Generator<ElementHeader> {
  let pos = start;
  while (pos < end) {
    const header = headerAt(buf, pos);
    if (!header) throw new MediaFormatError('truncated EBML element');
    if (header.end === undefined || header.end > end) throw new MediaFormatError('EBML element overruns its parent');
    yield header;
    pos = header.end;
  }
}

export function uintOf(buf: Buffer, el: ElementHeader): number {
  let value = 0;
  for (let i = el.data; i < (el.end ?? el.data); i++) value = value * 256 + (buf[i] ?? 0);
  return value;
}

export function floatOf(buf: Buffer, el: ElementHeader): number {
  const length = (el.end ?? el.data) - el.data;
  if (length === 4) return buf.readFloatBE(el.data);
  if (length === 8) return buf.readDoubleBE(el.data);
  if (length === 0) return 0;
  throw new MediaFormatError('EBML float of invalid length');
}

/** Strings are NUL-padded ASCII/UTF-8. */
export function stringOf(buf: Buffer, el: ElementHeader): string {
  return buf.toString('utf8', el.data, el.end).replace(/\0+$/, '');
}
