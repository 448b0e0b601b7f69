// MP4/MOV inspection. Top-level boxes are walked by header only, so moov is found at the start
// (faststart) or the end, and mdat is skipped by its size whatever it holds. Fragmented files
// (moov + mvex, samples in moof/traf/trun) add every fragment's sample count and durations.
import { MediaFormatError } from './file-reader.js';
import type { RandomAccessFile } from './file-reader.js';
import {
  childBoxes,
  lastChunkOffset,
  parseHdlr,
  parseStsd,
  parseStts,
  parseTfhd,
  parseTimescaleDuration,
  parseTkhd,
  parseTrex,
  parseTrun,
  readPayload,
} from './mp4-boxes.js';
import type { BoxHeader, SampleEntry, TrackHeader } from './mp4-boxes.js';
import { rotatedSize } from './video-inspection.js';
import type { VideoInspection } from './video-inspection.js';

const CODECS: Readonly<Record<string, string>> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
  vp08: 'vp8',
  vp09: 'vp9',
  av01: 'av1',
  mp4v: 'mpeg4',
};

interface Track {
  header: TrackHeader | undefined;
  handler: string | undefined;
  timescale: number;
  sampleEntry: SampleEntry | undefined;
  /** Samples and media-timescale ticks from stts plus, for fragmented files, every trun. */
  samples: number;
  ticks: number;
  lastChunk: number | undefined;
}

interface Movie {
  timescale: number;
  duration: number | undefined;
  tracks: Track[];
  /** trex default_sample_duration per track id; present only in fragmented files. */
  trexDurations: Map<number, number>;
}

export async function inspectMp4(file: RandomAccessFile): Promise<VideoInspection> {
  let majorBrand: string | undefined;
  let moov: BoxHeader | undefined;
  const moofs: BoxHeader[] = [];
  for await (const box of childBoxes(file, 0, file.size)) {
    if (box.type === 'ftyp') majorBrand = (await file.read(box.payload, 4)).toString('latin1');
    else if (box.type === 'moov' && !moov) moov = box;
    else if (box.type === 'moof') moofs.push(box);
  }
  if (!moov) return { ok: false, reason: 'no moov box: not a complete MP4/MOV' };

  const movie = await parseMoov(file, moov);
  const byId = new Map(movie.tracks.flatMap((t) => (t.header ? [[t.header.trackId, t] as const] : [])));
  for (const moof of moofs) await addFragment(file, moof, movie, byId);

  const video = movie.tracks.find((t) => t.handler === 'vide');
  if (!video) return { ok: false, reason: 'no video track' };
  if (!video.sampleEntry) return { ok: false, reason: 'video track has no sample description' };
  for (const track of movie.tracks) {
    if (track.lastChunk !== undefined && track.lastChunk >= file.size) {
      return { ok: false, reason: 'sample data lies past the end of the file (truncated)' };
    }
  }
  if (video.samples === 0 || video.ticks === 0 || video.timescale === 0) {
    return { ok: false, reason: 'video track has no timed samples' };
  }

  const entry = video.sampleEntry;
  const stored = entry.width > 0 && entry.height > 0 ? entry : { width: video.header?.width ?? 0, height: video.header?.height ?? 0 };
  const { width, height } = rotatedSize(Math.round(stored.width), Math.round(stored.height), video.header?.rotationDeg ?? 0);
  return {
    ok: true,
    // Only QuickTime declares 'qt  '; files with no ftyp at all are pre-ISO QuickTime movies.
    container: majorBrand === undefined || majorBrand === 'qt  ' ? 'mov' : 'mp4',
    codec: CODECS[entry.format] ?? entry.format,
    width,
    height,
    fps: video.samples / (video.ticks / video.timescale),
    durationSec: movieDuration(movie, moofs.length > 0),
  };
}

/**
 * mvhd's duration honours edit lists, so it is the answer for a plain file. A fragmented file's
 * mvhd covers only the samples in moov (none with empty_moov, the first fragment otherwise), so
 * there the longest track's summed sample durations win when longer.
 */
