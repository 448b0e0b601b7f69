import { describe, expect, it } from 'vitest';
import { planChunks } from './chunk-plan.js';
import { containerFromFileName, sniffContainer } from './content-type.js';
import { confirmedBytesFromContentRange } from './uploader.js';

describe('confirmedBytesFromContentRange', () => {
  const plan = planChunks(50_000_123, { chunkSize: 10_000_000 });

  it('reads progress at chunk boundaries under either reading of the range end', () => {
    expect(confirmedBytesFromContentRange('bytes 0-9999999/50000123', plan)).toBe(10_000_000);
    expect(confirmedBytesFromContentRange('bytes 0-10000000/50000123', plan)).toBe(10_000_000);
    expect(confirmedBytesFromContentRange('bytes 0-50000122/50000123', plan)).toBe(50_000_123);
    expect(confirmedBytesFromContentRange('bytes 0-0/50000123', plan)).toBe(0);
  });

  it('uses the inclusive reading off boundaries and ignores foreign or malformed ranges', () => {
    expect(confirmedBytesFromContentRange('bytes 0-12344/50000123', plan)).toBe(12_345);
    expect(confirmedBytesFromContentRange('bytes 0-9999999/123', plan)).toBeUndefined();
    expect(confirmedBytesFromContentRange('bytes */50000123', plan)).toBeUndefined();
    expect(confirmedBytesFromContentRange(null, plan)).toBeUndefined();
  });
});

describe('container detection', () => {
  const box = (type: string, brand = 'isom') => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(type + brand, 'latin1')]);
  it('sniffs MP4, QuickTime and WebM from the first bytes', () => {
    expect(sniffContainer(box('ftyp'))).toBe('mp4');
    expect(sniffContainer(box('ftyp', 'qt  '))).toBe('mov');
    expect(sniffContainer(box('moov', ''))).toBe('mov');
    expect(sniffContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2]))).toBe('webm');
    expect(sniffContainer(Buffer.from('hello world!'))).toBeUndefined();
  });
  it('falls back on the file extension', () => {
    expect(['a.MP4', 'b.m4v', 'c.mov', 'd.webm', 'e.avi'].map(containerFromFileName)).toEqual(['mp4', 'mp4', 'mov', 'webm', undefined]);
  });
});
