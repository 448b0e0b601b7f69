// Child processes for multi-process tests and benchmarks: the TikTok emulator's bin, and engine
// workers (test/support/engine-worker-process.ts). Each reports its own peak RSS (VmHWM).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

export interface ChildHandle {
  child: ChildProcess;
  /** Peak resident set size in bytes, read from /proc while the process lives. */
  peakRss(): number;
  /** CPU time used so far (user + system), in seconds, read from /proc while the process lives. */
  cpuSeconds(): number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

function handle(child: ChildProcess): ChildHandle {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    peakRss() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    cpuSeconds() {
      try {
        // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name) are utime and stime in clock ticks.
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        return 0;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves with the first stdout match of `re` (or rejects when the process exits first). */
function waitForLine(child: ChildProcess, re: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

export interface EmulatorProcess extends ChildHandle {
  url: string;
}

/** The emulator bin (built when `npm run build` made it; sources through tsx otherwise). */
export async function startEmulatorProcess(args: readonly string[] = []): Promise<EmulatorProcess> {
  const built = join(REPO_ROOT, 'packages/tiktok-emulator/dist/cli.js');
  const entry = existsSync(built) ? [built] : ['--conditions=tokpost-source', '--import', 'tsx', join(REPO_ROOT, 'packages/tiktok-emulator/src/cli.ts')];
  const child = spawn(process.execPath, [...entry, '--port', '0', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await waitForLine(child, /listening on (http:\/\/\S+)/, 'the emulator');
  return { ...handle(child), url: m[1]! };
}

/** How an engine worker process is set up (passed as JSON in TOKPOST_WORKER_CONFIG). */
export interface WorkerProcessConfig {
  /** PostgreSQL; unset: SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** 64 hex characters. */
  encryptionKey: string;
  tiktokUrl: string;
  redirectUri: string;
  mediaBaseUrl?: string;
  /** A scaled clock shared with the emulator (omitted: the system clock). */
  time?: { originMs: number; anchorRealMs: number; factor: number };
  concurrency?: number;
  pollMs?: number;
  settings?: Record<string, unknown>;
}

export interface WorkerProcess extends ChildHandle {
  /** What the worker printed when it stopped gracefully (its job counts and peak RSS). */
  stats(): Promise<{ completed: number; failed: number; claimed: number; maxRssBytes: number; memory: NodeJS.MemoryUsage } | undefined>;
}

/**
 * An engine worker in its own process, running the built @tokpost/engine. Extra node flags for it
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) come from TOKPOST_WORKER_NODE_ARGS.
 */
export async function startWorkerProcess(config: WorkerProcessConfig): Promise<WorkerProcess> {
  const nodeArgs = (process.env['TOKPOST_WORKER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(REPO_ROOT, 'test/support/engine-worker-process.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, TOKPOST_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitForLine(child, /^worker ready/m, 'the worker');
  const h = handle(child);
  return {
    ...h,
    async stats() {
      await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
      const line = out.split('\n').find((l) => l.startsWith('worker stats '));
      return line ? JSON.parse(line.slice('worker stats '.length)) : undefined;
    },
  };
}
