// MP4/MOV: find the header boxes by seeking (box-walker), hand only ftyp + moov to mp4box, then read
// codecs, sizes, rotation and frame timing from its parsed boxes. mp4box never sees the mdat, so the
// cost is the size of the moov whether it sits at the start (faststart) or after a 4 GB mdat.
import { createFile, MP4BoxBuffer } from 'mp4box';
import type { ISOFile, VisualSampleEntry, AudioSampleEntry } from 'mp4box';
import type { BoundedReader } from '../io/bounded-reader.js';
import { walkTopLevelBoxes } from './box-walker.js';
import type { TopLevelBox } from './box-walker.js';
import { readFragmentTiming } from './fragmented-mp4.js';
import { closeOpenSize, prepareMoov } from './moov-structure.js';
import { roundFps, summarizeFrameDurations } from './frame-rate.js';
import type { DurationRun } from './frame-rate.js';
import { audioCodecName, rotationFromMatrix, videoCodecName, videoProfile } from './mp4-codec.js';
import type { ProbeBody } from './types.js';

// Old QuickTime files may lack ftyp; mp4box needs one to report, so we lend it a 'qt  ' brand.
const SYNTHETIC_QT_FTYP = Uint8Array.from([0, 0, 0, 20, 0x66, 0x74, 0x79, 0x70, 0x71, 0x74, 0x20, 0x20, 0, 0, 2, 0, 0x71, 0x74, 0x20, 0x20]);

type Trak = NonNullable<ISOFile['moov']>['traks'][number];

function parseHeaderBoxes(ftyp: Uint8Array, moov: Uint8Array): ISOFile {
  // Offsets inside moov (stco) become meaningless in this spliced buffer; we never read samples.
  const joined = new Uint8Array(ftyp.length + moov.length);
  joined.set(ftyp, 0);
  joined.set(moov, ftyp.length);
  const file = createFile(false);
  let failure: unknown = null;
  file.onError = (_module: string, message: string) => {
    failure = new Error(message);
  };
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(joined.buffer, 0));
  file.flush();
  if (failure) throw failure;
  if (!file.moov) throw new Error('moov box could not be parsed');
  return file;
}

const handlerOf = (trak: Trak): string | undefined => trak.mdia?.hdlr?.handler;

function sttsRuns(trak: Trak): DurationRun[] {
  const stts = trak.mdia?.minf?.stbl?.stts;
  if (!stts) return [];
  return stts.sample_counts.map((count, i) => ({ count, delta: stts.sample_deltas[i] ?? 0 }));
}

function trexDefaults(file: ISOFile): Map<number, number> {
  const map = new Map<number, number>();
  for (const trex of file.moov?.mvex?.trexs ?? []) map.set(trex.track_id, trex.default_sample_duration);
  return map;
}

