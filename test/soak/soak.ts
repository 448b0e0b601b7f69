// The soak run (issue 11): one `tokpost serve --no-worker` and two `tokpost worker` processes (the
// real bin, apps/cli) on a fresh PostgreSQL database, TikTok played by the emulator's bin over real
// HTTP. Accounts are connected through the API's connect flow and the emulator's consent; then a
// steady stream of posts is created over the REST API, each published by the workers through the
// emulator. Every process carries test/soak/probe.mjs, which records RSS, heap and event-loop
// delay; the figures are the slopes after a warm-up (soak-stats.ts) and the p99 delay.
//
// Load shape: `rate` posts per second, round-robin over enough accounts that none reaches the
// engine's 15 posts per creator per 24 h (each account gets at most 12) nor its 6 inits a minute
// per token, so every post is published rather than parked or delayed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminClient } from '@tokpost/tiktok-emulator';
import { goodMp4, REPO_ROOT } from '../support/fixtures.js';
import { startEmulatorProcess } from '../support/processes.js';
import { adminSql, TEST_POSTGRES_URL } from '../support/postgres-admin.js';
import { summarize, type ProcessSummary, type Sample } from './soak-stats.js';

const BIN = join(REPO_ROOT, 'apps/cli/bin/tokpost.js');
const PROBE = join(REPO_ROOT, 'test/soak/probe.mjs');
const POSTGRES_URL = TEST_POSTGRES_URL;
const APP = { key: 'soak_client_key', secret: `soak-secret-${randomBytes(8).toString('hex')}` };
const SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];
const POSTS_PER_ACCOUNT = 12;
const TERMINAL = ['published', 'failed', 'needs_action', 'missed', 'cancelled', 'inbox_pending'];

export interface SoakOptions {
  /** Length of the steady load. */
  durationMs: number;
  /** Posts created per second. */
  rate: number;
  /** How often each process samples itself. */
  sampleMs: number;
  /** Samples before this much load time are not in the slopes or the ELD p99. */
  warmupMs: number;
  /**
   * Posts per account over the run (default 12, under the engine's 15 per creator per 24 h). A
   * short run wants fewer: an account's inits are limited to 6 a minute.
   */
  postsPerAccount?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ProcessFigures {
  name: string;
  samples: Sample[];
  summary: ProcessSummary;
}

export interface SoakResult {
  options: SoakOptions;
  accounts: number;
  created: number;
  published: number;
  /** Created posts not published when the run ended, by state. */
  notPublished: Record<string, number>;
  /** Posts the emulator holds more than once for one caption (each caption is unique). */
  duplicates: number;
  loadStartedAt: number;
  measuredFrom: number;
  /** The last post was created; the slopes and the ELD p99 end here. */
  loadEndedAt: number;
  processes: ProcessFigures[];
  /** Exit codes after SIGTERM, per process. */
  exitCodes: Array<number | null>;
}

interface Proc {
  name: string;
  child: ChildProcess;
  probeFile: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}


function startTokpost(name: string, args: string[], env: Record<string, string>, dir: string, ready: RegExp): Promise<Proc> {
  const probeFile = join(dir, `${name}.probe.jsonl`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...env, NODE_OPTIONS: `--import ${PROBE}`, TOKPOST_SOAK_PROBE_FILE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      // The log is JSON lines at info level: keep only the tail so a long run holds no transcript.
      if (out.length > 1_000_000) out = out.slice(-200_000);
      if (ready.test(out)) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => void (out = (out + more.toString()).slice(-200_000)));
        resolve({ name, child, probeFile, exited, stdout: () => out, stderr: () => err });
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready\nstdout: ${out.slice(-4000)}\nstderr: ${err.slice(-4000)}`)));
  });
}

function runTokpost(args: string[], env: Record<string, string>, dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`tokpost ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

function readSamples(file: string): Sample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sample);
}

