// WebM/Matroska: walk the Segment's children by seeking (element id + size, then jump), decode
// Info and Tracks with ebml, and sample the first video blocks for timing. Clusters are skipped by
// size; a live WebM (unknown sizes, no Duration) is read only as far as its first clusters, and its
// duration is reported as 'unknown' because the file does not say.
import type { BoundedReader } from '../io/bounded-reader.js';
import { decodeEbmlElement, readElementId, readVintSize } from './ebml-values.js';
import type { EbmlValue } from './ebml-values.js';
import { roundFps, runsFromTimestamps, summarizeFrameDurations } from './frame-rate.js';
import { h264Profile } from './mp4-codec.js';
import type { ProbeBody } from './types.js';

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Info: 0x1549a966,
  Tracks: 0x1654ae6b,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
} as const;

// Segment children: an unknown-size Cluster ends where one of these begins.
const SEGMENT_CHILDREN = new Set([0x114d9b74, 0x1549a966, 0x1654ae6b, 0x1f43b675, 0x1c53bb6b, 0x1254c367, 0x1043a770, 0x1941a469, 0xec]);

/** Enough frames to tell a steady rate from a variable one without reading far into the file. */
const SAMPLE_VIDEO_BLOCKS = 90;
const MAX_CLUSTERS_SAMPLED = 24;
/** One read per block covers its element header, the block header and the first payload bytes. */
const BLOCK_PEEK = 40;
/**
 * Window for runs of small blocks, read only when the next block starts within one window of the
 * last. Windows stop after WINDOW_BUDGET, and peeks take over, so sampling never reads more than
 * 256 KB + 40 bytes per block, far under the 2 MB reading goal whatever the file size.
 */
const WINDOW_BYTES = 8 * 1024;
const WINDOW_BUDGET = 256 * 1024;

const VIDEO_CODECS: Record<string, string> = {
  V_VP8: 'vp8', V_VP9: 'vp9', V_AV1: 'av1', 'V_MPEG4/ISO/AVC': 'h264', 'V_MPEGH/ISO/HEVC': 'hevc', V_THEORA: 'theora',
  'V_MPEG4/ISO/ASP': 'mpeg4', 'V_MPEG4/ISO/SP': 'mpeg4', V_MPEG2: 'mpeg2video', 'V_MS/VFW/FOURCC': 'vfw',
};
const AUDIO_CODECS: Record<string, string> = {
  A_OPUS: 'opus', A_VORBIS: 'vorbis', A_AAC: 'aac', 'A_MPEG/L3': 'mp3', A_FLAC: 'flac', A_AC3: 'ac3', A_EAC3: 'eac3',
  'A_PCM/INT/LIT': 'pcm_s16le', 'A_PCM/FLOAT/IEEE': 'pcm_f32le',
};

interface Element {
  id: number;
  offset: number;
  dataStart: number;
  /** Null for unknown size. */
  size: number | null;
}

function parseElementHeader(b: Uint8Array, at: number, offset: number): Element | null {
  const id = readElementId(b, at);
  if (!id) return null;
  const size = readVintSize(b, at + id.length);
  if (!size) return null;
  return { id: id.id, offset, dataStart: offset + id.length + size.length, size: size.value };
}

async function readElementHeader(reader: BoundedReader, offset: number): Promise<Element | null> {
  return parseElementHeader(await reader.read(offset, 12), 0, offset);
}

interface TrackInfo {
  number: number;
  type: number;
  codecId: string;
  defaultDuration: number | null;
  codecPrivate: Uint8Array | null;
  width: number;
  height: number;
}

function tracksFrom(values: readonly EbmlValue[]): TrackInfo[] {
  const tracks: TrackInfo[] = [];
  let current: TrackInfo | null = null;
  for (const v of values) {
    if (v.name === 'TrackNumber') {
      current = { number: Number(v.value), type: 0, codecId: '', defaultDuration: null, codecPrivate: null, width: 0, height: 0 };
      tracks.push(current);
    }
    if (!current) continue;
    if (v.name === 'TrackType') current.type = Number(v.value);
    else if (v.name === 'CodecID') current.codecId = String(v.value);
    else if (v.name === 'DefaultDuration') current.defaultDuration = Number(v.value);
    else if (v.name === 'CodecPrivate') current.codecPrivate = v.data ?? null;
    else if (v.name === 'PixelWidth') current.width = Number(v.value);
    else if (v.name === 'PixelHeight') current.height = Number(v.value);
  }
  return tracks;
}

