// What `npm start` has to do before serving: build the web UI bundle when it is missing or older
// than its sources (the server serves apps/web/dist as found at start), and run the CLI from its
// build only when every TypeScript workspace's dist/ is newer than its sources — otherwise from
// the sources through tsx, which starts in seconds where compiling every package takes minutes on
// a small machine. Pure decisions over file times, so they can be tested without building.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The workspaces compiled by `tsc -b`, in the order the CLI depends on them. */
export const TS_WORKSPACES = ['packages/tiktok', 'packages/tiktok-emulator', 'packages/media', 'packages/engine', 'apps/server', 'apps/cli'];

/**
 * Newest modification time (ms) of the files under `path` (a file or a folder, walked), or 0 when
 * there are none. Folders' own times do not count: a checkout or a copy sets them to its moment.
 */
export function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Modification time (ms) of one file, or undefined when it does not exist. */
function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether `output` exists and is at least as new as every one of `inputs`. */
export function isFresh(output, inputs) {
  const built = mtimeOf(output);
  if (built === undefined) return false;
  return inputs.every((input) => newestMtime(input) <= built);
}

/**
 * `{ buildWeb, runFrom, stale }` for the repository at `root`: buildWeb when apps/web/dist is
 * missing or stale; runFrom 'dist' or 'source'; stale names the workspaces whose build is missing
 * or older than their sources.
 */
export function planStart(root) {
  const web = join(root, 'apps/web');
  const buildWeb = !isFresh(join(web, 'dist/index.html'), ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((f) => join(web, f)));
  const stale = TS_WORKSPACES.filter((ws) => {
    const dir = join(root, ws);
    return !isFresh(join(dir, 'dist/.tsbuildinfo'), [join(dir, 'src'), join(dir, 'tsconfig.json'), join(dir, 'package.json'), join(root, 'tsconfig.base.json')]);
  });
  return { buildWeb, runFrom: stale.length === 0 ? 'dist' : 'source', stale };
}
