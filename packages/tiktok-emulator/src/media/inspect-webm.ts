// WebM/Matroska inspection: EBML header (DocType), then the Segment's Info and Tracks, which
// muxers put before the first Cluster (or point to from the SeekHead). Live WebM has an
// unknown-size Segment, no Duration and sometimes unknown-size Clusters, so the walk stops at the
// first Cluster and never needs the Segment's end.
import { MAX_METADATA_READ, MediaFormatError } from './file-reader.js';
import type { RandomAccessFile } from './file-reader.js';
import { ID, children, floatOf, headerAt, readHeader, stringOf, uintOf, vintAt } from './webm-ebml.js';
import type { ElementHeader } from './webm-ebml.js';
import { rotatedSize } from './video-inspection.js';
import type { VideoInspection } from './video-inspection.js';

const CODECS: Readonly<Record<string, string>> = {
  V_VP8: 'vp8',
  V_VP9: 'vp9',
  'V_MPEG4/ISO/AVC': 'h264',
  'V_MPEGH/ISO/HEVC': 'hevc',
  V_AV1: 'av1',
};

/** How much of the first Cluster(s) to scan for block timestamps when DefaultDuration is absent. */
const TIMESTAMP_WINDOW = 2 * 1024 * 1024;

interface VideoTrack {
  number: number;
  codecId: string;
  width: number;
  height: number;
  rollDeg: number;
  defaultDurationNs: number | undefined;
}

interface Info {
  timestampScaleNs: number;
  duration: number | undefined;
}

export async function inspectWebm(file: RandomAccessFile): Promise<VideoInspection> {
  const ebml = await readHeader(file, 0);
  if (ebml.end === undefined) throw new MediaFormatError('EBML header of unknown size');
  let docType = 'matroska';
  const ebmlData = await readElement(file, ebml, 4096);
  const { start, end } = dataOf(ebmlData);
  for (const el of children(ebmlData, start, end)) if (el.id === ID.DocType) docType = stringOf(ebmlData, el);
  if (docType !== 'webm' && docType !== 'matroska') return { ok: false, reason: `unsupported EBML DocType '${docType}'` };

  const segment = await findSegment(file, ebml.end);
  const segmentEnd = segment.end ?? file.size;
  if (segmentEnd > file.size) return { ok: false, reason: 'Segment runs past the end of the file (truncated)' };

  let info: Info | undefined;
  let video: VideoTrack | null | undefined;
  let firstCluster: number | undefined;
  const seeks = new Map<number, number>();
  for (let offset = segment.data; offset < segmentEnd; ) {
    const el = await readHeader(file, offset);
    if (el.id === ID.Cluster) {
      // Info and Tracks precede media in every muxer we know of; if not, the SeekHead says where.
      firstCluster = el.start;
      break;
    }
    if (el.end === undefined) throw new MediaFormatError(`unknown-size element 0x${el.id.toString(16)} in Segment`);
    if (el.end > segmentEnd) return { ok: false, reason: 'element runs past the end of the Segment (truncated)' };
    if (el.id === ID.SeekHead) readSeekHead(await readElement(file, el), segment.data, seeks);
    else if (el.id === ID.Info) info = parseInfo(await readElement(file, el));
    else if (el.id === ID.Tracks) video = findVideoTrack(await readElement(file, el));
    offset = el.end;
  }
  const infoAt = seeks.get(ID.Info);
  if (!info && infoAt !== undefined) info = parseInfo(await readElement(file, await readHeader(file, infoAt)));
  const tracksAt = seeks.get(ID.Tracks);
  if (video === undefined && tracksAt !== undefined) video = findVideoTrack(await readElement(file, await readHeader(file, tracksAt)));
  if (video === undefined) return { ok: false, reason: 'no Tracks element' };
  if (video === null) return { ok: false, reason: 'no video track' };
  if (video.width === 0 || video.height === 0) return { ok: false, reason: 'video track has no picture size' };

  const scaleNs = info?.timestampScaleNs ?? 1_000_000;
  let fps: number | undefined;
  if (video.defaultDurationNs) fps = 1e9 / video.defaultDurationNs;
  else if (firstCluster !== undefined) fps = await estimateFps(file, firstCluster, video.number, scaleNs);
  if (fps === undefined) return { ok: false, reason: 'cannot determine the frame rate (no DefaultDuration, too few frames)' };

  const { width, height } = rotatedSize(video.width, video.height, video.rollDeg);
  return {
    ok: true,
    container: docType === 'webm' ? 'webm' : 'mkv',
    codec: CODECS[video.codecId] ?? video.codecId,
    width,
    height,
    fps,
    durationSec: info?.duration === undefined ? undefined : (info.duration * scaleNs) / 1e9,
  };
}

/** The whole element (header included) in memory; only for small metadata masters. */
async function readElement(file: RandomAccessFile, el: ElementHeader, limit = MAX_METADATA_READ): Promise<Buffer> {
  if (el.end === undefined) throw new MediaFormatError('metadata element of unknown size');
  if (el.end - el.start > limit) throw new MediaFormatError('metadata element is implausibly large');
  const buf = await file.read(el.start, el.end - el.start);
  if (buf.length < el.end - el.start) throw new MediaFormatError('metadata element runs past the end of the file (truncated)');
  return buf;
}

