// The moov tree is checked, and tidied, before mp4box sees it. mp4box reports damaged or unknown
// boxes straight to the console and carries on with partial data; checking sizes and type codes
// first turns a corrupt header into a clear 'corrupt' answer, quietly. Boxes we do not need and
// mp4box misreads (iTunes tags such as '©swr' in udta, QuickTime's 'wave' atom in sound
// descriptions) are renamed to 'free' in place: same size, so no parent size changes. A box whose
// size field is 0 ("to the end of its parent", which mp4box refuses with a console line) gets its
// real size written in.
import { childBoxes, readUint32 } from './box-walker.js';

// Every box mp4box itself opens as a container, so it never meets a child we did not check.
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'mvex', 'dinf', 'tref', 'trgr', 'sinf', 'rinf', 'schi', 'hnti', 'hinf', 'strk', 'strd', 'iprp', 'ipco', 'grpl', 'meco', 'mfra', 'vttc', 'j2kH', 'etyp', 'moof', 'traf']);
const NEUTRALIZED = new Set(['udta', 'meta', 'wave']);
const PRINTABLE = /^[\x20-\x7e]{4}$/;
// Where the child boxes of a sample entry start (after the fixed fields of ISO 14496-12 §12).
const VISUAL_ENTRY_FIELDS = 78;
const AUDIO_ENTRY_FIELDS = 28;
const VISUAL_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'vp08', 'vp09', 'av01', 'mp4v', 'dvh1', 'dvhe']);
const AUDIO_ENTRIES = new Set(['mp4a', 'Opus', 'ac-3', 'ec-3', 'alac', 'fLaC']);
const FREE = [0x66, 0x72, 0x65, 0x65];

/** Writes the real size into a box header that says 0 ("extends to the end"), when it fits 32 bits. */
export function closeOpenSize(buf: Uint8Array, at: number, size: number): void {
  if (readUint32(buf, at) !== 0 || size > 0xffff_ffff) return;
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint32(at, size);
}

function checkChildren(buf: Uint8Array, start: number, end: number, path: string): string | null {
  let covered = start;
  for (const box of childBoxes(buf, start, end)) {
    if (!PRINTABLE.test(box.type)) return `invalid box type in ${path} at byte ${box.start}`;
    closeOpenSize(buf, box.start, box.end - box.start);
    covered = box.end;
    if (NEUTRALIZED.has(box.type)) {
      buf.set(FREE, box.start + 4);
    } else if (CONTAINERS.has(box.type)) {
      const inner = checkChildren(buf, box.body, box.end, `${path}/${box.type}`);
      if (inner) return inner;
    } else if (box.type === 'stsd') {
      const inner = checkSampleEntries(buf, box.body, box.end, `${path}/stsd`);
      if (inner) return inner;
    }
  }
  // childBoxes stops at the first box that does not fit; anything left over (beyond 7 bytes of
  // padding, which some writers leave) is damage.
  return end - covered >= 8 ? `box sizes in ${path} do not add up (stops at byte ${covered} of ${end})` : null;
}

function checkSampleEntries(buf: Uint8Array, start: number, end: number, path: string): string | null {
  const count = readUint32(buf, start + 4);
  let seen = 0;
  for (const entry of childBoxes(buf, start + 8, end)) {
    seen++;
    if (!PRINTABLE.test(entry.type)) return `invalid sample entry type in ${path}`;
    // Only entries whose layout we know are looked into: timecode, text and vendor entries of
    // camera MOVs have other fixed fields, and must not be mistaken for damage.
    const visual = VISUAL_ENTRIES.has(entry.type);
    if (!visual && !AUDIO_ENTRIES.has(entry.type)) continue;
    const fields = visual ? VISUAL_ENTRY_FIELDS : AUDIO_ENTRY_FIELDS;
    const version = ((buf[entry.body + 8] ?? 0) << 8) | (buf[entry.body + 9] ?? 0);
    // QuickTime sound descriptions v1/v2 carry 16/36 extra bytes before their child boxes.
    const extra = visual ? 0 : version === 1 ? 16 : version === 2 ? 36 : 0;
    const inner = checkChildren(buf, entry.body + fields + extra, entry.end, `${path}/${entry.type}`);
    if (inner) return inner;
  }
  return seen === count ? null : `${path} declares ${count} entries but holds ${seen}`;
}

/**
 * Null when the moov tree is well formed (after renaming the boxes mp4box misreads to 'free', in
 * the given buffer), otherwise what is wrong with it.
 */
export function prepareMoov(moov: Uint8Array, headerSize: number): string | null {
  closeOpenSize(moov, 0, moov.length);
  return checkChildren(moov, headerSize, moov.length, 'moov');
}
