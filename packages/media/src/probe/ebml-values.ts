// Decodes a small, complete EBML element (the EBML header, Info, Tracks) into a flat list of named
// values with the ebml package. Only header-sized elements go through here: the ebml Decoder
// buffers its input, so it is never handed clusters.
import { Decoder } from 'ebml';
import type { EbmlChunk } from 'ebml';

export interface EbmlValue {
  name: string;
  /** Names of the enclosing master elements, outermost first. */
  path: readonly string[];
  value: number | string | undefined;
  data: Uint8Array | undefined;
}

export function decodeEbmlElement(bytes: Uint8Array): EbmlValue[] {
  // The Decoder is a Transform stream, but write() runs its parser synchronously and read() drains
  // the parsed chunks; going through 'data'/'finish' events instead costs a millisecond of event
  // loop turns per element, which was most of a WebM probe's time.
  const decoder = new Decoder();
  decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const out: EbmlValue[] = [];
  const stack: string[] = [];
  for (let chunk = decoder.read() as EbmlChunk | null; chunk !== null; chunk = decoder.read() as EbmlChunk | null) {
    const [kind, tag] = chunk;
    if (kind === 'start') stack.push(tag.name);
    else if (kind === 'end') stack.pop();
    else out.push({ name: tag.name, path: [...stack], value: tag.value, data: tag.data });
  }
  return out;
}

export interface Vint {
  length: number;
  /** Null for the reserved "unknown size" value (all value bits set), used by live streams. */
  value: number | null;
}

/** Element size: a vint with its length marker removed. */
export function readVintSize(b: Uint8Array, at: number): Vint | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > b.length) return null;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = b[at + i] ?? 0;
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return { length, value: allOnes ? null : value };
}

/** Element id: a vint kept with its marker (ids are compared in that form, e.g. 0x1A45DFA3). */
export function readElementId(b: Uint8Array, at: number): { length: number; id: number } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 4 || at + length > b.length) return null;
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + (b[at + i] ?? 0);
  return { length, id };
}
