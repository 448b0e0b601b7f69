// Fragmented MP4 (CMAF, live recorders, `-movflags frag_keyframe+empty_moov`) keeps its sample
// timing in moof/traf/trun boxes spread through the file; the moov often says duration 0. We read
// each moof (a few hundred bytes) and skip each mdat, so the read cost is per fragment, not per byte.
import type { BoundedReader } from '../io/bounded-reader.js';
import { childBoxes, readUint32 } from './box-walker.js';
import type { TopLevelBox } from './box-walker.js';
import type { DurationRun } from './frame-rate.js';

const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_SAMPLE_DESCRIPTION = 0x2;
const TFHD_DEFAULT_DURATION = 0x8;
const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_FLAGS = 0x4;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_CTO = 0x800;

/** Per track id: sample-duration runs gathered over every fragment. */
export type FragmentTiming = Map<number, DurationRun[]>;

function pushRun(runs: DurationRun[], delta: number, count = 1): void {
  const last = runs[runs.length - 1];
  if (last && last.delta === delta) last.count += count;
  else runs.push({ count, delta });
}

function parseTraf(buf: Uint8Array, start: number, end: number, trexDefaults: ReadonlyMap<number, number>, timing: FragmentTiming): void {
  let trackId = -1;
  let defaultDuration = 0;
  for (const box of childBoxes(buf, start, end)) {
    const flags = readUint32(buf, box.body) & 0xffffff;
    let at = box.body + 4;
    if (box.type === 'tfhd') {
      trackId = readUint32(buf, at);
      at += 4;
      if (flags & TFHD_BASE_DATA_OFFSET) at += 8;
      if (flags & TFHD_SAMPLE_DESCRIPTION) at += 4;
      defaultDuration = flags & TFHD_DEFAULT_DURATION ? readUint32(buf, at) : (trexDefaults.get(trackId) ?? 0);
    } else if (box.type === 'trun' && trackId >= 0) {
      const count = readUint32(buf, at);
      at += 4;
      if (flags & TRUN_DATA_OFFSET) at += 4;
      if (flags & TRUN_FIRST_FLAGS) at += 4;
      const runs = timing.get(trackId) ?? [];
      timing.set(trackId, runs);
      if (!(flags & TRUN_DURATION)) {
        pushRun(runs, defaultDuration, count);
        continue;
      }
      const stride = 4 * (1 + (flags & TRUN_SIZE ? 1 : 0) + (flags & TRUN_FLAGS ? 1 : 0) + (flags & TRUN_CTO ? 1 : 0));
      for (let i = 0; i < count && at + 4 <= box.end; i++, at += stride) pushRun(runs, readUint32(buf, at));
    }
  }
}

/** Reads every moof and returns the sample durations per track. */
export async function readFragmentTiming(
  reader: BoundedReader,
  moofs: readonly TopLevelBox[],
  trexDefaults: ReadonlyMap<number, number>,
): Promise<FragmentTiming> {
  const timing: FragmentTiming = new Map();
  for (const moof of moofs) {
    const buf = await reader.read(moof.offset, moof.size);
    for (const traf of childBoxes(buf, moof.headerSize, buf.length)) {
      if (traf.type === 'traf') parseTraf(buf, traf.body, traf.end, trexDefaults, timing);
    }
  }
  return timing;
}
