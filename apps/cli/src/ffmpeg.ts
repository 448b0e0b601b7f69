// Which ffmpeg `tokpost fix` and the doctor's test clip use: the system's (on the PATH) when there
// is one, else the binary shipped in the @ffmpeg-installer/ffmpeg package when it is installed.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface FfmpegLocation {
  path: string;
  source: 'system' | 'bundled';
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function locateFfmpeg(env: Record<string, string | undefined>): Promise<FfmpegLocation | undefined> {
  const system = onPath(process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg', env['PATH']);
  if (system) return { path: system, source: 'system' };
  // A specifier in a variable: the package is optional and may not be installed.
  const bundledPackage = '@ffmpeg-installer/ffmpeg';
  try {
    const mod = (await import(bundledPackage)) as { default?: { path?: string }; path?: string };
    const path = mod.default?.path ?? mod.path;
    if (path) return { path, source: 'bundled' };
  } catch {
    // not installed
  }
  return undefined;
}
