// Media for the server's tests: multipart bodies built by hand (so the test says exactly what goes
// over the wire), the corpus files the media tests use, and a look into the data folder.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ffmpegFixture, goodMp4, lavfiVideoArgs } from '../../../../test/support/fixtures.js';
import type { Harness } from './harness.js';

export const BOUNDARY = '----tokpost-test-boundary-7f3a';

export interface FormPart {
  name: string;
  /** A file part when given. */
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

export function multipartBody(parts: readonly FormPart[]): { payload: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** A good 720×1280 H.264/AAC clip of 3 s (TikTok's apps want at least 3 s). */
export const goodClip = (): Promise<string> => goodMp4({ seconds: 3 });

/** MPEG-4 Part 2 video, a codec TikTok does not take but a transcode mends. */
export const mpeg4Clip = (seconds = 1): Promise<string> =>
  ffmpegFixture(`server-mpeg4-part2-720x1280-${seconds}s.mp4`, [...lavfiVideoArgs({ width: 720, height: 1280, fps: 30, seconds }), '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'aac']);

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export const readBytes = (path: string): Buffer => readFileSync(path);

/** Files in the media folder (recursively, relative), to show nothing was left behind. */
export function mediaFiles(h: Harness): string[] {
  const dir = join(h.dataDir, 'media');
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

/** Rows of a table in the harness's SQLite database. */
export function countRows(h: Harness, table: 'media_assets' | 'media_uploads' | 'media_fixes'): number {
  const db = new BetterSqlite3(join(h.dataDir, 'tokpost.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