/** Runs the soak and returns its figures (nothing asserted here; soak.test.ts and run.ts judge). */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tokpost-soak-'));
  const database = `soak_${process.pid}_${Date.now().toString(36)}`;
  const procs: Proc[] = [];
  const emulator = await startEmulatorProcess(['--data-dir', join(dir, 'emulator')]);
  try {
    await adminSql(`create database ${database}`);
    const dbUrl = new URL(POSTGRES_URL);
    dbUrl.pathname = `/${database}`;
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      NO_COLOR: '1',
      DATABASE_URL: dbUrl.toString(),
      TOKPOST_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TOKPOST_DATA_DIR: join(dir, 'data'),
      TOKPOST_PORT: String(port),
      TOKPOST_PUBLIC_URL: publicUrl,
      TIKTOK_CLIENT_KEY: APP.key,
      TIKTOK_CLIENT_SECRET: APP.secret,
      TIKTOK_AUDITED: 'true',
      TIKTOK_API_BASE_URL: emulator.url,
      TIKTOK_AUTH_BASE_URL: emulator.url,
      TOKPOST_SOAK_PROBE_MS: String(o.sampleMs),
    };
    const admin = createAdminClient(fetch, () => emulator.url);
    const redirectUri = `${publicUrl}/api/oauth/tiktok/callback`;
    await admin.createApp({ client_key: APP.key, client_secret: APP.secret, redirect_uris: [redirectUri], audited: true });

    await runTokpost(['migrate'], env, dir);
    // The key and the three processes start together: each start-up is a second or more of module
    // loading, and nothing here depends on another once the schema exists.
    const started = await Promise.allSettled([
      startTokpost('server', ['serve', '--no-worker', '--json'], env, dir, /^\{.*\}\n/),
      // Heap snapshots (probe.mjs) of one worker only, when TOKPOST_SOAK_SNAPSHOT_DIR asks.
      ...['worker-1', 'worker-2'].map((n) => {
        const snapshotDir = process.env['TOKPOST_SOAK_SNAPSHOT_DIR'];
        return startTokpost(n, ['worker'], n === 'worker-1' && snapshotDir ? { ...env, TOKPOST_SOAK_SNAPSHOT_DIR: snapshotDir } : env, dir, /"msg":"worker started"/);
      }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const { key } = JSON.parse(await runTokpost(['api-keys', 'create', '--name', 'soak', '--json'], env, dir)) as { key: string };
    log(`server on ${publicUrl}, 2 workers, emulator on ${emulator.url}, database ${database}`);

    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const init: RequestInit = { method, headers: { authorization: `Bearer ${key}` } };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { ...init.headers, 'content-type': 'application/json' };
      }
      const res = await fetch(`${publicUrl}${path}`, init);
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };

    const total = Math.ceil((o.durationMs / 1000) * o.rate);
    const accountCount = Math.max(2, Math.ceil(total / (o.postsPerAccount ?? POSTS_PER_ACCOUNT)));
    const accounts: string[] = [];
    const connect = async (i: number) => {
      const { authorizeUrl } = await api<{ authorizeUrl: string }>('POST', '/api/accounts/connect', {});
      const u = new URL(authorizeUrl);
      const { open_id } = await admin.createCreator({ username: `soak.${i}`, daily_post_cap: 1000 });
      const scope = u.searchParams.get('scope') ?? SCOPES.join(',');
      const state = u.searchParams.get('state')!;
      const { code } = await admin.consent({ client_key: APP.key, open_id, scopes: scope, redirect_uri: redirectUri, state, code_challenge: u.searchParams.get('code_challenge')!, code_challenge_method: 'S256' });
      const cb = await fetch(`${redirectUri}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}&scopes=${encodeURIComponent(scope)}`);
      if (cb.status !== 200) throw new Error(`connect callback answered ${cb.status}: ${await cb.text()}`);
    };
    for (let i = 0; i < accountCount; i += 10) await Promise.all(Array.from({ length: Math.min(10, accountCount - i) }, (_, k) => connect(i + k)));
    const listed = await api<{ accounts: Array<{ id: string; username: string }> }>('GET', '/api/accounts');
    accounts.push(...listed.accounts.map((a) => a.id));
    if (accounts.length !== accountCount) throw new Error(`connected ${accountCount} accounts, the API lists ${accounts.length}`);

    const video = await goodMp4();
    const form = new FormData();
    form.append('file', new Blob([readFileSync(video)], { type: 'video/mp4' }), 'soak.mp4');
    const media = await api<{ id: string }>('POST', '/api/media', form);
    log(`${accountCount} accounts connected; creating ${total} posts at ${o.rate}/s for ${Math.round(o.durationMs / 1000)} s`);

    const loadStartedAt = Date.now();
    const measuredFrom = loadStartedAt + o.warmupMs;
    const warmup = setTimeout(() => {
      for (const p of procs) p.child.kill('SIGUSR2');
    }, o.warmupMs);
    const ids: string[] = [];
    let lastProgress = loadStartedAt;
    for (let n = 0; n < total; n++) {
      const due = loadStartedAt + (n * 1000) / o.rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const { post } = await api<{ post: { id: string } }>('POST', '/api/posts', {
        accountId: accounts[n % accounts.length],
        mediaIds: [media.id],
        title: `soak post ${n}`,
        privacyLevel: 'SELF_ONLY',
        allowComment: false,
        allowDuet: false,
        allowStitch: false,
        disclosure: { yourBrand: false, brandedContent: false },
        aiGenerated: false,
        mode: 'direct',
        source: 'FILE_UPLOAD',
      });
      ids.push(post.id);
      if (Date.now() - lastProgress >= 60_000) {
        lastProgress = Date.now();
        log(`${Math.round((lastProgress - loadStartedAt) / 1000)} s: ${ids.length} posts created`);
      }
    }
    clearTimeout(warmup);
    const loadEndedAt = Date.now();

    // Drain: what was created last still needs its upload and TikTok's processing.
    const created = new Set(ids);
    const states = async () => {
      const byState: Record<string, number> = {};
      let cursor: string | null = null;
      do {
        const page: { posts: Array<{ id: string; state: string }>; nextCursor: string | null } = await api('GET', `/api/posts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        for (const p of page.posts) if (created.has(p.id)) byState[p.state] = (byState[p.state] ?? 0) + 1;
        cursor = page.nextCursor;
      } while (cursor);
      return byState;
    };
    let byState = await states();
    for (let i = 0; i < 120 && Object.entries(byState).some(([s, c]) => !TERMINAL.includes(s) && c > 0); i++) {
      await sleep(1000);
      byState = await states();
    }
    const emulatorPosts = await admin.posts();
    const perTitle = new Map<string, number>();
    for (const p of emulatorPosts) {
      const title = String((p as { title?: unknown }).title ?? '');
      perTitle.set(title, (perTitle.get(title) ?? 0) + 1);
    }
    const duplicates = [...perTitle.values()].filter((c) => c > 1).length;

    for (const p of procs) p.child.kill('SIGTERM');
    const exitCodes = await Promise.all(procs.map((p) => p.exited));
    const processes = procs.map((p) => {
      const samples = readSamples(p.probeFile);
      return { name: p.name, samples, summary: summarize(samples, measuredFrom, loadEndedAt) };
    });
    const { published = 0, ...notPublished } = byState;
    return { options: o, accounts: accountCount, created: ids.length, published, notPublished, duplicates, loadStartedAt, measuredFrom, loadEndedAt, processes, exitCodes };
  } catch (e) {
    for (const p of procs) {
      if (p.stderr()) appendFileSync(join(dir, 'stderr.log'), `--- ${p.name}\n${p.stderr()}`);
    }
    throw e;
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await emulator.stop();
    await adminSql(`drop database if exists ${database} with (force)`).catch(() => undefined);
    if (!process.env['TOKPOST_SOAK_KEEP']) rmSync(dir, { recursive: true, force: true });
    else writeFileSync(join(dir, 'KEPT'), 'TOKPOST_SOAK_KEEP was set\n');
  }
}
