// Top-level ISO BMFF box walk by seeking: read each 8/16-byte header and jump over the payload.
// This is how a moov at the end of a 1 GiB file is found after reading a few hundred bytes: the
// mdat (all the media) is never read, only its header.
import type { BoundedReader } from '../io/bounded-reader.js';

export interface TopLevelBox {
  type: string;
  offset: number;
  /** Whole box size including the header. */
  size: number;
  headerSize: number;
}

export interface TopLevelWalk {
  boxes: TopLevelBox[];
  /** The box that claims to run past the end of the file, if any (a cut-off download). */
  overrun: TopLevelBox | null;
  /** A header that cannot be a box (size below its own header), with its offset. */
  garbageAt: number | null;
}

const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);

export function readUint32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
}

function readUint64(b: Uint8Array, at: number): number {
  return readUint32(b, at) * 2 ** 32 + readUint32(b, at + 4);
}

/**
 * Walks the top level. `maxBoxes` bounds the work on pathological input (a file of millions of
 * empty boxes); fragmented files have two boxes per fragment, so the default is generous.
 */
export async function walkTopLevelBoxes(reader: BoundedReader, maxBoxes = 200_000): Promise<TopLevelWalk> {
  const boxes: TopLevelBox[] = [];
  let offset = 0;
  while (offset + 8 <= reader.size && boxes.length < maxBoxes) {
    const head = await reader.read(offset, 16);
    const size32 = readUint32(head, 0);
    const type = fourcc(head, 4);
    let size = size32;
    let headerSize = 8;
    if (size32 === 1) {
      if (head.length < 16) return { boxes, overrun: { type, offset, size: Infinity, headerSize: 16 }, garbageAt: null };
      size = readUint64(head, 8);
      headerSize = 16;
    } else if (size32 === 0) {
      size = reader.size - offset; // "extends to end of file", legal for the last box
    }
    if (size < headerSize || !/^[\x20-\x7e]{4}$/.test(type)) return { boxes, overrun: null, garbageAt: offset };
    const box = { type, offset, size, headerSize };
    if (offset + size > reader.size) return { boxes, overrun: box, garbageAt: null };
    boxes.push(box);
    offset += size;
  }
  return { boxes, overrun: null, garbageAt: offset < reader.size && offset + 8 > reader.size ? offset : null };
}

/** Child boxes inside an in-memory box payload (used for moof/traf). */
export function* childBoxes(buf: Uint8Array, start: number, end: number): Generator<{ type: string; start: number; end: number; body: number }> {
  let at = start;
  while (at + 8 <= end) {
    let size = readUint32(buf, at);
    let header = 8;
    if (size === 1) {
      size = readUint64(buf, at + 8);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) return;
    yield { type: fourcc(buf, at + 4), start: at, end: at + size, body: at + header };
    at += size;
  }
}
