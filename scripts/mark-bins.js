// After a build, make every workspace bin executable: npm links bins at install time, before
// `dist/` exists on a fresh clone, so the mode has to be set once the files are there.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
  for (const bin of Object.values(pkg.bin ?? {})) {
    const file = join(root, ws, bin);
    if (existsSync(file)) chmodSync(file, 0o755);
  }
}
