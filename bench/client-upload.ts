// Client upload throughput and memory: @tokpost/tiktok's uploader sending a 100 MiB and a 1 GiB
// file to the emulator (a separate process, over real HTTP), with both upload transports, next to
// curl -T sending the same chunks to the same kind of upload URL over one connection. The client runs in its own
// plain `node` process importing the built package (dist/), so its peak RSS is the client's own.
// Goals: throughput ≥ 0.9 of curl's, client peak RSS < 100 MB and the same for both sizes.
//
// The emulator keeps uploads in its temp dir; by default that is put on tmpfs (/dev/shm) so disk
// writeback, which varies run to run by 2x on this machine, does not drown the comparison
// (BENCH_DISK=1 keeps the default temp dir). curl and the client write the same bytes either way.
//
// Reproduce: npm run build && npm run bench:client-upload   (ROUNDS=1 SIZES=100 for a quicker run)
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { planChunks } from '../packages/tiktok/src/client/chunk-plan.js';
import type { ChunkPlan } from '../packages/tiktok/src/client/types.js';
import { BENCH_DIR, ROOT, bigFile, connectBenchCreator, initUpload, mbps, mib, startEmulatorProcess } from './support.js';

const sh = promisify(execFile);
const CHUNK = 64_000_000;
const ROUNDS = Number(process.env.ROUNDS ?? '5');
const SIZES_MIB = (process.env.SIZES ?? '100,1024').split(',').map(Number);
const TRANSPORTS = ['node-http', 'fetch'] as const;
type Transport = (typeof TRANSPORTS)[number];

// The client process: plain node, the package as an integrator imports it. It reads one upload
// URL per line on stdin and answers one line of figures per upload. The first upload runs in a
// cold process (JIT, first connection) and is reported as such; after a second, untimed one, the
// third is what a long-running worker sees and is compared with curl. Before each upload the
// emulator is reset and the disk synced, exactly as before each curl run.
const CHILD = `
import { createInterface } from 'node:readline';
import { createTikTokClient } from '@tokpost/tiktok';
const { plan, path, transport } = JSON.parse(process.argv[1]);
const client = createTikTokClient({ clientKey: 'bench_key', clientSecret: 'bench_secret', redirectUri: 'https://bench.example.com/cb', upload: { transport } });
for await (const uploadUrl of createInterface({ input: process.stdin })) {
  const t0 = performance.now();
  // The bench file is random bytes, so the container is named rather than sniffed.
  await client.uploadVideo({ uploadUrl, plan, source: { path }, container: 'mp4' });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\\n');
}
`;

interface ClientProcess {
  upload(uploadUrl: string): Promise<{ seconds: number; maxRssBytes: number }>;
  close(): Promise<void>;
}

function startClient(plan: ChunkPlan, path: string, transport: Transport): ClientProcess {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify({ plan, path, transport })], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async upload(uploadUrl) {
      child.stdin!.write(`${uploadUrl}\n`);
      const next = await lines.next();
      if (next.done) throw new Error('the client process exited');
      return JSON.parse(next.value) as { seconds: number; maxRssBytes: number };
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}

