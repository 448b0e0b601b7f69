// ISO BMFF (MP4/MOV) box headers and the handful of full boxes the emulator needs, read field by
// field from ISO/IEC 14496-12. Box headers come from the file at offsets; payloads are small
// buffers (never mdat).
import { MAX_METADATA_READ, MediaFormatError } from './file-reader.js';
import type { RandomAccessFile } from './file-reader.js';

export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte. */
  start: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  payload: number;
  /** Offset just past the box. */
  end: number;
}

const PRINTABLE_TYPE = /^[\x20-\x7e]{4}$/;

/**
 * Reads the box header at `offset` inside a parent ending at `parentEnd`. Size 1 means a 64-bit
 * size follows (mdat over 4 GB); size 0 means "to the end of the parent" (last box in a file).
 * A box claiming to end past its parent means the file is truncated or corrupt.
 */
export async function readBoxHeader(file: RandomAccessFile, offset: number, parentEnd: number): Promise<BoxHeader> {
  const head = await file.read(offset, 16);
  if (head.length < 8 || offset + 8 > parentEnd) throw new MediaFormatError(`truncated box header at byte ${offset}`);
  const size32 = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  if (!PRINTABLE_TYPE.test(type)) throw new MediaFormatError(`unreadable box type at byte ${offset}`);
  let payload = offset + 8;
  let end: number;
  if (size32 === 1) {
    if (head.length < 16) throw new MediaFormatError(`truncated 64-bit box header at byte ${offset}`);
    const large = head.readBigUInt64BE(8);
    if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw new MediaFormatError(`box '${type}' size out of range`);
    payload = offset + 16;
    end = offset + Number(large);
  } else if (size32 === 0) {
    end = parentEnd;
  } else {
    end = offset + size32;
  }
  if (end < payload) throw new MediaFormatError(`box '${type}' at byte ${offset} has an impossible size`);
  if (end > parentEnd) {
    throw new MediaFormatError(`box '${type}' at byte ${offset} runs past the end of ${parentEnd === file.size ? 'the file (truncated)' : 'its parent'}`);
  }
  return { type, start: offset, payload, end };
}

/** The direct children of a container box, header by header. */
export async function* childBoxes(file: RandomAccessFile, start: number, end: number): AsyncGenerator<BoxHeader> {
  let offset = start;
  while (offset + 8 <= end) {
    const box = await readBoxHeader(file, offset, end);
    yield box;
    offset = box.end;
  }
}

/** A box's payload in memory; only for metadata boxes, whose size is bounded. */
export async function readPayload(file: RandomAccessFile, box: BoxHeader, limit = MAX_METADATA_READ): Promise<Buffer> {
  const length = box.end - box.payload;
  if (length > limit) throw new MediaFormatError(`box '${box.type}' is implausibly large (${length} bytes)`);
  return file.read(box.payload, length);
}

function need(buf: Buffer, bytes: number, type: string): void {
  if (buf.length < bytes) throw new MediaFormatError(`box '${type}' is too short`);
}

/** Reads a 64-bit field as a number; values past 2^53 are nonsense for durations here. */
function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64BE(at));
}

/** mvhd and mdhd share their timescale/duration layout. v0 duration 0xFFFFFFFF means unknown. */
export function parseTimescaleDuration(buf: Buffer, type: string): { timescale: number; duration: number | undefined } {
  need(buf, 4, type);
  if (buf[0] === 1) {
    need(buf, 28, type);
    const duration = buf.readBigUInt64BE(20);
    return { timescale: buf.readUInt32BE(16), duration: duration === 0xffffffffffffffffn ? undefined : Number(duration) };
  }
  need(buf, 20, type);
  const duration = buf.readUInt32BE(16);
  return { timescale: buf.readUInt32BE(12), duration: duration === 0xffffffff ? undefined : duration };
}

export interface TrackHeader {
  trackId: number;
  /** In the movie (mvhd) timescale; undefined when "unknown". */
  duration: number | undefined;
  /** Counter-clockwise rotation in degrees derived from the display matrix. */
  rotationDeg: number;
  width: number;
  height: number;
}

