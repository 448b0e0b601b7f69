// Runs the `tiktok-emulator` CLI from source in a child process, as another process on the machine
// would (`node --conditions=tokpost-source --import tsx src/cli.ts …`), and collects its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_ARGS = ['--conditions=tokpost-source', '--import', 'tsx', 'packages/tiktok-emulator/src/cli.ts'];

export interface CliRun {
  child: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<number | null>;
}

export interface CliRunner {
  run(args: string[]): CliRun;
  /** Kills every child still running (afterEach). */
  killAll(): void;
}

export function createCliRunner(): CliRunner {
  const children: ChildProcess[] = [];
  return {
    run(args) {
      const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      let err = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, out: () => out, err: () => err, exited };
    },
    killAll() {
      for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}

/** Resolves with the URL once the CLI prints its banner; rejects if it exits first. */
export function listening(p: CliRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(p.out());
      if (m) resolve(m[1]!);
    };
    check();
    p.child.stdout!.on('data', check);
    void p.exited.then((code) => reject(new Error(`CLI exited with ${code} before listening: ${p.err()}`)));
  });
}
