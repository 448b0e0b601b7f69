// The tokpost processes of a chaos run: `tokpost serve --no-worker` and `tokpost worker`, each the
// real CLI (from source, so the run tests the code in the tree) configured only through its
// environment, with every line it prints kept for the secrets scan.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixtures.js';

export interface TokpostProcess {
  name: string;
  child: ChildProcess;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  exited(): boolean;
}

const CLI = join(REPO_ROOT, 'apps/cli/src/cli.ts');

/**
 * The line a process prints once it runs: serve's summary (`{"ui": …}`) or a worker's "tokpost
 * started". Not "tokpost starting", which comes before the database is open: a start that meets
 * the PostgreSQL cut exits after it, and must count as a failed start the run retries.
 */
function isRunningLine(line: string): boolean {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return typeof o['ui'] === 'string' || o['msg'] === 'tokpost started';
  } catch {
    return false;
  }
}

/**
 * Starts `tokpost <args>` and resolves once it says it runs (serve: its JSON banner on stdout;
 * worker: its JSON line on stderr). Every output line goes to `onLine`.
 */
export function startTokpost(name: string, args: readonly string[], env: Record<string, string>, onLine: (source: string, line: string) => void): Promise<TokpostProcess> {
  const child = spawn(process.execPath, ['--conditions=tokpost-source', '--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const handle: TokpostProcess = {
    name,
    child,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async kill() {
      if (!handle.exited()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!handle.exited()) child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    const lines = (source: string) => {
      let buf = '';
      return (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        for (const line of parts) {
          onLine(`${name} ${source}`, line);
          if (!ready && isRunningLine(line)) {
            ready = true;
            resolve(handle);
          }
        }
      };
    };
    child.stdout!.on('data', lines('stdout'));
    child.stderr!.on('data', lines('stderr'));
    child.once('exit', (code, signal) => {
      // Every exit is on record (a SIGKILL the plan sent, or a crash the run must explain).
      onLine(`${name} exit`, `exited (${code ?? signal})`);
      if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was running`));
    });
  });
}
