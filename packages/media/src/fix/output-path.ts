// Fixed files go next to the original (or into outDir) under a new name; the original is never
// touched, and an existing file is never overwritten: we count up until a name is free.
import { access } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function freeOutputPath(input: string, ext: string, outDir?: string): Promise<string> {
  const dir = outDir ?? dirname(input);
  const stem = basename(input, extname(input));
  const original = resolve(input);
  for (let n = 0; n < 10_000; n++) {
    const candidate = join(dir, `${stem}.tiktok${n === 0 ? '' : `-${n}`}.${ext}`);
    if (resolve(candidate) !== original && !(await exists(candidate)) && !(await exists(`${candidate}.partial`))) return candidate;
  }
  throw new Error(`no free output name for ${input} in ${dir}`);
}