interface BlockSample {
  timestamps: number[];
  /** Bytes read through windows so far, against WINDOW_BUDGET. */
  windowBytes: number;
  firstPayload: Uint8Array | null;
}

/** Reads block headers (track, timecode, first payload bytes) of one cluster, skipping payloads. */
async function sampleCluster(reader: BoundedReader, cluster: Element, end: number, videoTrack: number, into: BlockSample): Promise<number> {
  let clusterTime = 0;
  let at = cluster.dataStart;
  // Block headers are read through a small window: where blocks are small (low bitrate, audio)
  // one read covers many of them; where they are big, a 40-byte peek per block skips the payload.
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;
  while (at < end && into.timestamps.length < SAMPLE_VIDEO_BLOCKS) {
    const windowEnd = windowStart + window.length;
    if (at < windowStart || at + BLOCK_PEEK > windowEnd) {
      const near = at < windowEnd + WINDOW_BYTES && into.windowBytes < WINDOW_BUDGET;
      window = await reader.read(at, near ? WINDOW_BYTES : BLOCK_PEEK);
      windowStart = at;
      if (near) into.windowBytes += window.length;
    }
    const peek = window.subarray(at - windowStart);
    const el = parseElementHeader(peek, 0, at);
    if (!el || (cluster.size === null && SEGMENT_CHILDREN.has(el.id))) return at;
    if (el.size === null) return end;
    if (el.id === ID.Timestamp) {
      const b = el.dataStart - at + el.size <= peek.length ? peek.subarray(el.dataStart - at, el.dataStart - at + el.size) : await reader.read(el.dataStart, el.size);
      clusterTime = b.reduce((n, x) => n * 256 + x, 0);
    } else if (el.id === ID.SimpleBlock || el.id === ID.BlockGroup) {
      let block = el.dataStart - at;
      if (el.id === ID.BlockGroup) {
        const inner = parseElementHeader(peek, block, el.dataStart);
        block = inner && inner.id === ID.Block ? inner.dataStart - at : -1;
      }
      const track = block >= 0 ? readVintSize(peek, block) : null;
      if (track && track.value === videoTrack && block + track.length + 3 <= peek.length) {
        const rel = ((peek[block + track.length] ?? 0) << 8) | (peek[block + track.length + 1] ?? 0);
        into.timestamps.push(clusterTime + (rel >= 0x8000 ? rel - 0x10000 : rel));
        into.firstPayload ??= peek.slice(block + track.length + 3);
      }
    }
    at = el.dataStart + el.size;
  }
  return at;
}

function vpxProfile(codec: string, payload: Uint8Array | null, codecPrivate: Uint8Array | null): string | null {
  if (codec === 'vp8') {
    // VP8 frame tag: bits 1–3 are the version, which ffprobe prints as a bare number.
    return payload && payload.length > 0 ? String(((payload[0] ?? 0) >> 1) & 7) : null;
  }
  // VP9 uncompressed header: frame_marker(2) profile_low_bit profile_high_bit …
  if (payload && payload.length > 0 && (payload[0] ?? 0) >> 6 === 2) {
    const b = payload[0] ?? 0;
    return `Profile ${((b >> 5) & 1) | (((b >> 4) & 1) << 1)}`;
  }
  // Fall back to WebM's VP9 CodecPrivate feature list (id 1 = profile).
  if (codecPrivate && codecPrivate[0] === 1 && codecPrivate[1] === 1) return `Profile ${codecPrivate[2] ?? 0}`;
  return null;
}