export function parseTkhd(buf: Buffer): TrackHeader {
  const v1 = buf[0] === 1;
  need(buf, v1 ? 96 : 84, 'tkhd');
  const trackId = buf.readUInt32BE(v1 ? 20 : 12);
  const rawDuration = v1 ? u64(buf, 28) : buf.readUInt32BE(20);
  const unknown = v1 ? buf.readBigUInt64BE(28) === 0xffffffffffffffffn : rawDuration === 0xffffffff;
  const matrix = v1 ? 52 : 40;
  // The matrix is { a b u / c d v / x y w } with a..d in 16.16; [a b] is where the x unit vector
  // goes. The angle's sign follows ffprobe's `rotation`; only whether it is a quarter turn
  // (which swaps the displayed width and height) matters for TikTok's picture-size check.
  const a = buf.readInt32BE(matrix) / 65536;
  const b = buf.readInt32BE(matrix + 4) / 65536;
  const rotationDeg = (Math.atan2(-b, a) * 180) / Math.PI;
  return {
    trackId,
    duration: unknown ? undefined : rawDuration,
    rotationDeg,
    width: buf.readUInt32BE(matrix + 36) / 65536,
    height: buf.readUInt32BE(matrix + 40) / 65536,
  };
}

/** hdlr: version/flags, pre_defined, then the four-character handler type (`vide`, `soun`…). */
export function parseHdlr(buf: Buffer): string {
  need(buf, 12, 'hdlr');
  return buf.toString('latin1', 8, 12);
}

export interface SampleEntry {
  format: string;
  width: number;
  height: number;
}

/** The first sample entry of stsd; visual entries carry width/height 24 bytes into their body. */
export function parseStsd(buf: Buffer): SampleEntry | undefined {
  need(buf, 8, 'stsd');
  if (buf.readUInt32BE(4) === 0 || buf.length < 16) return undefined;
  const format = buf.toString('latin1', 12, 16);
  if (buf.length < 44) return { format, width: 0, height: 0 };
  return { format, width: buf.readUInt16BE(8 + 32), height: buf.readUInt16BE(8 + 34) };
}

/** stts: runs of (sample_count, sample_delta); their sums give frame count and media time. */
export function parseStts(buf: Buffer): { samples: number; ticks: number } {
  need(buf, 8, 'stts');
  const entries = buf.readUInt32BE(4);
  need(buf, 8 + entries * 8, 'stts');
  let samples = 0;
  let ticks = 0;
  for (let i = 0; i < entries; i++) {
    const count = buf.readUInt32BE(8 + i * 8);
    samples += count;
    ticks += count * buf.readUInt32BE(12 + i * 8);
  }
  return { samples, ticks };
}

/** trex: the per-track sample defaults that fragments fall back to. */
export function parseTrex(buf: Buffer): { trackId: number; defaultSampleDuration: number } {
  need(buf, 24, 'trex');
  return { trackId: buf.readUInt32BE(4), defaultSampleDuration: buf.readUInt32BE(12) };
}

/** tfhd: the track id and, if flag 0x08 is set, this fragment's default sample duration. */
export function parseTfhd(buf: Buffer): { trackId: number; defaultSampleDuration: number | undefined } {
  need(buf, 8, 'tfhd');
  const flags = buf.readUInt32BE(0) & 0xffffff;
  let at = 8;
  if (flags & 0x01) at += 8; // base_data_offset
  if (flags & 0x02) at += 4; // sample_description_index
  if (!(flags & 0x08)) return { trackId: buf.readUInt32BE(4), defaultSampleDuration: undefined };
  need(buf, at + 4, 'tfhd');
  return { trackId: buf.readUInt32BE(4), defaultSampleDuration: buf.readUInt32BE(at) };
}

/**
 * trun: sample count and, when flag 0x100 is set, per-sample durations (summed); otherwise the
 * caller applies the tfhd/trex default.
 */
export function parseTrun(buf: Buffer): { samples: number; ticks: number | undefined } {
  need(buf, 8, 'trun');
  const flags = buf.readUInt32BE(0) & 0xffffff;
  const samples = buf.readUInt32BE(4);
  if (!(flags & 0x100)) return { samples, ticks: undefined };
  let at = 8;
  if (flags & 0x01) at += 4; // data_offset
  if (flags & 0x04) at += 4; // first_sample_flags
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
  need(buf, at + samples * stride, 'trun');
  let ticks = 0;
  for (let i = 0; i < samples; i++) ticks += buf.readUInt32BE(at + i * stride);
  return { samples, ticks };
}

/** The last entry of stco/co64: where the final chunk of samples starts. */
export async function lastChunkOffset(file: RandomAccessFile, box: BoxHeader): Promise<number | undefined> {
  const head = await file.read(box.payload, 8);
  if (head.length < 8) throw new MediaFormatError(`box '${box.type}' is too short`);
  const entries = head.readUInt32BE(4);
  if (entries === 0) return undefined;
  const width = box.type === 'co64' ? 8 : 4;
  const at = box.payload + 8 + (entries - 1) * width;
  if (at + width > box.end) throw new MediaFormatError(`box '${box.type}' is too short`);
  const entry = await file.read(at, width);
  return width === 8 ? u64(entry, 0) : entry.readUInt32BE(0);
}
