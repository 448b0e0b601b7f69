// Photo inspection from the image's own header bytes: JPEG SOFn, WebP VP8/VP8L/VP8X, PNG IHDR
// and GIF's screen descriptor. Photos are at most 20 MB, so the caller hands over the bytes.

export type PhotoFormat = 'jpeg' | 'webp' | 'png' | 'gif';

export type PhotoInspection =
  | { ok: true; format: PhotoFormat; width: number; height: number; bytes: number }
  | { ok: false; reason: string };

type Size = { width: number; height: number } | string;

export function inspectPhoto(bytes: Uint8Array): PhotoInspection {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  const format = sniff(buf);
  if (!format) return { ok: false, reason: 'not a JPEG, WebP, PNG or GIF image' };
  const size = format === 'jpeg' ? jpegSize(buf) : format === 'webp' ? webpSize(buf) : format === 'png' ? pngSize(buf) : gifSize(buf);
  if (typeof size === 'string') return { ok: false, reason: size };
  if (size.width === 0 || size.height === 0) return { ok: false, reason: `${format} image has no picture size` };
  return { ok: true, format, width: size.width, height: size.height, bytes: buf.length };
}

function sniff(buf: Buffer): PhotoFormat | undefined {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 6 && /^GIF8[79]a$/.test(buf.toString('latin1', 0, 6))) return 'gif';
  return undefined;
}

/**
 * Walks JPEG marker segments to the first start-of-frame. SOF0–SOF15 carry the frame size,
 * except C4 (DHT), C8 (JPG extension) and CC (DAC), which share the range.
 */
function jpegSize(buf: Buffer): Size {
  let pos = 2;
  while (pos + 4 <= buf.length) {
    if (buf[pos] !== 0xff) return 'corrupt JPEG marker stream';
    const marker = buf[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // standalone markers carry no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return 'JPEG has no frame header before its image data';
    const length = buf.readUInt16BE(pos + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (pos + 9 > buf.length) break;
      return { height: buf.readUInt16BE(pos + 5), width: buf.readUInt16BE(pos + 7) };
    }
    pos += 2 + length;
  }
  return 'truncated JPEG';
}

/** WebP: lossy 'VP8 ' (keyframe header), lossless 'VP8L' (14-bit packed sizes), extended 'VP8X' (canvas). */
function webpSize(buf: Buffer): Size {
  if (buf.length < 30) return 'truncated WebP';
  const chunk = buf.toString('latin1', 12, 16);
  const data = 20;
  if (chunk === 'VP8 ') {
    if (buf[data + 3] !== 0x9d || buf[data + 4] !== 0x01 || buf[data + 5] !== 0x2a) return 'WebP VP8 chunk is not a keyframe';
    return { width: buf.readUInt16LE(data + 6) & 0x3fff, height: buf.readUInt16LE(data + 8) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (buf[data] !== 0x2f) return 'WebP VP8L chunk has a bad signature';
    const bits = buf.readUInt32LE(data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: buf.readUIntLE(data + 4, 3) + 1, height: buf.readUIntLE(data + 7, 3) + 1 };
  return `unknown WebP chunk '${chunk}'`;
}

/** PNG: IHDR must be the first chunk; width and height are its first two 32-bit fields. */
function pngSize(buf: Buffer): Size {
  if (buf.length < 24 || buf.toString('latin1', 12, 16) !== 'IHDR') return 'PNG without IHDR';
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function gifSize(buf: Buffer): Size {
  if (buf.length < 10) return 'truncated GIF';
  return { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
}
