#!/usr/bin/env node
// The `tokpost` bin. npm links bins when it installs, before anything is built, so this file is
// committed: it runs the built CLI (dist/cli.js) when there is one, and otherwise the TypeScript
// source through tsx, with the workspace packages resolved to their sources too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(built)) {
  await import(new URL('../dist/cli.js', import.meta.url).href);
} else {
  const source = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=tokpost-source', '--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