function codecPrivateProfile(codec: string, priv: Uint8Array | null): string | null {
  if (!priv || priv.length < 4) return null;
  if (codec === 'h264') return h264Profile(priv[1] ?? 0, priv[2] ?? 0);
  if (codec === 'hevc') return ({ 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Rext' } as Record<number, string>)[(priv[1] ?? 0) & 0x1f] ?? null;
  return null;
}

export async function probeMatroska(reader: BoundedReader): Promise<ProbeBody> {
  const truncated = (what: string): ProbeBody => ({
    kind: 'unusable', reason: 'truncated', detected: 'WebM/Matroska (truncated)',
    detail: `the file ends inside ${what}: it was cut off, probably an unfinished download or recording`,
  });
  const corrupt = (what: string): ProbeBody => ({ kind: 'unusable', reason: 'corrupt', detected: 'WebM/Matroska (corrupt)', detail: what });

  const ebml = await readElementHeader(reader, 0);
  if (!ebml || ebml.size === null) return corrupt('the EBML header is unreadable');
  if (ebml.dataStart + ebml.size > reader.size) return truncated('the EBML header');
  const header = decodeEbmlElement(await reader.read(0, ebml.dataStart + ebml.size));
  const docType = String(header.find((v) => v.name === 'DocType')?.value ?? 'matroska');

  const segment = await readElementHeader(reader, ebml.dataStart + ebml.size);
  if (!segment || segment.id !== ID.Segment) return corrupt('no Segment follows the EBML header');
  const declaredEnd = segment.size === null ? null : segment.dataStart + segment.size;
  const segmentEnd = Math.min(declaredEnd ?? reader.size, reader.size);

  let info: EbmlValue[] | null = null;
  let tracks: TrackInfo[] | null = null;
  let clustersSampled = 0;
  const sample: BlockSample = { timestamps: [], windowBytes: 0, firstPayload: null };
  let at = segment.dataStart;
  while (at + 2 <= segmentEnd) {
    const el = await readElementHeader(reader, at);
    if (!el) break;
    if (el.id === ID.Info || el.id === ID.Tracks) {
      if (el.size === null) return corrupt('a header element has no size');
      if (el.dataStart + el.size > reader.size) return truncated(el.id === ID.Info ? 'the Info header' : 'the track list');
      const values = decodeEbmlElement(await reader.read(el.offset, el.dataStart - el.offset + el.size));
      if (el.id === ID.Info) info = values;
      else tracks = tracksFrom(values);
    }
    if (el.id === ID.Cluster && tracks) {
      // Info and Tracks precede the clusters in every muxer we know: after sampling a few clusters
      // for frame timing there is nothing left to learn, so the walk stops here.
      const video = tracks.find((t) => t.type === 1);
      if (!video || sample.timestamps.length >= SAMPLE_VIDEO_BLOCKS || clustersSampled >= MAX_CLUSTERS_SAMPLED) break;
      clustersSampled++;
      const end = el.size === null ? segmentEnd : Math.min(el.dataStart + el.size, segmentEnd);
      const next = await sampleCluster(reader, el, end, video.number, sample);
      at = el.size === null ? next : end;
      if (sample.timestamps.length >= SAMPLE_VIDEO_BLOCKS || (el.size === null && next >= segmentEnd)) break;
      continue;
    }
    if (el.size === null) break;
    at = el.dataStart + el.size;
  }

  if (!tracks) return declaredEnd !== null && declaredEnd > reader.size ? truncated('the segment before its track list') : corrupt('the file has no track list');
  const video = tracks.find((t) => t.type === 1);
  const audioTrack = tracks.find((t) => t.type === 2);
  const audio = audioTrack ? { codec: AUDIO_CODECS[audioTrack.codecId] ?? audioTrack.codecId.toLowerCase() } : null;
  const label = docType === 'webm' ? 'WebM' : 'Matroska';
  if (!video) {
    return audio
      ? { kind: 'unusable', reason: 'audio-only', detected: `${label} with audio only (${audio.codec})`, detail: 'the file has a sound track but no picture; TikTok posts need a video track' }
      : corrupt('the file has no video track');
  }
  if (declaredEnd !== null && declaredEnd > reader.size) {
    return truncated(`the segment (it declares ${declaredEnd} bytes, the file has ${reader.size})`);
  }

  const scale = Number(info?.find((v) => v.name === 'TimecodeScale' || v.name === 'TimestampScale')?.value ?? 1_000_000);
  const durationTicks = info?.find((v) => v.name === 'Duration')?.value;
  const durationSec = typeof durationTicks === 'number' && durationTicks > 0 ? (durationTicks * scale) / 1e9 : 'unknown';
  const timing = summarizeFrameDurations(runsFromTimestamps(sample.timestamps), 1e9 / scale);
  const codec = VIDEO_CODECS[video.codecId] ?? video.codecId.toLowerCase();
  const fps = video.defaultDuration ? 1e9 / video.defaultDuration : timing.fps;

  return {
    kind: 'video',
    container: docType === 'webm' ? 'webm' : 'matroska',
    brand: docType,
    fragmented: false,
    video: {
      codec,
      profile: codec === 'vp8' || codec === 'vp9' ? vpxProfile(codec, sample.firstPayload, video.codecPrivate) : codecPrivateProfile(codec, video.codecPrivate),
      width: video.width,
      height: video.height,
      rotation: 0,
      displayWidth: video.width,
      displayHeight: video.height,
      fps: roundFps(fps),
      variableFrameRate: timing.variable,
      frameCount: null,
    },
    audio,
    durationSec,
    bitrate: typeof durationSec === 'number' ? (reader.size * 8) / durationSec : null,
  };
}
