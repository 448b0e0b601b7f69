// Hostile media for the fuzz tests (packages/media/test/probe-fuzz.test.ts probes them directly,
// apps/server/test/media-fuzz.test.ts uploads them): MP4/MOV box trees and WebM/Matroska element
// trees whose sizes lie (zero, below the header, 64-bit sizes near 2^64, far past the file's end),
// unknown-size elements, nesting hundreds deep (a "zip bomb" of boxes inside boxes), and, for
// uploads, files cut short in their EBML header, under the wrong magic or under a lying extension.
import fc from 'fast-check';

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, n));
  return b;
};

// ---- MP4: [size u32][type 4cc][largesize u64 when size = 1][payload]
const BOX_TYPES = ['ftyp', 'moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'stts', 'stsz', 'stco', 'co64', 'mvhd', 'tkhd', 'mdhd', 'hdlr', 'mdat', 'moof', 'traf', 'tfhd', 'trun', 'mvex', 'avc1', 'avcC', 'hvc1', 'free', 'udta', 'uuid', 'meta', 'edts', 'elst'];
type SizeLie = 'true' | 'zero' | 'tiny' | 'huge32' | 'large64' | 'past-end';

interface Box {
  type: string;
  lie: SizeLie;
  payload: Buffer;
  children: readonly Box[];
}

function encodeBox(b: Box): Buffer {
  const body = Buffer.concat([b.payload, ...b.children.map(encodeBox)]);
  const type = Buffer.from(b.type.padEnd(4, ' ').slice(0, 4), 'latin1');
  switch (b.lie) {
    case 'true':
      return Buffer.concat([u32(8 + body.length), type, body]);
    case 'zero':
      return Buffer.concat([u32(0), type, body]);
    case 'tiny':
      return Buffer.concat([u32(3), type, body]);
    case 'huge32':
      return Buffer.concat([u32(0xffff_ffff), type, body]);
    case 'large64':
      return Buffer.concat([u32(1), type, u64(0xffff_ffff_ffff_fff0n), body]);
    case 'past-end':
      return Buffer.concat([u32(8 + body.length + 1_000_000), type, body]);
  }
}

const lie = fc.constantFrom<SizeLie>('true', 'true', 'true', 'zero', 'tiny', 'huge32', 'large64', 'past-end');
const boxType = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...BOX_TYPES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 4, maxLength: 4 }) });
const payload = fc.oneof(fc.uint8Array({ maxLength: 48 }).map((a) => Buffer.from(a)), fc.constant(Buffer.alloc(0)), fc.integer({ min: 0, max: 0xffff_ffff }).map(u32));

const boxTree: fc.Arbitrary<Box> = fc.letrec<{ box: Box }>((tie) => ({
  box: fc.record({ type: boxType, lie, payload, children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([]), fc.array(tie('box'), { maxLength: 3 })) }),
})).box;

/** Boxes inside boxes `depth` deep, each claiming to be enormous. */
function nested(depth: number, types: readonly string[], l: SizeLie): Box {
  let inner: Box = { type: 'mdat', lie: 'true', payload: Buffer.alloc(4), children: [] };
  for (let i = 0; i < depth; i++) inner = { type: types[i % types.length]!, lie: i % 3 === 0 ? l : 'true', payload: Buffer.alloc(0), children: [inner] };
  return inner;
}

export const mp4File: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('isom', 'mp42', 'qt  ', 'avc1'), fc.array(boxTree, { maxLength: 4 })).map(([brand, boxes]) => Buffer.concat([encodeBox({ type: 'ftyp', lie: 'true', payload: Buffer.from(`${brand}\0\0\0\0isom`, 'latin1'), children: [] }), ...boxes.map(encodeBox)])) },
  { weight: 2, arbitrary: fc.array(boxTree, { minLength: 1, maxLength: 4 }).map((boxes) => Buffer.concat(boxes.map(encodeBox))) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 600 }), fc.constantFrom(['moov', 'trak'], ['moov', 'trak', 'mdia', 'minf', 'stbl'], ['moof', 'traf']), lie).map(([d, types, l]) => Buffer.concat([encodeBox({ type: 'ftyp', lie: 'true', payload: Buffer.from('isom\0\0\0\0', 'latin1'), children: [] }), encodeBox(nested(d, types, l))])) },
);

// ---- EBML: [id 1-4 bytes][size vint 1-8 bytes][payload]
const EBML_IDS = [0x1a45dfa3, 0x4286, 0x42f7, 0x42f2, 0x42f3, 0x4282, 0x4287, 0x4285, 0x18538067, 0x1549a966, 0x2ad7b1, 0x4489, 0x1654ae6b, 0xae, 0xd7, 0x83, 0x86, 0xe0, 0xb0, 0xba, 0x23e383, 0x1f43b675, 0xe7, 0xa3, 0xa0, 0xa1, 0x1c53bb6b, 0xec];
type VintLie = 'true' | 'unknown' | 'huge' | 'zero' | 'past-end' | 'bad-marker';

