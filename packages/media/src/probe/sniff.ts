// Identify a file by its first bytes, never by its name: users rename files, and TikTok decodes
// what is inside, so `holiday.mp4` that is really a PNG must be called a PNG.

export type SniffedKind =
  | { family: 'isobmff'; brand: string | null }
  | { family: 'ebml' }
  | { family: 'image'; format: 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'bmp' | 'tiff' }
  | { family: 'audio'; format: 'mp3' | 'wav' | 'ogg' | 'flac' | 'm4a' }
  | { family: 'other'; detected: string }
  | { family: 'unknown' };

/** Bytes sniff() wants to see; shorter input is fine (it just knows less). */
export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

// Box types QuickTime files may open with when they predate the `ftyp` box.
const QT_LEADING_BOXES = new Set(['moov', 'mdat', 'free', 'wide', 'skip', 'pnot']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis', 'avif']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'F4A ']);

export function sniff(head: Uint8Array): SniffedKind {
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (HEIF_BRANDS.has(brand)) return { family: 'image', format: 'heic' };
    if (AUDIO_BRANDS.has(brand)) return { family: 'audio', format: 'm4a' };
    return { family: 'isobmff', brand };
  }
  if (head.length >= 8 && QT_LEADING_BOXES.has(ascii(head, 4, 8))) return { family: 'isobmff', brand: null };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { family: 'ebml' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { family: 'image', format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { family: 'image', format: 'png' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { family: 'image', format: 'webp' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return { family: 'audio', format: 'wav' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI ') return { family: 'other', detected: 'AVI video' };
  if (ascii(head, 0, 3) === 'GIF') return { family: 'image', format: 'gif' };
  if (ascii(head, 0, 2) === 'BM') return { family: 'image', format: 'bmp' };
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return { family: 'image', format: 'tiff' };
  if (ascii(head, 0, 4) === 'OggS') return { family: 'audio', format: 'ogg' };
  if (ascii(head, 0, 4) === 'fLaC') return { family: 'audio', format: 'flac' };
  if (ascii(head, 0, 3) === 'ID3' || (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe6) === 0xe2)) {
    return { family: 'audio', format: 'mp3' };
  }
  if (ascii(head, 0, 5) === '%PDF-') return { family: 'other', detected: 'PDF document' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { family: 'other', detected: 'ZIP archive' };
  return { family: 'unknown' };
}

const IMAGE_NAMES = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', heic: 'HEIF/HEIC', bmp: 'BMP', tiff: 'TIFF' } as const;
const AUDIO_NAMES = { mp3: 'MP3', wav: 'WAV', ogg: 'Ogg', flac: 'FLAC', m4a: 'M4A (AAC)' } as const;

export function describeSniffed(kind: SniffedKind): string {
  switch (kind.family) {
    case 'isobmff':
      return kind.brand === 'qt  ' || kind.brand === null ? 'QuickTime MOV' : 'MP4';
    case 'ebml':
      return 'WebM/Matroska';
    case 'image':
      return `${IMAGE_NAMES[kind.format]} image`;
    case 'audio':
      return `${AUDIO_NAMES[kind.format]} audio`;
    case 'other':
      return kind.detected;
    case 'unknown':
      return 'unrecognized data';
  }
}

/** Extensions that honestly describe each family (a `.m4v` MP4 is fine, a `.mp4` PNG is not). */
export function extensionFits(kind: SniffedKind, ext: string): boolean {
  switch (kind.family) {
    case 'isobmff':
      return ['mp4', 'm4v', 'mov', 'qt', '3gp'].includes(ext);
    case 'ebml':
      return ['webm', 'mkv'].includes(ext);
    case 'image':
      if (kind.format === 'jpeg') return ['jpg', 'jpeg', 'jfif'].includes(ext);
      if (kind.format === 'tiff') return ['tif', 'tiff'].includes(ext);
      if (kind.format === 'heic') return ['heic', 'heif', 'avif'].includes(ext);
      return ext === kind.format;
    case 'audio':
      return ext === kind.format || (kind.format === 'ogg' && ['oga', 'opus'].includes(ext));
    default:
      return true;
  }
}
