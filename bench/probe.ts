// probe() against spawning ffprobe, on the preflight corpus and on a 1 GiB moov-at-end MP4.
// Per file: median wall time of probe() in-process next to a full `ffprobe -show_format
// -show_streams` run, bytes probe() read, and whether every field agrees with ffprobe
// (see packages/media/test/support/agreement.ts).
// Goals: ≥ 5× faster than ffprobe per file, < 2 MB read per GiB, 100 % agreement.
// The 1 GiB file is the corpus's moov-at-end clip with its mdat padded by a hole (a sparse file):
// what it measures is which bytes probe() reads, and the layout is that of a real 1 GiB upload.
//
// Reproduce: npm run bench:probe   (RUNS=50 for steadier medians)
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { createProber } from '../packages/media/src/index.js';
import { disagreements } from '../packages/media/test/support/agreement.js';
import { buildCorpus, paddedMoovAtEnd } from '../packages/media/test/support/corpus.js';
import { ffprobe } from '../packages/media/test/support/ffprobe.js';
import { testFfmpeg } from '../test/support/fixtures.js';

const run = promisify(execFile);
const RUNS = Math.max(3, Number(process.env.RUNS ?? '20'));
const FFPROBE_RUNS = Math.max(3, Math.ceil(RUNS / 4));
const GIB = 1024 ** 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm the page cache and the JIT before measuring
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const corpus = await buildCorpus();
  const moovAtEnd = corpus.find((c) => c.name === 'moov-at-end.mp4');
  if (!moovAtEnd) throw new Error('corpus lacks moov-at-end.mp4');
  const files = [...corpus.map((c) => ({ name: c.name, path: c.path })), { name: '1GiB-moov-at-end.mp4', path: paddedMoovAtEnd(moovAtEnd.path, GIB, 'bench.mp4') }];
  const prober = createProber();

  console.log(`probe() vs ffprobe — ${RUNS} runs of probe(), ${FFPROBE_RUNS} of ffprobe, medians; node ${process.version}\n`);
  console.log(`${pad('file', 24)}${lpad('size', 14)}${lpad('probe ms', 10)}${lpad('ffprobe ms', 12)}${lpad('speedup', 9)}${lpad('bytes read', 12)}  agrees`);
  const speedups: number[] = [];
  let agreeing = 0;
  let bigRead = 0;
  for (const file of files) {
    const ours = await prober.probe(file.path);
    const theirs = await ffprobe(file.path, file.name.endsWith('.webm') ? 90 : null);
    const diff = disagreements(ours, theirs);
    if (diff.length === 0) agreeing++;
    const oursMs = await time(() => prober.probe(file.path), RUNS);
    const ffMs = await time(() => run(testFfmpeg().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file.path]).catch(() => null), FFPROBE_RUNS);
    speedups.push(ffMs / oursMs);
    if (file.name.startsWith('1GiB')) bigRead = ours.bytesRead;
    console.log(
      `${pad(file.name, 24)}${lpad(String(ours.sizeBytes), 14)}${lpad(oursMs.toFixed(2), 10)}${lpad(ffMs.toFixed(1), 12)}${lpad(`${(ffMs / oursMs).toFixed(1)}×`, 9)}${lpad(String(ours.bytesRead), 12)}  ${diff.length === 0 ? 'yes' : `NO: ${diff.join('; ')}`}`,
    );
  }
  console.log('');
  console.log(`speedup: median ${median(speedups).toFixed(1)}×, slowest file ${Math.min(...speedups).toFixed(1)}×   (goal ≥ 5×)`);
  console.log(`1 GiB moov-at-end: ${bigRead} bytes read for the whole GiB   (goal < 2,000,000)`);
  console.log(`agreement with ffprobe: ${agreeing}/${files.length} files (${((100 * agreeing) / files.length).toFixed(0)} %)   (goal 100 %)`);
  console.log(`\nfiles: ${basename(files.at(-1)?.path ?? '')} and the corpus under .cache/fixtures; reproduce with: npm run bench:probe`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
