// Which ffmpeg/ffprobe tokpost runs (docs/media.md, "ffmpeg resolution"), in this order:
//   1. configured: a path the operator gave (ffprobe next to it when one is there);
//   2. system: `ffmpeg` and `ffprobe` on the PATH (Debian's package, Homebrew's…);
//   3. bundled: the static binaries inside @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe,
//      so a machine without ffmpeg still fixes videos and runs the test suite.
// The answer says which one won, so the server can log it at start and a person knows what made a
// file. Nothing found is an ERR_FFMPEG_NOT_FOUND that says how to install one.
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { FixError } from '../fix/errors.js';

export type FfmpegSource = 'configured' | 'system' | 'bundled';

export interface FfmpegResolution {
  ffmpeg: string;
  ffprobe: string;
  source: FfmpegSource;
}

export interface ResolveFfmpegOptions {
  /** An ffmpeg binary chosen by the operator (a path, or a command name looked up on the PATH). */
  configured?: string | undefined;
  /**
   * The search path (the PATH variable's value). Defaults to this process's PATH: the same lookup
   * the OS makes when spawning `ffmpeg` by name.
   */
  searchPath?: string | undefined;
  /** The bundled binaries; from the installer packages by default (tests replace it). */
  bundled?: (() => { ffmpeg: string; ffprobe: string } | undefined) | undefined;
  platform?: NodeJS.Platform;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const exeName = (name: string, platform: NodeJS.Platform): string => (platform === 'win32' && !name.toLowerCase().endsWith('.exe') ? `${name}.exe` : name);

/** The first executable `name` on the search path, or undefined. */
export function findOnPath(name: string, searchPath: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!searchPath) return undefined;
  for (const dir of searchPath.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exeName(name, platform));
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

const require = createRequire(import.meta.url);

/**
 * The installer packages' binaries. npm may skip their postinstall (`chmod u+x`), so a binary that
 * is there but not executable is made executable once.
 */
export function bundledBinaries(): { ffmpeg: string; ffprobe: string } | undefined {
  try {
    const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
    for (const p of [ffmpeg, ffprobe]) {
      if (!isExecutable(p)) chmodSync(p, 0o755);
    }
    return isExecutable(ffmpeg) && isExecutable(ffprobe) ? { ffmpeg, ffprobe } : undefined;
  } catch {
    // Unsupported platform (the packages throw a string), or the packages were not installed.
    return undefined;
  }
}

function notFound(tried: string): FixError {
  return new FixError(
    'ERR_FFMPEG_NOT_FOUND',
    `ffmpeg was not found (${tried}). Video fixes need it: on Debian/Ubuntu run 'sudo apt-get install -y ffmpeg', ` +
      "on macOS 'brew install ffmpeg', on Windows 'winget install ffmpeg'; or reinstall tokpost's dependencies " +
      '(npm install) so the bundled @ffmpeg-installer/ffmpeg binary is there.',
  );
}

export function resolveFfmpeg(o: ResolveFfmpegOptions = {}): FfmpegResolution {
  const platform = o.platform ?? process.platform;
  const searchPath = 'searchPath' in o ? o.searchPath : process.env['PATH'];
  const bundled = o.bundled ?? bundledBinaries;

  if (o.configured) {
    const ffmpeg = isAbsolute(o.configured) || o.configured.includes('/') ? o.configured : findOnPath(o.configured, searchPath, platform);
    if (!ffmpeg || !isExecutable(ffmpeg)) throw notFound(`the configured ffmpeg '${o.configured}' is not an executable file`);
    // The ffprobe of the same installation when there is one; otherwise the best other one.
    const sibling = join(dirname(ffmpeg), exeName('ffprobe', platform));
    const ffprobe = isExecutable(sibling) ? sibling : (findOnPath('ffprobe', searchPath, platform) ?? bundled()?.ffprobe);
    if (!ffprobe) throw notFound(`no ffprobe next to the configured ${ffmpeg}, on the PATH or bundled`);
    return { ffmpeg, ffprobe, source: 'configured' };
  }

  const systemFfmpeg = findOnPath('ffmpeg', searchPath, platform);
  const systemFfprobe = findOnPath('ffprobe', searchPath, platform);
  if (systemFfmpeg && systemFfprobe) return { ffmpeg: systemFfmpeg, ffprobe: systemFfprobe, source: 'system' };

  const b = bundled();
  if (b) return { ...b, source: 'bundled' };
  throw notFound('none configured, none on the PATH, and no bundled binary for this platform');
}

/** One line for a start-up log: which ffmpeg runs and where it came from. */
export function describeFfmpeg(r: FfmpegResolution): string {
  const from: Record<FfmpegSource, string> = {
    configured: 'as configured',
    system: 'from the PATH',
    bundled: 'bundled with tokpost (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe)',
  };
  return `ffmpeg: ${r.ffmpeg} and ffprobe: ${r.ffprobe}, ${from[r.source]}`;
}
