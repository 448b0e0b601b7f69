// Local types for `ebml` 3 (the package ships none); only what the WebM prober uses.
declare module 'ebml' {
  import { Transform } from 'node:stream';

  export interface EbmlTagInfo {
    name: string;
    type: 'm' | 'u' | 'i' | 'f' | 's' | '8' | 'd' | 'b' | undefined;
    tagStr: string;
    dataSize: number;
    value?: number | string;
    data?: Uint8Array;
  }

  export type EbmlChunk = ['start' | 'end' | 'tag', EbmlTagInfo];

  export class Decoder extends Transform {
    constructor(options?: object);
  }
}