interface Element {
  id: number;
  lie: VintLie;
  payload: Buffer;
  children: readonly Element[];
}

function idBytes(id: number): Buffer {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from(bytes.length ? bytes : [0x80]);
}

function vint(n: number, width = 8): Buffer {
  const b = Buffer.alloc(width);
  let v = BigInt(n);
  for (let i = width - 1; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  b[0]! |= 0x80 >> (width - 1);
  return b;
}

function encodeElement(e: Element): Buffer {
  const body = Buffer.concat([e.payload, ...e.children.map(encodeElement)]);
  const size =
    e.lie === 'true'
      ? vint(body.length)
      : e.lie === 'unknown'
        ? Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        : e.lie === 'huge'
          ? Buffer.from([0x01, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe])
          : e.lie === 'zero'
            ? Buffer.from([0x80])
            : e.lie === 'past-end'
              ? vint(body.length + 5_000_000)
              : Buffer.from([0x00, 0x00]);
  return Buffer.concat([idBytes(e.id), size, body]);
}

const vlie = fc.constantFrom<VintLie>('true', 'true', 'true', 'unknown', 'huge', 'zero', 'past-end', 'bad-marker');
const ebmlId = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...EBML_IDS) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0x1fff_ffff }) });
const elementTree: fc.Arbitrary<Element> = fc.letrec<{ el: Element }>((tie) => ({
  el: fc.record({ id: ebmlId, lie: vlie, payload, children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([]), fc.array(tie('el'), { maxLength: 3 })) }),
})).el;

function nestedElements(depth: number, l: VintLie): Element {
  let inner: Element = { id: 0xa3, lie: 'true', payload: Buffer.alloc(6), children: [] };
  for (let i = 0; i < depth; i++) inner = { id: [0x18538067, 0x1f43b675, 0xa0, 0x1654ae6b, 0xae][i % 5]!, lie: i % 4 === 0 ? l : 'true', payload: Buffer.alloc(0), children: [inner] };
  return inner;
}

const header = (docType: string): Element => ({ id: 0x1a45dfa3, lie: 'true', payload: Buffer.alloc(0), children: [{ id: 0x4282, lie: 'true', payload: Buffer.from(docType, 'latin1'), children: [] }] });
export const webmFile: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('webm', 'matroska'), fc.array(elementTree, { maxLength: 4 })).map(([doc, els]) => Buffer.concat([encodeElement(header(doc)), ...els.map(encodeElement)])) },
  { weight: 2, arbitrary: fc.tuple(vlie, fc.array(elementTree, { maxLength: 4 })).map(([l, els]) => Buffer.concat([encodeElement({ ...header('webm'), lie: l }), ...els.map(encodeElement)])) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 600 }), vlie).map(([d, l]) => Buffer.concat([encodeElement(header('webm')), encodeElement(nestedElements(d, l))])) },
);

/** A real EBML header cut anywhere inside its first bytes (a download that stopped early). */
export const truncatedEbml: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom('webm', 'matroska'), fc.nat({ max: 40 }))
  .map(([doc, cut]) => encodeElement({ id: 0x1a45dfa3, lie: 'true', payload: Buffer.alloc(0), children: [{ id: 0x4282, lie: 'true', payload: Buffer.from(doc, 'latin1'), children: [] }, { id: 0x4287, lie: 'true', payload: Buffer.from([4]), children: [] }] }).subarray(0, cut));

/** Bytes under another format's magic, or none: PNG/JPEG/RIFF/ZIP/gzip signatures over junk. */
export const wrongMagic: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom('89504e470d0a1a0a', 'ffd8ffe0', '52494646', '504b0304', '1f8b08', '25504446', '00000000', '000000186674797071742020'), fc.uint8Array({ maxLength: 200 }))
  .map(([magic, junk]) => Buffer.concat([Buffer.from(magic, 'hex'), Buffer.from(junk)]));

export interface MalformedFile {
  bytes: Buffer;
  /** The extension it is uploaded under (sometimes not the one its bytes claim). */
  ext: string;
}

/** Any of the above, under a fitting or a lying extension. */
export const malformedFile: fc.Arbitrary<MalformedFile> = fc
  .tuple(fc.oneof({ weight: 4, arbitrary: mp4File }, { weight: 3, arbitrary: webmFile }, { weight: 1, arbitrary: truncatedEbml }, { weight: 1, arbitrary: wrongMagic }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) }), fc.constantFrom('mp4', 'mov', 'webm', 'mkv', 'jpg', 'png', 'bin', ''))
  .map(([bytes, ext]) => ({ bytes, ext }));
