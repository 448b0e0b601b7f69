import { describe, expect, it } from 'vitest';
import { parseContentRange, parseRange } from './media-range.js';

describe('parseRange', () => {
  const size = 1_000;

  it('sends the whole file without a Range header', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
  });

  it('reads a closed range, clamping its end to the file', () => {
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=500-500', size)).toEqual({ kind: 'partial', start: 500, end: 500 });
    expect(parseRange('bytes=900-5000', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange(' Bytes = 10 - 19 ', size)).toEqual({ kind: 'partial', start: 10, end: 19 });
  });

  it('reads an open range to the end', () => {
    expect(parseRange('bytes=990-', size)).toEqual({ kind: 'partial', start: 990, end: 999 });
    expect(parseRange('bytes=0-', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('reads a suffix range, the whole file when it asks for more than there is', () => {
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('is unsatisfiable past the end, for an empty suffix, and on an empty file', () => {
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=1000-1999', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores what it cannot read, and several ranges, by sending the whole file', () => {
    for (const header of ['', 'bytes', 'bytes=', 'items=0-9', 'bytes=a-b', 'bytes=5-1', 'bytes=0-9,20-29', 'bytes=1-2-3', 'bytes=-', 'bytes=0x10-', 'bytes=99999999999999999-']) {
      expect(parseRange(header, size), header).toEqual({ kind: 'full' });
    }
  });
});

describe('parseContentRange', () => {
  it('reads bytes a-b/size', () => {
    expect(parseContentRange('bytes 0-1023/4096')).toEqual({ offset: 0, length: 1024, total: 4096 });
    expect(parseContentRange('bytes 4095-4095/4096')).toEqual({ offset: 4095, length: 1, total: 4096 });
    expect(parseContentRange('bytes 4294967296-4294967297/5000000000')).toEqual({ offset: 4_294_967_296, length: 2, total: 5_000_000_000 });
  });

  it('refuses anything else', () => {
    for (const header of [undefined, '', 'bytes 0-1023/*', 'bytes */4096', 'bytes 10-5/4096', 'bytes 0-4096/4096', 'bytes=0-10/20', 'items 0-1/2', 'bytes 0-1']) {
      expect(parseContentRange(header), String(header)).toBeUndefined();
    }
  });
});