export async function probeIsoBmff(reader: BoundedReader, brand: string | null): Promise<ProbeBody> {
  const walk = await walkTopLevelBoxes(reader);
  const find = (type: string): TopLevelBox | undefined => walk.boxes.find((b) => b.type === type);
  const moovBox = find('moov');
  const label = brand === 'qt  ' || brand === null ? 'QuickTime MOV' : 'MP4';
  if (!moovBox) {
    if (walk.overrun) {
      return {
        kind: 'unusable', reason: 'truncated', detected: `${label} (truncated)`,
        detail: `the '${walk.overrun.type}' box at byte ${walk.overrun.offset} runs past the end of the file and no movie header (moov) was found: the file was cut off, probably an unfinished download or recording`,
      };
    }
    return {
      kind: 'unusable', reason: 'corrupt', detected: `${label} (no movie header)`,
      detail: walk.garbageAt !== null
        ? `invalid box structure at byte ${walk.garbageAt} and no movie header (moov) before it`
        : 'the file has no movie header (moov), so no player can read it',
    };
  }
  const ftypBox = find('ftyp');
  const ftyp = ftypBox ? await reader.read(ftypBox.offset, ftypBox.size) : SYNTHETIC_QT_FTYP;
  if (ftypBox) closeOpenSize(ftyp, 0, ftyp.length);
  const moov = await reader.read(moovBox.offset, moovBox.size);
  const damage = prepareMoov(moov, moovBox.headerSize);
  if (damage) return { kind: 'unusable', reason: 'corrupt', detected: `${label} (corrupt movie header)`, detail: damage };
  let file: ISOFile;
  try {
    file = parseHeaderBoxes(ftyp, moov);
  } catch (err) {
    return { kind: 'unusable', reason: 'corrupt', detected: `${label} (corrupt movie header)`, detail: `the movie header cannot be parsed: ${(err as Error).message}` };
  }
  const traks = file.moov?.traks ?? [];
  const videoTrak = traks.find((t) => handlerOf(t) === 'vide');
  const audioTrak = traks.find((t) => handlerOf(t) === 'soun');
  const audioEntry = audioTrak?.mdia.minf.stbl.stsd.entries[0] as AudioSampleEntry | undefined;
  const audio = audioEntry ? { codec: audioCodecName(audioEntry) } : null;
  if (!videoTrak) {
    return {
      kind: 'unusable', reason: audio ? 'audio-only' : 'corrupt',
      detected: audio ? `${label} with audio only (${audio.codec})` : `${label} without tracks`,
      detail: audio ? 'the file has a sound track but no picture; TikTok posts need a video track' : 'the file has no video track',
    };
  }

  const moofs = walk.boxes.filter((b) => b.type === 'moof');
  const fragmented = moofs.length > 0 || Boolean(file.moov?.mvex);
  const fragments = moofs.length > 0 ? await readFragmentTiming(reader, moofs, trexDefaults(file)) : new Map<number, DurationRun[]>();

  const trackRuns = (trak: Trak): DurationRun[] => [...sttsRuns(trak), ...(fragments.get(trak.tkhd.track_id) ?? [])];
  const trackSeconds = (trak: Trak): number => {
    const ts = trak.mdia.mdhd.timescale;
    return ts > 0 ? trackRuns(trak).reduce((n, r) => n + r.count * r.delta, 0) / ts : 0;
  };

  const entry = videoTrak.mdia.minf.stbl.stsd.entries[0] as VisualSampleEntry | undefined;
  const timing = summarizeFrameDurations(trackRuns(videoTrak), videoTrak.mdia.mdhd.timescale);
  const rotation = rotationFromMatrix(videoTrak.tkhd.matrix);
  const width = entry?.width ?? Math.round(videoTrak.tkhd.width / 65536);
  const height = entry?.height ?? Math.round(videoTrak.tkhd.height / 65536);
  const swap = rotation === 90 || rotation === 270;

  const mvhd = file.moov?.mvhd;
  const headerSeconds = mvhd && mvhd.timescale > 0 ? mvhd.duration / mvhd.timescale : 0;
  const longestTrack = Math.max(0, ...traks.map(trackSeconds));
  const durationSec = fragmented ? Math.max(headerSeconds, longestTrack) : headerSeconds || longestTrack;
  const overrunNote = walk.overrun;
  if (overrunNote) {
    return {
      kind: 'unusable', reason: 'truncated', detected: `${label} (truncated)`,
      detail: `the '${overrunNote.type}' box at byte ${overrunNote.offset} needs ${overrunNote.size} bytes but the file ends first: the media data is incomplete`,
    };
  }

  return {
    kind: 'video',
    container: label === 'MP4' ? 'mp4' : 'mov',
    brand: ftypBox ? (file.ftyp?.major_brand ?? brand) : null,
    fragmented,
    video: {
      codec: videoCodecName(entry?.type ?? 'unknown'),
      profile: entry ? videoProfile(entry) : null,
      width,
      height,
      rotation,
      displayWidth: swap ? height : width,
      displayHeight: swap ? width : height,
      fps: roundFps(timing.fps),
      variableFrameRate: timing.variable,
      frameCount: timing.frameCount,
    },
    audio,
    durationSec: durationSec > 0 ? durationSec : 'unknown',
    bitrate: durationSec > 0 ? (reader.size * 8) / durationSec : null,
  };
}