function movieDuration(movie: Movie, fragmented: boolean): number | undefined {
  const header = movie.duration && movie.timescale ? movie.duration / movie.timescale : undefined;
  if (!fragmented && header !== undefined) return header;
  const seconds = movie.tracks.filter((t) => t.timescale > 0 && t.ticks > 0).map((t) => t.ticks / t.timescale);
  if (header !== undefined) seconds.push(header);
  return seconds.length > 0 ? Math.max(...seconds) : undefined;
}

async function parseMoov(file: RandomAccessFile, moov: BoxHeader): Promise<Movie> {
  const movie: Movie = { timescale: 0, duration: undefined, tracks: [], trexDurations: new Map() };
  for await (const box of childBoxes(file, moov.payload, moov.end)) {
    if (box.type === 'mvhd') {
      const { timescale, duration } = parseTimescaleDuration(await readPayload(file, box), 'mvhd');
      movie.timescale = timescale;
      movie.duration = duration;
    } else if (box.type === 'trak') {
      movie.tracks.push(await parseTrak(file, box));
    } else if (box.type === 'mvex') {
      for await (const child of childBoxes(file, box.payload, box.end)) {
        if (child.type !== 'trex') continue;
        const trex = parseTrex(await readPayload(file, child));
        movie.trexDurations.set(trex.trackId, trex.defaultSampleDuration);
      }
    }
  }
  if (!movie.timescale) throw new MediaFormatError('moov has no usable mvhd');
  return movie;
}

async function parseTrak(file: RandomAccessFile, trak: BoxHeader): Promise<Track> {
  const track: Track = { header: undefined, handler: undefined, timescale: 0, sampleEntry: undefined, samples: 0, ticks: 0, lastChunk: undefined };
  for await (const box of childBoxes(file, trak.payload, trak.end)) {
    if (box.type === 'tkhd') track.header = parseTkhd(await readPayload(file, box));
    else if (box.type === 'mdia') await parseMdia(file, box, track);
  }
  return track;
}

async function parseMdia(file: RandomAccessFile, mdia: BoxHeader, track: Track): Promise<void> {
  for await (const box of childBoxes(file, mdia.payload, mdia.end)) {
    if (box.type === 'mdhd') track.timescale = parseTimescaleDuration(await readPayload(file, box), 'mdhd').timescale;
    else if (box.type === 'hdlr') track.handler = parseHdlr(await readPayload(file, box));
    else if (box.type === 'minf') {
      for await (const child of childBoxes(file, box.payload, box.end)) {
        if (child.type === 'stbl') await parseStbl(file, child, track);
      }
    }
  }
}

async function parseStbl(file: RandomAccessFile, stbl: BoxHeader, track: Track): Promise<void> {
  for await (const box of childBoxes(file, stbl.payload, stbl.end)) {
    if (box.type === 'stsd') {
      // Only the first entry matters and its codec configuration can be long; 4 KB covers the
      // fixed visual fields (width/height sit 32–36 bytes into the entry).
      track.sampleEntry = parseStsd(await file.read(box.payload, Math.min(4096, box.end - box.payload)));
    } else if (box.type === 'stts') {
      const { samples, ticks } = parseStts(await readPayload(file, box));
      track.samples += samples;
      track.ticks += ticks;
    } else if (box.type === 'stco' || box.type === 'co64') {
      // A file cut between moov and the media still parses; the last chunk offset gives it away.
      track.lastChunk = await lastChunkOffset(file, box);
    }
  }
}

async function addFragment(file: RandomAccessFile, moof: BoxHeader, movie: Movie, byId: ReadonlyMap<number, Track>): Promise<void> {
  for await (const traf of childBoxes(file, moof.payload, moof.end)) {
    if (traf.type !== 'traf') continue;
    let track: Track | undefined;
    let defaultDuration: number | undefined;
    for await (const box of childBoxes(file, traf.payload, traf.end)) {
      if (box.type === 'tfhd') {
        const tfhd = parseTfhd(await readPayload(file, box));
        track = byId.get(tfhd.trackId);
        defaultDuration = tfhd.defaultSampleDuration ?? movie.trexDurations.get(tfhd.trackId);
      } else if (box.type === 'trun') {
        if (!track) throw new MediaFormatError('trun before tfhd, or for an unknown track');
        const trun = parseTrun(await readPayload(file, box));
        track.samples += trun.samples;
        track.ticks += trun.ticks ?? trun.samples * (defaultDuration ?? 0);
      }
    }
  }
}
