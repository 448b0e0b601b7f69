// Every byte the probers look at goes through here. The budget is what keeps probing cheap and
// safe on hostile input: a 1 GiB video must be answered from its headers, and a corrupt box size
// must never make us slurp the whole file into memory.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export class ReadBudgetExceededError extends Error {
  readonly code = 'ERR_READ_BUDGET';
  constructor(readonly budget: number, readonly requested: number) {
    super(`probe would read more than its budget of ${budget} bytes (asked for ${requested} more)`);
    this.name = 'ReadBudgetExceededError';
  }
}

export interface BoundedReader {
  /** File size in bytes at open time. */
  readonly size: number;
  /** Bytes actually read from disk so far. */
  readonly bytesRead: number;
  /** Reads up to `length` bytes at `offset`; shorter only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface BoundedReaderOptions {
  /** Hard ceiling on bytes read over the reader's lifetime. */
  maxBytes: number;
}

export async function openBoundedReader(path: string, options: BoundedReaderOptions): Promise<BoundedReader> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return createBoundedReader(handle, size, options);
  } catch (err) {
    await handle.close();
    throw err;
  }
}

function createBoundedReader(handle: FileHandle, size: number, { maxBytes }: BoundedReaderOptions): BoundedReader {
  let bytesRead = 0;
  return {
    size,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      if (want === 0) return new Uint8Array(0);
      if (bytesRead + want > maxBytes) throw new ReadBudgetExceededError(maxBytes, want);
      const buf = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const { bytesRead: n } = await handle.read(buf, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      bytesRead += got;
      return got === want ? buf : buf.subarray(0, got);
    },
    close: () => handle.close(),
  };
}

