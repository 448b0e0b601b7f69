// Positional reads over an open file. The emulator receives uploads of up to 4 GB, so inspectors
// never load a whole video: they read box/element headers and the few payloads they need.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Largest single metadata payload an inspector will read into memory (moov children, Tracks…). */
export const MAX_METADATA_READ = 16 * 1024 * 1024;

export interface RandomAccessFile {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; shorter at EOF, empty past it. */
  read(offset: number, length: number): Promise<Buffer>;
}

export async function withFile<T>(path: string, fn: (file: RandomAccessFile) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await fn({ size, read: (offset, length) => readAt(handle, size, offset, length) });
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, size: number, offset: number, length: number): Promise<Buffer> {
  const n = Math.max(0, Math.min(length, size - offset));
  if (n === 0) return Buffer.alloc(0);
  const buf = Buffer.alloc(n);
  let done = 0;
  while (done < n) {
    const { bytesRead } = await handle.read(buf, done, n - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === n ? buf : buf.subarray(0, done);
}

/** Thrown by the readers for any structural problem; the inspector turns it into `{ ok: false }`. */
export class MediaFormatError extends Error {
  override readonly name = 'MediaFormatError';
}
