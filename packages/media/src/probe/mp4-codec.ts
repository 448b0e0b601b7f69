// Sample-entry fourcc and codec-configuration boxes → the codec and profile names ffprobe prints,
// so a finding like "codec hevc (Main 10)" reads the same as the tool users check it with.
import type { AudioSampleEntry, VisualSampleEntry } from 'mp4box';

const VIDEO_CODECS: Record<string, string> = {
  avc1: 'h264', avc3: 'h264',
  hvc1: 'hevc', hev1: 'hevc',
  vp08: 'vp8', vp09: 'vp9',
  av01: 'av1',
  mp4v: 'mpeg4',
  jpeg: 'mjpeg', mjpa: 'mjpeg',
  apch: 'prores', apcn: 'prores', apcs: 'prores', apco: 'prores', ap4h: 'prores', ap4x: 'prores',
  s263: 'h263', h263: 'h263',
  dvh1: 'hevc', dvhe: 'hevc',
};

const AUDIO_CODECS: Record<string, string> = {
  mp4a: 'aac', Opus: 'opus', opus: 'opus', 'ac-3': 'ac3', 'ec-3': 'eac3', alac: 'alac', fLaC: 'flac',
  samr: 'amr_nb', sawb: 'amr_wb', '.mp3': 'mp3', sowt: 'pcm_s16le', twos: 'pcm_s16be', lpcm: 'pcm', ipcm: 'pcm',
};

export function videoCodecName(fourcc: string): string {
  return VIDEO_CODECS[fourcc] ?? fourcc.trim();
}

export function audioCodecName(entry: AudioSampleEntry | { type: string; getCodec?: () => string }): string {
  // mp4a carries MP3 as well as AAC; the object type in the codec string tells them apart.
  const codec = typeof entry.getCodec === 'function' ? entry.getCodec() : entry.type;
  if (entry.type === 'mp4a' && /^mp4a\.(6b|69)$/i.test(codec)) return 'mp3';
  return AUDIO_CODECS[entry.type] ?? entry.type.trim();
}

// libavcodec's H.264 profile names (constraint_set1 on Baseline, constraint_set3 on the intra
// variants of High 10/4:2:2/4:4:4).
export function h264Profile(idc: number, compat: number): string | null {
  const set1 = (compat & 0x40) !== 0;
  const set3 = (compat & 0x10) !== 0;
  switch (idc) {
    case 66: return set1 ? 'Constrained Baseline' : 'Baseline';
    case 77: return 'Main';
    case 88: return 'Extended';
    case 100: return 'High';
    case 110: return set3 ? 'High 10 Intra' : 'High 10';
    case 122: return set3 ? 'High 4:2:2 Intra' : 'High 4:2:2';
    case 244: return set3 ? 'High 4:4:4 Intra' : 'High 4:4:4 Predictive';
    case 44: return 'CAVLC 4:4:4';
    default: return null;
  }
}

const HEVC_PROFILES: Record<number, string> = { 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Rext' };
const AV1_PROFILES: Record<number, string> = { 0: 'Main', 1: 'High', 2: 'Professional' };

// MPEG-4 Part 2: the profile is the high nibble of profile_and_level_indication in the VOS header
// at the start of the esds decoder-specific info (names as libavcodec prints them).
const MPEG4_PROFILES: Record<number, string> = {
  0: 'Simple Profile', 1: 'Simple Scalable Profile', 2: 'Core Profile', 3: 'Main Profile', 4: 'N-bit Profile', 15: 'Advanced Simple Profile',
};

function mpeg4Profile(entry: VisualSampleEntry): string | null {
  const esds = (entry as VisualSampleEntry & { esds?: { esd?: { findDescriptor(tag: number): { findDescriptor(tag: number): { data?: Uint8Array } | null } | null } } }).esds;
  const vos = esds?.esd?.findDescriptor(4)?.findDescriptor(5)?.data;
  if (!vos || vos.length < 5 || vos[0] !== 0 || vos[1] !== 0 || vos[2] !== 1 || vos[3] !== 0xb0) return null;
  return MPEG4_PROFILES[(vos[4] ?? 0) >> 4] ?? null;
}

export function videoProfile(entry: VisualSampleEntry): string | null {
  if (entry.type === 'mp4v') return mpeg4Profile(entry);
  if (entry.avcC) return h264Profile(entry.avcC.AVCProfileIndication, entry.avcC.profile_compatibility);
  if (entry.hvcC) return HEVC_PROFILES[entry.hvcC.general_profile_idc] ?? null;
  if (entry.vpcC) return entry.type === 'vp08' ? String(entry.vpcC.profile) : `Profile ${entry.vpcC.profile}`;
  if (entry.av1C) return AV1_PROFILES[entry.av1C.seq_profile] ?? null;
  return null;
}

/**
 * Rotation from a track matrix [a b u; c d v; x y w] (16.16), in degrees in [0, 360), with the
 * sign ffprobe uses for its display-matrix side data so the two can be compared directly.
 */
export function rotationFromMatrix(matrix: ArrayLike<number> | undefined): number {
  if (!matrix || matrix.length < 5) return 0;
  const a = (matrix[0] ?? 0) / 65536;
  const b = (matrix[1] ?? 0) / 65536;
  if (a === 0 && b === 0) return 0;
  const deg = -Math.round((Math.atan2(b, a) * 180) / Math.PI);
  const snapped = Math.round(deg / 90) * 90;
  return ((snapped % 360) + 360) % 360;
}
