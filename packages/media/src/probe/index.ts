// probe(path): what a file is, from its bytes, within a fixed read budget. Format probers answer
// the specifics; this module sniffs, routes, and turns every failure (a short file, garbage, a
// parser exception, a budget overrun) into an 'unusable' answer instead of a crash.
import { extname } from 'node:path';
import { openBoundedReader, ReadBudgetExceededError } from '../io/bounded-reader.js';
import { probeImage } from './image.js';
import { probeIsoBmff } from './mp4.js';
import { describeSniffed, extensionFits, sniff, SNIFF_BYTES } from './sniff.js';
import type { SniffedKind } from './sniff.js';
import type { ProbeBody, ProbeResult } from './types.js';
import { probeMatroska } from './webm.js';

export interface ProberOptions {
  /**
   * Most bytes one probe may read. Headers of a long 4 GB video (a moov with 100k+ samples) fit in
   * a few MB; anything needing more is treated as hostile rather than read.
   */
  maxReadBytes?: number;
}

export interface Prober {
  probe(path: string): Promise<ProbeResult>;
}

export const DEFAULT_MAX_READ_BYTES = 32 * 1024 * 1024;

async function probeBody(kind: SniffedKind, reader: Parameters<typeof probeIsoBmff>[0]): Promise<ProbeBody> {
  switch (kind.family) {
    case 'isobmff':
      return probeIsoBmff(reader, kind.brand);
    case 'ebml':
      return probeMatroska(reader);
    case 'image':
      if (kind.format === 'jpeg' || kind.format === 'png' || kind.format === 'webp') return probeImage(reader, kind.format);
      return { kind: 'unusable', reason: 'unsupported-format', detected: describeSniffed(kind), detail: 'TikTok photo posts take JPEG or WebP, and videos MP4, MOV or WebM' };
    case 'audio':
      return { kind: 'unusable', reason: 'audio-only', detected: describeSniffed(kind), detail: 'an audio file has no picture; TikTok posts need a video or photos' };
    case 'other':
      return { kind: 'unusable', reason: 'unsupported-format', detected: kind.detected, detail: 'TikTok accepts MP4, MOV and WebM videos and JPEG or WebP photos' };
    case 'unknown':
      return { kind: 'unusable', reason: 'unrecognized', detected: 'unrecognized data', detail: 'the bytes match no video or image format (random or damaged data)' };
  }
}

export function createProber(options: ProberOptions = {}): Prober {
  const maxBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  return {
    async probe(path) {
      const extension = extname(path).slice(1).toLowerCase();
      const reader = await openBoundedReader(path, { maxBytes });
      try {
        const common = { path, sizeBytes: reader.size, extension };
        if (reader.size === 0) {
          return { ...common, bytesRead: 0, extensionMatches: true, kind: 'unusable', reason: 'empty', detected: 'empty file (0 bytes)', detail: 'the file has no content: an upload or copy probably failed' };
        }
        const kind = sniff(await reader.read(0, SNIFF_BYTES));
        let body: ProbeBody;
        try {
          body = await probeBody(kind, reader);
        } catch (err) {
          const detected = describeSniffed(kind);
          body = err instanceof ReadBudgetExceededError
            ? { kind: 'unusable', reason: 'too-complex', detected, detail: `its headers need more than ${maxBytes} bytes of reading, beyond what a valid upload needs` }
            : { kind: 'unusable', reason: 'corrupt', detected: `${detected} (corrupt)`, detail: `the headers cannot be parsed: ${(err as Error).message}` };
        }
        return { ...common, ...body, bytesRead: reader.bytesRead, extensionMatches: extensionFits(kind, extension) } as ProbeResult;
      } finally {
        await reader.close();
      }
    },
  };
}
