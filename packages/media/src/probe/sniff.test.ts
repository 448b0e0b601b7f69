import { describe, expect, it } from 'vitest';
import { describeSniffed, extensionFits, sniff } from './sniff.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniff', () => {
  it.each([
    [bytes([0, 0, 0, 32], 'ftypisom'), 'MP4'],
    [bytes([0, 0, 0, 20], 'ftypqt  '), 'QuickTime MOV'],
    [bytes([0, 0, 0, 8], 'wide'), 'QuickTime MOV'],
    [bytes([0, 0, 0, 28], 'ftypM4A '), 'M4A (AAC) audio'],
    [bytes([0, 0, 0, 28], 'ftypheic'), 'HEIF/HEIC image'],
    [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'WebM/Matroska'],
    [bytes([0xff, 0xd8, 0xff, 0xe0]), 'JPEG image'],
    [bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'PNG image'],
    [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'WebP image'],
    [bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'WAV audio'],
    [bytes('ID3', [4, 0]), 'MP3 audio'],
    [bytes('GIF89a'), 'GIF image'],
    [bytes('%PDF-1.7'), 'PDF document'],
    [bytes([0x13, 0x37, 0x00, 0x42, 0x99]), 'unrecognized data'],
    [bytes([]), 'unrecognized data'],
  ])('%#: %s', (head, expected) => {
    expect(describeSniffed(sniff(head))).toBe(expected);
  });

  it('judges extensions by content', () => {
    const png = sniff(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]));
    expect(extensionFits(png, 'png')).toBe(true);
    expect(extensionFits(png, 'mp4')).toBe(false);
    expect(extensionFits(sniff(bytes([0, 0, 0, 20], 'ftypqt  ')), 'mov')).toBe(true);
    expect(extensionFits(sniff(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg')).toBe(true);
  });
});
