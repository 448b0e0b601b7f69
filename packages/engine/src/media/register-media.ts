// Registering a media file: probe it (@tokpost/media), check it against TikTok's rules, hash it,
// and store the result. Findings travel with the asset so scheduling can warn and publishing can
// hold a file TikTok would reject.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { check, createProber, type ProbeResult } from '@tokpost/media';
import type { Repos } from '../domain/store-port.js';
import type { MediaAsset } from '../domain/types.js';
import type { IdFactory } from '../ids.js';

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  png: 'image/png',
};

function contentTypeOf(p: ProbeResult): string | null {
  if (p.kind === 'video') return CONTENT_TYPES[p.container] ?? null;
  if (p.kind === 'photo') return CONTENT_TYPES[p.format] ?? null;
  return null;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

export interface RegisterMediaInput {
  path: string;
  /** What the file is meant to be posted as (default: what its extension says). */
  postAs?: 'video' | 'photo';
}

export async function registerMedia(store: Pick<Repos, 'media'>, deps: { ids: IdFactory; now: number }, input: RegisterMediaInput): Promise<MediaAsset> {
  const st = await stat(input.path);
  if (!st.isFile()) throw new Error(`${input.path} is not a file`);
  const prober = createProber();
  const [probe, sha256] = await Promise.all([prober.probe(input.path), sha256File(input.path)]);
  const findings = check(probe, input.postAs ? { postAs: input.postAs } : {});
  const asset: MediaAsset = {
    id: deps.ids.next('med'),
    path: input.path,
    sizeBytes: st.size,
    sha256,
    kind: probe.kind,
    contentType: contentTypeOf(probe),
    probe,
    findings,
    createdAt: deps.now,
  };
  await store.media.insert(asset);
  return asset;
}
