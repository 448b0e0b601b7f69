// Entry point for video inspection: sniff the container from the first bytes (never the file
// name or Content-Type, which clients get wrong), then hand the open file to the matching reader.
// Every structural problem becomes `{ ok: false, reason }`; only I/O errors (missing file) throw.
import { MediaFormatError, withFile } from './file-reader.js';
import type { RandomAccessFile } from './file-reader.js';
import { inspectMp4 } from './inspect-mp4.js';
import { inspectWebm } from './inspect-webm.js';
import type { VideoInspection } from './video-inspection.js';

/** Box types that may open an ISO BMFF / QuickTime file (old QuickTime has no ftyp). */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

const IMAGE_SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
];

export async function inspectVideo(path: string): Promise<VideoInspection> {
  return withFile(path, async (file) => {
    try {
      return await inspectOpenFile(file);
    } catch (error) {
      if (error instanceof MediaFormatError) return { ok: false, reason: error.message };
      throw error;
    }
  });
}

async function inspectOpenFile(file: RandomAccessFile): Promise<VideoInspection> {
  if (file.size === 0) return { ok: false, reason: 'empty file' };
  const head = await file.read(0, 16);
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return inspectWebm(file);
  if (head.length >= 8 && FIRST_BOXES.has(head.toString('latin1', 4, 8))) return inspectMp4(file);
  const image = IMAGE_SIGNATURES.find(([, sig]) => sig.every((byte, i) => head[i] === byte));
  if (image) return { ok: false, reason: `${image[0]}, not a video` };
  return { ok: false, reason: 'not an MP4, MOV or WebM file' };
}
