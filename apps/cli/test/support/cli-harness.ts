// The real `tokpost` binary (node apps/cli/bin/tokpost.js) against a real server: startTokpost on
// a free port over a temp data folder, TikTok played by the emulator over HTTP, one API key. The
// child gets a clean environment (PATH and HOME only, plus what a test gives), so nothing from the
// machine's TOKPOST_* settings leaks in.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccountView } from '@tokpost/engine';
import { loadConfig, resolvePort, startTokpost, type Tokpost } from '@tokpost/server';
import { createEmulator, type Emulator } from '@tokpost/tiktok-emulator';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const BIN = join(REPO_ROOT, 'apps/cli/bin/tokpost.js');
export const APP_KEY = 'cli_test_client_key';
export const APP_SECRET = 'cli-test-secret-never-printed-5d2e';
export const ENCRYPTION_KEY = '3'.repeat(64);
const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), NO_COLOR: '1', ...extra };
}

/** Runs `node bin/tokpost.js …args` to its end. */
export function tokpost(args: readonly string[], o: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: baseEnv(o.env), cwd: o.cwd ?? REPO_ROOT, timeout: o.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** `npm start`'s script: builds what is stale, then `tokpost serve` with its arguments. */
export const START_SCRIPT = join(REPO_ROOT, 'scripts/start.js');

/** A long-running `tokpost …` (serve), or another entry such as START_SCRIPT: resolves once stdout holds `ready`. */
export function spawnTokpost(args: readonly string[], o: { env?: Record<string, string>; cwd?: string; ready: RegExp; timeoutMs?: number; entry?: string }): Promise<{ child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [o.entry ?? BIN, ...args], { env: baseEnv(o.env), cwd: o.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`tokpost ${args.join(' ')} printed no ${o.ready} in time\nstdout: ${out}\nstderr: ${err}`)), o.timeoutMs ?? 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (o.ready.test(out)) {
        clearTimeout(timer);
        done({ child, stdout: () => out, stderr: () => err, exited });
      }
    });
    child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`tokpost ${args.join(' ')} exited (${code}) before it was ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export function tempDir(prefix = 'tokpost-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliServer {
  tp: Tokpost;
  emu: Emulator;
  dir: string;
  url: string;
  key: string;
  appId: string;
  logLines: string[];
  /** The environment a CLI child needs to reach this server's configuration (local commands) and API. */
  env: Record<string, string>;
  connectAccount(username: string): Promise<AccountView>;
  close(): Promise<void>;
}

export async function startCliServer(): Promise<CliServer> {
  const dir = tempDir();
  const emu = createEmulator();
  const { url: emuUrl } = await emu.listen({ port: 0, host: '127.0.0.1' });
  const env = {
    TOKPOST_PORT: '0',
    TOKPOST_DATA_DIR: join(dir, 'data'),
    TOKPOST_ENCRYPTION_KEY: ENCRYPTION_KEY,
    TIKTOK_CLIENT_KEY: APP_KEY,
    TIKTOK_CLIENT_SECRET: APP_SECRET,
    TIKTOK_AUDITED: 'true',
    TIKTOK_API_BASE_URL: emuUrl,
    TIKTOK_AUTH_BASE_URL: emuUrl,
    TOKPOST_LOG_LEVEL: 'debug',
  };
  const config = await resolvePort(loadConfig(env, { cwd: dir }));
  const redirectUri = `${config.publicUrl}/api/oauth/tiktok/callback`;
  await emu.admin.createApp({ client_key: APP_KEY, client_secret: APP_SECRET, redirect_uris: [redirectUri], audited: true });
  const logLines: string[] = [];
  const tp = await startTokpost(config, { worker: true, handleSignals: false, logStream: { write: (l) => void logLines.push(l) }, settings: { doctorPollMs: 200 } });
  const { key } = await tp.engine.apiKeys.create({ name: 'cli tests' });
  const app = await tp.engine.apps.getByClientKey(APP_KEY);
  if (!app) throw new Error('the configured app was not registered');
  return {
    tp,
    emu,
    dir,
    url: tp.url!,
    key,
    appId: app.id,
    logLines,
    env: { ...env, TOKPOST_PORT: String(config.port), TOKPOST_PUBLIC_URL: config.publicUrl },
    async connectAccount(username) {
      const { open_id } = await emu.admin.createCreator({ username, nickname: username });
      const { code } = await emu.admin.consent({ client_key: APP_KEY, open_id, scopes: SCOPES, redirect_uri: redirectUri });
      return (await tp.engine.accounts.connectWithCode({ appId: app.id, code, requestedScopes: SCOPES })).account;
    },
    async close() {
      await tp.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