/** curl's chunks are pre-split files (not timed); the tail piece of `split` joins the last chunk. */
async function splitForCurl(file: string, plan: ChunkPlan): Promise<{ dir: string; parts: string[] }> {
  const dir = join(BENCH_DIR, `parts-${plan.videoSize}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await sh('split', ['-b', String(plan.chunkSize), '-d', '-a', '4', file, join(dir, 'p')]);
  const name = (i: number) => join(dir, `p${String(i).padStart(4, '0')}`);
  const tail = name(plan.totalChunkCount);
  if (existsSync(tail)) await sh('sh', ['-c', 'cat "$1" >> "$2" && rm "$1"', 'sh', tail, name(plan.totalChunkCount - 1)]);
  return { dir, parts: plan.chunks.map((c) => name(c.index)) };
}

/**
 * curl -T of every chunk in one invocation (`--next`): one process, one keep-alive connection, the
 * chunks back to back — what the client does. Timed by wall clock like the client, so neither
 * side gets the gaps between chunks for free.
 */
async function curlChunks(parts: string[], plan: ChunkPlan, uploadUrl: string): Promise<number> {
  const args = ['-s'];
  for (const c of plan.chunks) {
    if (c.index > 0) args.push('--next');
    args.push('-o', '/dev/null', '-w', '%{http_code}\\n', '-T', parts[c.index]!, '-H', 'Content-Type: video/mp4', '-H', `Content-Range: bytes ${c.first}-${c.last}/${plan.videoSize}`, uploadUrl);
  }
  const t0 = performance.now();
  const { stdout } = await sh('curl', args);
  const seconds = (performance.now() - t0) / 1000;
  const statuses = stdout.trim().split('\n').map(Number);
  if (statuses.length !== plan.totalChunkCount || statuses.some((x, i) => x !== (i === statuses.length - 1 ? 201 : 206))) throw new Error(`curl: HTTP ${statuses.join(',')}`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

async function main() {
  if (!existsSync(join(ROOT, 'packages/tiktok/dist/index.js'))) throw new Error('build first: npm run build');
  // The emulator child inherits the environment: TMPDIR decides where it stores uploads.
  const onTmpfs = process.env.BENCH_DISK !== '1' && existsSync('/dev/shm');
  if (onTmpfs) process.env.TMPDIR = '/dev/shm';
  const emu = await startEmulatorProcess();
  const lines: string[] = [];
  try {
    const fresh = async () => {
      await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
      // Flush the previous round's dirty pages so no run pays for another's writeback.
      await sh('sync');
      return connectBenchCreator(emu.url);
    };
    for (const sizeMib of SIZES_MIB) {
      const size = sizeMib * 1024 * 1024;
      const file = await bigFile(`upload-${size}.bin`, size);
      const plan = planChunks(size, { chunkSize: CHUNK });
      const { dir, parts } = await splitForCurl(file, plan);
      const secs: Record<'curl' | Transport, number[]> = { curl: [], 'node-http': [], fetch: [] };
      const cold: Record<Transport, number[]> = { 'node-http': [], fetch: [] };
      const rss: Record<Transport, number[]> = { 'node-http': [], fetch: [] };
      try {
        // Round 0 warms up (JIT, page cache) and is not counted.
        for (let round = 0; round <= ROUNDS; round++) {
          const counted = round > 0;
          const curlSec = await curlChunks(parts, plan, await initUpload(emu.url, await fresh(), size, plan.chunkSize));
          if (counted) secs.curl.push(curlSec);
          for (const transport of TRANSPORTS) {
            const client = startClient(plan, file, transport);
            try {
              const first = await client.upload(await initUpload(emu.url, await fresh(), size, plan.chunkSize));
              await client.upload(await initUpload(emu.url, await fresh(), size, plan.chunkSize));
              const third = await client.upload(await initUpload(emu.url, await fresh(), size, plan.chunkSize));
              if (counted) {
                cold[transport].push(first.seconds);
                secs[transport].push(third.seconds);
                rss[transport].push(third.maxRssBytes);
              }
            } finally {
              await client.close();
            }
          }
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const curl = median(secs.curl);
      lines.push(`${mib(size)} in ${plan.totalChunkCount} chunks of ${plan.chunkSize} bytes, median of ${ROUNDS} rounds`);
      lines.push(`  curl -T, same chunks, one connection  ${curl.toFixed(2)} s  ${mbps(size, curl)}   rounds: ${secs.curl.map((x) => x.toFixed(2)).join(', ')}`);
      for (const t of TRANSPORTS) {
        const s = median(secs[t]);
        const c = median(cold[t]);
        lines.push(
          `  client, ${t.padEnd(9)} transport      ${s.toFixed(2)} s  ${mbps(size, s)}   ${(curl / s).toFixed(2)} of curl   peak RSS ${mib(max(rss[t]))}   rounds: ${secs[t].map((x) => x.toFixed(2)).join(', ')}   cold process: ${mbps(size, c)} (${(curl / c).toFixed(2)})`,
        );
      }
    }
    console.log(
      `client upload benchmark — emulator over HTTP on 127.0.0.1, uploads stored on ${onTmpfs ? 'tmpfs' : 'disk'} (goals: ≥ 0.90 of curl, peak RSS < 100 MB and flat across sizes)`,
    );
    for (const l of lines) console.log(l);
    console.log('reproduce: npm run build && npm run bench:client-upload   (ROUNDS=1 SIZES=100 for a quicker run, BENCH_DISK=1 to store on disk)');
  } finally {
    await emu.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
