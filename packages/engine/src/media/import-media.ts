// Media imported from a URL a user gives (POST /api/media/import): fetched under url-import.ts's
// rules (public addresses only unless a range is allowed, every redirect checked, size and time
// bounded) into the media folder's uploads/ as a temp file, then registered like an upload (probe +
// findings). A refused or failed import leaves neither a file nor a row behind.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineDeps } from '../engine-deps.js';
import { registerMedia } from './register-media.js';
import { mediaDirOf } from './uploads-service.js';
import { importFromUrl, type UrlImportOptions } from './url-import.js';
import { viewMedia, type MediaView } from './media-view.js';

export interface ImportMediaInput extends UrlImportOptions {
  url: string;
}

const EXTENSIONS: Record<string, string> = {
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'video/webm': '.webm',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
};

/** The extension the probe compares the bytes with: the final URL's, else the content type's. */
function extensionOf(finalUrl: string, contentType: string | undefined): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(new URL(finalUrl).pathname);
  if (m) return `.${m[1]!.toLowerCase()}`;
  return EXTENSIONS[(contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()] ?? '';
}

export function createMediaImport(deps: EngineDeps): (input: ImportMediaInput) => Promise<MediaView> {
  return async ({ url, ...options }) => {
    const dir = mediaDirOf(deps);
    const id = deps.ids.next('upl');
    await mkdir(join(dir, 'uploads'), { recursive: true });
    const temp = join(dir, 'uploads', `${id}.part`);
    // importFromUrl removes the temp file itself when it refuses or fails.
    const file = await importFromUrl(url, temp, options);
    const final = join(dir, `${id}${extensionOf(file.finalUrl, file.contentType)}`);
    try {
      await rename(temp, final);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    try {
      return viewMedia(await registerMedia(deps.store, { ids: deps.ids, now: deps.clock.now() }, { path: final }));
    } catch (e) {
      await rm(final, { force: true });
      throw e;
    }
  };
}