/** Offsets inside an in-memory element are relative to its start; children() wants data bounds. */
function dataOf(buf: Buffer): { start: number; end: number } {
  const header = headerAt(buf, 0);
  if (!header) throw new MediaFormatError('truncated EBML element');
  return { start: header.data, end: header.end ?? buf.length };
}

async function findSegment(file: RandomAccessFile, from: number): Promise<ElementHeader> {
  for (let offset = from; offset < file.size; ) {
    const el = await readHeader(file, offset);
    if (el.id === ID.Segment) return el;
    if (el.end === undefined) break;
    offset = el.end;
  }
  throw new MediaFormatError('no Segment element');
}

function readSeekHead(buf: Buffer, segmentData: number, seeks: Map<number, number>): void {
  const { start, end } = dataOf(buf);
  for (const seek of children(buf, start, end)) {
    if (seek.id !== ID.Seek) continue;
    let id: number | undefined;
    let position: number | undefined;
    for (const el of children(buf, seek.data, seek.end)) {
      if (el.id === ID.SeekID) id = uintOf(buf, el);
      else if (el.id === ID.SeekPosition) position = uintOf(buf, el);
    }
    // SeekPosition is relative to the first byte of the Segment's data.
    if (id !== undefined && position !== undefined) seeks.set(id, segmentData + position);
  }
}

function parseInfo(buf: Buffer): Info {
  const info: Info = { timestampScaleNs: 1_000_000, duration: undefined };
  const { start, end } = dataOf(buf);
  for (const el of children(buf, start, end)) {
    if (el.id === ID.TimestampScale) info.timestampScaleNs = uintOf(buf, el) || 1_000_000;
    else if (el.id === ID.Duration) info.duration = floatOf(buf, el);
  }
  return info;
}

/** The first TrackEntry with TrackType 1 (video), or null when there is none. */
function findVideoTrack(buf: Buffer): VideoTrack | null {
  const { start, end } = dataOf(buf);
  for (const entry of children(buf, start, end)) {
    if (entry.id !== ID.TrackEntry) continue;
    const track: VideoTrack = { number: 0, codecId: '', width: 0, height: 0, rollDeg: 0, defaultDurationNs: undefined };
    let type = 0;
    for (const el of children(buf, entry.data, entry.end)) {
      if (el.id === ID.TrackNumber) track.number = uintOf(buf, el);
      else if (el.id === ID.TrackType) type = uintOf(buf, el);
      else if (el.id === ID.CodecID) track.codecId = stringOf(buf, el);
      else if (el.id === ID.DefaultDuration) track.defaultDurationNs = uintOf(buf, el);
      else if (el.id === ID.Video) readVideo(buf, el, track);
    }
    if (type === 1) return track;
  }
  return null;
}

function readVideo(buf: Buffer, video: ElementHeader, track: VideoTrack): void {
  for (const el of children(buf, video.data, video.end)) {
    if (el.id === ID.PixelWidth) track.width = uintOf(buf, el);
    else if (el.id === ID.PixelHeight) track.height = uintOf(buf, el);
    else if (el.id === ID.Projection) {
      for (const p of children(buf, el.data, el.end)) if (p.id === ID.ProjectionPoseRoll) track.rollDeg = floatOf(buf, p);
    }
  }
}

/**
 * Average fps from the video blocks in the first TIMESTAMP_WINDOW bytes of clusters. The window
 * is scanned flat: Cluster and BlockGroup are entered (which works whether or not their size is
 * known), every other element is skipped by its size. Timestamps are sorted because blocks are
 * stored in decode order. Laced blocks count once; muxers lace audio, not video.
 */
async function estimateFps(file: RandomAccessFile, clusterAt: number, trackNumber: number, scaleNs: number): Promise<number | undefined> {
  const stamps = blockTimestamps(await file.read(clusterAt, TIMESTAMP_WINDOW), trackNumber);
  if (stamps.length < 2) return undefined;
  stamps.sort((a, b) => a - b);
  const spanSec = (((stamps.at(-1) ?? 0) - (stamps[0] ?? 0)) * scaleNs) / 1e9;
  return spanSec > 0 ? (stamps.length - 1) / spanSec : undefined;
}

/** Timestamps (in TimestampScale units) of `trackNumber`'s blocks, up to the first damage or the window's end. */
function blockTimestamps(buf: Buffer, trackNumber: number): number[] {
  const stamps: number[] = [];
  let clusterTime = 0;
  let pos = 0;
  try {
    while (pos < buf.length) {
      const el = headerAt(buf, pos);
      if (!el) break;
      if (el.id === ID.Cluster || el.id === ID.BlockGroup) {
        pos = el.data;
        continue;
      }
      if (el.end === undefined || el.end > buf.length) break;
      if (el.id === ID.Timestamp) clusterTime = uintOf(buf, el);
      else if (el.id === ID.SimpleBlock || el.id === ID.Block) {
        // A block starts with its track number (a vint) and a signed 16-bit cluster-relative time.
        const track = vintAt(buf, el.data);
        const at = el.data + (track?.length ?? 0);
        if (track?.value === trackNumber && at + 2 <= el.end) stamps.push(clusterTime + buf.readInt16BE(at));
      }
      pos = el.end;
    }
  } catch (error) {
    // Whatever was read before the damage still gives an estimate; a broken file shows elsewhere.
    if (!(error instanceof MediaFormatError)) throw error;
  }
  return stamps;
}
