// Photo dimensions from the format headers: PNG IHDR, WebP's VP8/VP8L/VP8X chunk, JPEG's SOF
// segment. JPEG needs a short marker walk because EXIF/ICC segments (up to 64 KB each) come first;
// we hop over them by their length fields instead of reading them.
import type { BoundedReader } from '../io/bounded-reader.js';
import { readUint32 } from './box-walker.js';
import type { PhotoFormat, ProbeBody } from './types.js';

const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);

// Start-of-frame markers carry the picture size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const MAX_JPEG_SEGMENTS = 512;

function photo(format: PhotoFormat, width: number, height: number): ProbeBody {
  if (width > 0 && height > 0) return { kind: 'photo', format, width, height };
  return { kind: 'unusable', reason: 'corrupt', detected: `${format.toUpperCase()} image (corrupt)`, detail: 'the image header gives no picture size' };
}

const truncated = (name: string): ProbeBody => ({
  kind: 'unusable', reason: 'truncated', detected: `${name} image (truncated)`, detail: 'the file ends before the image header is complete',
});

async function jpegSize(reader: BoundedReader): Promise<ProbeBody> {
  let at = 2;
  for (let i = 0; i < MAX_JPEG_SEGMENTS && at + 4 <= reader.size; i++) {
    const b = await reader.read(at, 10);
    if (b[0] !== 0xff) return { kind: 'unusable', reason: 'corrupt', detected: 'JPEG image (corrupt)', detail: `no JPEG marker at byte ${at}` };
    const marker = b[1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (SOF.has(marker)) {
      if (b.length < 9) return truncated('JPEG');
      return photo('jpeg', u16be(b, 7), u16be(b, 5));
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image / start of scan before any frame header
    at += 2 + u16be(b, 2);
  }
  return at + 4 > reader.size ? truncated('JPEG') : { kind: 'unusable', reason: 'corrupt', detected: 'JPEG image (corrupt)', detail: 'no frame header (SOF) found' };
}

async function pngSize(reader: BoundedReader): Promise<ProbeBody> {
  const b = await reader.read(0, 24);
  if (b.length < 24) return truncated('PNG');
  if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return { kind: 'unusable', reason: 'corrupt', detected: 'PNG image (corrupt)', detail: 'the first chunk is not IHDR' };
  return photo('png', readUint32(b, 16), readUint32(b, 20));
}

async function webpSize(reader: BoundedReader): Promise<ProbeBody> {
  const b = await reader.read(0, 30);
  if (b.length < 30) return truncated('WebP');
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  if (chunk === 'VP8 ') return photo('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return photo('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return photo('webp', u24le(b, 24) + 1, u24le(b, 27) + 1);
  return { kind: 'unusable', reason: 'corrupt', detected: 'WebP image (corrupt)', detail: `unknown WebP chunk '${chunk}'` };
}

export function probeImage(reader: BoundedReader, format: PhotoFormat): Promise<ProbeBody> {
  if (format === 'jpeg') return jpegSize(reader);
  if (format === 'png') return pngSize(reader);
  return webpSize(reader);
}
