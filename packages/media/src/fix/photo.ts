// Photos: JPEG, at most 1080p, under 20 MB. sharp applies the EXIF orientation first (phones store
// portrait shots as rotated landscape pixels), flattens transparency onto white (JPEG has no
// alpha), and steps the quality down until the file fits.
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { PHOTO_RULES } from '../rules/limits.js';

export interface PhotoFixResult {
  width: number;
  height: number;
  quality: number;
  actions: string[];
}

const QUALITIES = [90, 82, 74, 66, 58, 50, 40];

export async function fixPhoto(input: string, output: string): Promise<PhotoFixResult> {
  const meta = await sharp(input).metadata();
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = (swapped ? meta.height : meta.width) ?? 0;
  const height = (swapped ? meta.width : meta.height) ?? 0;
  const landscape = width >= height;
  const box = landscape
    ? { width: PHOTO_RULES.maxLongSidePx, height: PHOTO_RULES.maxShortSidePx }
    : { width: PHOTO_RULES.maxShortSidePx, height: PHOTO_RULES.maxLongSidePx };
  const actions: string[] = [];
  if (meta.format !== 'jpeg') actions.push(`converted ${meta.format ?? 'image'} → jpeg`);
  for (const quality of QUALITIES) {
    const { data, info } = await sharp(input)
      .rotate()
      .resize({ ...box, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    if (data.length <= PHOTO_RULES.maxBytes || quality === QUALITIES[QUALITIES.length - 1]) {
      if (info.width !== width || info.height !== height) actions.push(`scaled ${width}x${height} → ${info.width}x${info.height}`);
      if (quality !== QUALITIES[0]) actions.push(`JPEG quality lowered to ${quality} to stay under 20 MB`);
      await writeFile(output, data, { flag: 'wx' });
      return { width: info.width, height: info.height, quality, actions };
    }
  }
  throw new Error('unreachable: the last quality step always returns');
}
