// The Content-Type of a chunk PUT must name the container: video/mp4, video/quicktime or
// video/webm (docs/tiktok-api.md §5.5). The file's first bytes decide (an .mp4 name on a QuickTime file is
// common); the extension is the fallback.
import { UPLOAD_CONTENT_TYPES } from '../contract/index.js';
import type { UploadContainer } from '../contract/index.js';

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Recognises ISO-BMFF (`ftyp` brand `qt  ` → mov, others → mp4), classic QuickTime atoms, and EBML/WebM. */
export function sniffContainer(head: Uint8Array): UploadContainer | undefined {
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (head.length >= 8) {
    const box = ascii(head, 4, 8);
    if (box === 'ftyp') return head.length >= 12 && ascii(head, 8, 12) === 'qt  ' ? 'mov' : 'mp4';
    // QuickTime files written without an ftyp box start directly with these atoms.
    if (box === 'moov' || box === 'mdat' || box === 'wide' || box === 'free' || box === 'skip') return 'mov';
  }
  return undefined;
}

export function containerFromFileName(name: string): UploadContainer | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'mp4' || ext === 'm4v') return 'mp4';
  if (ext === 'mov' || ext === 'qt') return 'mov';
  if (ext === 'webm') return 'webm';
  return undefined;
}

export function contentTypeFor(container: UploadContainer): string {
  return UPLOAD_CONTENT_TYPES[container];
}
