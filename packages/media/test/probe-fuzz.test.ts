// Generated hostile headers: 10,000 MP4/MOV box trees and 10,000 WebM/Matroska element trees with
// sizes that lie (zero, below the header, 64-bit sizes near 2^64, far past the file's end),
// unknown-size elements, and nesting hundreds deep (a "zip bomb" of boxes inside boxes); the
// generators live in test/support/malformed-media.ts. The probe must answer every one — a video,
// a photo or "unusable" — within a second, and the rules must accept whatever it answered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mp4File, webmFile } from '../../../test/support/malformed-media.js';
import { check, createProber } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tokpost-probe-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const prober = createProber();
const RUNS = 10_000;
const HANG_MS = 1_000;

let seq = 0;
async function probeBytes(bytes: Buffer, ext: string): Promise<void> {
  const path = join(dir, `case-${seq++ % 64}.${ext}`);
  writeFileSync(path, bytes);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), HANG_MS)));
  const result = await Promise.race([prober.probe(path), hang]).finally(() => clearTimeout(timer));
  if (result === 'hang') throw new Error(`probe took over ${HANG_MS} ms on ${bytes.length} bytes: ${bytes.subarray(0, 64).toString('hex')}`);
  expect(['video', 'photo', 'unusable']).toContain(result.kind);
  expect(Array.isArray(check(result))).toBe(true);
}

describe('probe on generated hostile headers', () => {
  it(`answers ${RUNS} MP4/MOV box trees, none hanging`, async () => {
    await fc.assert(fc.asyncProperty(mp4File, (bytes) => probeBytes(bytes, 'mp4')), { numRuns: RUNS, seed: 20261203 });
  }, 300_000);

  it(`answers ${RUNS} WebM/Matroska element trees, none hanging`, async () => {
    await fc.assert(fc.asyncProperty(webmFile, (bytes) => probeBytes(bytes, 'webm')), { numRuns: RUNS, seed: 20261204 });
  }, 300_000);
});
