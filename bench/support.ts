// Shared pieces of the benchmarks: big test files, the emulator as a child process (so its peak
// RSS is its own), a connected creator, and curl runs. Figures print; nothing here asserts.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '..');
export const BENCH_DIR = join(ROOT, '.cache', 'bench');
const run = promisify(execFile);

/** A file of `size` bytes (a random 16 MiB block repeated), made once and reused. */
export async function bigFile(name: string, size: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, name);
  if (existsSync(path) && statSync(path).size === size) return path;
  const block = randomBytes(16 * 1024 * 1024);
  const out = createWriteStream(path);
  for (let written = 0; written < size; ) {
    const n = Math.min(block.length, size - written);
    if (!out.write(block.subarray(0, n))) await new Promise<void>((r) => out.once('drain', () => r()));
    written += n;
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return path;
}

export { startEmulatorProcess, type EmulatorProcess } from '../test/support/processes.js';

export const BENCH_APP = { client_key: 'bench_key', client_secret: 'bench_secret', redirect_uri: 'https://bench.example.com/cb' };

async function adminCall(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, string>>;
}

/** Registers the bench app and a creator, and returns an access token for it. */
export async function connectBenchCreator(url: string): Promise<string> {
  await adminCall(url, 'POST', '/apps', { ...BENCH_APP, redirect_uris: [BENCH_APP.redirect_uri] });
  await adminCall(url, 'POST', '/settings', { rate_limits: { video_init: 1000, inbox_video_init: 1000 }, processing_delay_ms: 600_000 });
  const { open_id } = await adminCall(url, 'POST', '/creators', { username: `bench${Date.now()}`, daily_post_cap: 1000 });
  const { code } = await adminCall(url, 'POST', '/consent', { client_key: BENCH_APP.client_key, open_id, scopes: ['video.publish', 'video.upload'], redirect_uri: BENCH_APP.redirect_uri });
  const res = await fetch(`${url}/v2/oauth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...BENCH_APP, code: code!, grant_type: 'authorization_code' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Starts an inbox upload (no daily cap involved) and returns its upload URL. */
export async function initUpload(url: string, token: string, size: number, chunkSize: number): Promise<string> {
  const res = await fetch(`${url}/v2/post/publish/inbox/video/init/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: chunkSize, total_chunk_count: Math.floor(size / chunkSize) } }),
  });
  const json = (await res.json()) as { data: { upload_url: string }; error: { code: string; message: string } };
  if (json.error.code !== 'ok') throw new Error(`init: ${json.error.code} ${json.error.message}`);
  return json.data.upload_url;
}

/** `curl -T file url` with extra headers; returns seconds and the HTTP status. */
export async function curlPut(file: string, url: string, headers: string[] = []): Promise<{ seconds: number; status: number }> {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-T', file, ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout } = await run('curl', args);
  const [status, seconds] = stdout.trim().split(' ');
  return { status: Number(status), seconds: Number(seconds) };
}

export const mbps = (bytes: number, seconds: number) => `${(bytes / seconds / 1e6).toFixed(0)} MB/s`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
