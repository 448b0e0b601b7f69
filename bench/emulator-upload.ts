// Emulator upload throughput and memory: a 1 GiB FILE_UPLOAD in 64,000,000-byte chunks into the
// emulator's upload URL (every chunk rule checked, bytes streamed to disk), next to curl -T of the
// whole file to the same server's sink (the same disk path, no rules). The chunked upload is sent
// by curl too, so the ratio is the emulator's own cost; a plain Node client is shown alongside.
// Goals: chunked throughput ≥ 0.9 of curl -T; emulator peak RSS < 200 MB.
//
// Reproduce: npm run build && npm run bench:emulator-upload   (GIB=0.25 ROUNDS=1 for a quicker run)
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_DIR, bigFile, connectBenchCreator, curlPut, initUpload, mbps, mib, startEmulatorProcess } from './support.js';

const CHUNK = 64_000_000;
const size = Math.round(Number(process.env.GIB ?? '1') * 1024 ** 3);

function putRange(uploadUrl: string, file: string, first: number, last: number, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-length': String(last - first + 1), 'content-range': `bytes ${first}-${last}/${total}` },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(file, { start: first, end: last, highWaterMark: 1 << 20 }).pipe(req);
  });
}

function ranges(total: number) {
  const count = Math.floor(total / CHUNK);
  return Array.from({ length: count }, (_, i) => ({ first: i * CHUNK, last: i === count - 1 ? total - 1 : (i + 1) * CHUNK - 1 }));
}

const ROUNDS = Number(process.env.ROUNDS ?? '3');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const file = await bigFile(`upload-${size}.bin`, size);
  const rs = ranges(size);

  // curl's chunks are pre-split files (not timed); `split` leaves the tail in an extra piece,
  // which is appended to the last chunk, as TikTok's final chunk absorbs trailing bytes.
  const parts = join(BENCH_DIR, 'parts');
  await rm(parts, { recursive: true, force: true });
  await mkdir(parts, { recursive: true });
  const sh = promisify(execFile);
  await sh('split', ['-b', String(CHUNK), '-d', '-a', '4', file, join(parts, 'p')]);
  const partFiles = rs.map((_, i) => join(parts, `p${String(i).padStart(4, '0')}`));
  await sh('sh', ['-c', `if [ -f "$1" ]; then cat "$1" >> "$2" && rm "$1"; fi`, 'sh', join(parts, `p${String(rs.length).padStart(4, '0')}`), partFiles[rs.length - 1]!]);

  const emu = await startEmulatorProcess();
  const times = { node: [] as number[], curlChunks: [] as number[], curlSink: [] as number[] };
  try {
    // Each round resets the emulator first, which deletes the previous uploads from its disk.
    // `sync` flushes the previous round's dirty pages so no run pays for another's writeback.
    const fresh = async () => {
      await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
      await sh('sync');
      return connectBenchCreator(emu.url);
    };
    // Round 0 warms up both processes (JIT, page cache) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      if (round === 1) for (const k of Object.keys(times) as Array<keyof typeof times>) times[k] = [];
      const nodeUrl = await initUpload(emu.url, await fresh(), size, CHUNK);
      const t0 = performance.now();
      for (const r of rs) {
        const status = await putRange(nodeUrl, file, r.first, r.last, size);
        if (status !== 206 && status !== 201) throw new Error(`chunk ${r.first}: HTTP ${status}`);
      }
      times.node.push((performance.now() - t0) / 1000);

      const curlUrl = await initUpload(emu.url, await fresh(), size, CHUNK);
      let curlSec = 0;
      for (const [i, r] of rs.entries()) {
        const res = await curlPut(partFiles[i]!, curlUrl, ['Content-Type: video/mp4', `Content-Range: bytes ${r.first}-${r.last}/${size}`]);
        if (res.status !== 206 && res.status !== 201) throw new Error(`curl chunk ${i}: HTTP ${res.status}`);
        curlSec += res.seconds;
      }
      times.curlChunks.push(curlSec);

      await fresh();
      const sink = await curlPut(file, `${emu.url}/_emulator/sink`, ['Content-Type: application/octet-stream']);
      if (sink.status !== 201) throw new Error(`sink: HTTP ${sink.status}`);
      times.curlSink.push(sink.seconds);
    }
    const rss = emu.peakRss();
    const node = median(times.node);
    const chunks = median(times.curlChunks);
    const sinkSec = median(times.curlSink);
    console.log(`emulator upload benchmark — ${mib(size)} file, ${rs.length} chunks of ${CHUNK} bytes, median of ${ROUNDS} rounds`);
    console.log(`  curl -T, whole file → sink         ${sinkSec.toFixed(2)} s  ${mbps(size, sinkSec)}   rounds: ${times.curlSink.map((x) => x.toFixed(2)).join(', ')}`);
    console.log(`  chunked upload (curl per chunk)    ${chunks.toFixed(2)} s  ${mbps(size, chunks)}   rounds: ${times.curlChunks.map((x) => x.toFixed(2)).join(', ')}`);
    console.log(`  chunked upload (plain Node client) ${node.toFixed(2)} s  ${mbps(size, node)}   rounds: ${times.node.map((x) => x.toFixed(2)).join(', ')}`);
    console.log(`  emulator chunked / curl -T whole   ${(sinkSec / chunks).toFixed(2)}   (goal ≥ 0.90)`);
    console.log(`  Node client / curl -T whole        ${(sinkSec / node).toFixed(2)}   (client speed: see bench/client-upload)`);
    console.log(`  emulator peak RSS          ${mib(rss)}   (goal < 200 MiB)`);
    console.log('reproduce: npm run build && npm run bench:emulator-upload   (GIB=0.25 ROUNDS=1 for a quicker run)');
  } finally {
    await emu.stop();
    await rm(parts, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
