// `npm start`: `tokpost serve` on a fresh clone within seconds. Builds the web UI bundle only when
// it is missing or stale, and runs the CLI from its build when that is up to date, else from the
// TypeScript sources (scripts/start-plan.js decides). Arguments after `npm start --` go to serve.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planStart } from './start-plan.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plan = planStart(root);

if (plan.buildWeb) {
  process.stderr.write('Building the web UI (apps/web/dist is missing or older than its sources)…\n');
  const npm = process.env.npm_execpath;
  const build = npm ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent', '-w', '@tokpost/web'], { cwd: root, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build', '--silent', '-w', '@tokpost/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const serve = ['serve', ...process.argv.slice(2)];
const args =
  plan.runFrom === 'dist'
    ? [join(root, 'apps/cli/bin/tokpost.js'), ...serve]
    : ['--conditions=tokpost-source', '--import', import.meta.resolve('tsx'), join(root, 'apps/cli/src/cli.ts'), ...serve];
if (plan.runFrom === 'source') process.stderr.write(`Running tokpost from its TypeScript sources (no up-to-date build of ${plan.stale.join(', ')}; \`npm run build\` makes one).\n`);
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  // Die of the same signal, so whoever started npm sees how serve ended.
  process.removeAllListeners(signal ?? 'SIGTERM');
  process.kill(process.pid, signal ?? 'SIGTERM');
});
