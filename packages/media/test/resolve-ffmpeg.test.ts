// resolveFfmpeg's order (configured, then the PATH, then the bundled binaries) against fake PATH
// folders holding little executable scripts; and the bundled binaries themselves, run for real.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledBinaries, describeFfmpeg, FixError, resolveFfmpeg } from '../src/index.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'tokpost-resolve-ffmpeg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dirWith(name: string, files: Record<string, { executable: boolean }>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, { executable }] of Object.entries(files)) {
    writeFileSync(join(dir, file), '#!/bin/sh\necho fake\n');
    chmodSync(join(dir, file), executable ? 0o755 : 0o644);
  }
  return dir;
}

const fakeBundle = { ffmpeg: '/opt/bundle/ffmpeg', ffprobe: '/opt/bundle/ffprobe' };
const bundle = () => fakeBundle;
const noBundle = () => undefined;

describe('resolveFfmpeg', () => {
  const both = dirWith('both', { ffmpeg: { executable: true }, ffprobe: { executable: true } });
  const onlyFfmpeg = dirWith('only-ffmpeg', { ffmpeg: { executable: true } });
  const notExecutable = dirWith('not-executable', { ffmpeg: { executable: false }, ffprobe: { executable: false } });
  const empty = dirWith('empty', {});
  const custom = dirWith('custom', { 'my-ffmpeg': { executable: true }, ffprobe: { executable: true } });

  it('takes ffmpeg and ffprobe from the first PATH folder that has them', () => {
    expect(resolveFfmpeg({ searchPath: [empty, both].join(':'), bundled: bundle })).toEqual({
      ffmpeg: join(root, 'both', 'ffmpeg'),
      ffprobe: join(root, 'both', 'ffprobe'),
      source: 'system',
    });
  });

  it('skips files that are not executable', () => {
    expect(resolveFfmpeg({ searchPath: [notExecutable, both].join(':'), bundled: bundle }).ffmpeg).toBe(join(root, 'both', 'ffmpeg'));
  });

  it('falls back to the bundled binaries when the PATH lacks ffmpeg or ffprobe', () => {
    expect(resolveFfmpeg({ searchPath: [empty, onlyFfmpeg, notExecutable].join(':'), bundled: bundle })).toEqual({ ...fakeBundle, source: 'bundled' });
    expect(resolveFfmpeg({ searchPath: undefined, bundled: bundle })).toEqual({ ...fakeBundle, source: 'bundled' });
  });

  it('prefers a configured path, with the ffprobe beside it', () => {
    expect(resolveFfmpeg({ configured: join(custom, 'my-ffmpeg'), searchPath: both, bundled: bundle })).toEqual({
      ffmpeg: join(root, 'custom', 'my-ffmpeg'),
      ffprobe: join(root, 'custom', 'ffprobe'),
      source: 'configured',
    });
  });

  it('takes ffprobe from the PATH, then the bundle, when none is beside the configured ffmpeg', () => {
    const configured = join(onlyFfmpeg, 'ffmpeg');
    expect(resolveFfmpeg({ configured, searchPath: both, bundled: bundle })).toEqual({ ffmpeg: configured, ffprobe: join(root, 'both', 'ffprobe'), source: 'configured' });
    expect(resolveFfmpeg({ configured, searchPath: empty, bundled: bundle })).toEqual({ ffmpeg: configured, ffprobe: '/opt/bundle/ffprobe', source: 'configured' });
  });

  it('looks a configured command name up on the PATH', () => {
    expect(resolveFfmpeg({ configured: 'my-ffmpeg', searchPath: [empty, custom].join(':'), bundled: noBundle }).ffmpeg).toBe(join(root, 'custom', 'my-ffmpeg'));
  });

  it('refuses a configured path that is not an executable file, naming it', () => {
    const err = (() => {
      try {
        return resolveFfmpeg({ configured: join(notExecutable, 'ffmpeg'), searchPath: both, bundled: bundle });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FixError);
    expect(err).toMatchObject({ code: 'ERR_FFMPEG_NOT_FOUND' });
    expect((err as Error).message).toContain(`the configured ffmpeg '${join(root, 'not-executable', 'ffmpeg')}' is not an executable file`);
  });

  it('says how to install ffmpeg when there is none anywhere', () => {
    expect(() => resolveFfmpeg({ searchPath: empty, bundled: noBundle })).toThrow(/apt-get install -y ffmpeg.*brew install ffmpeg.*@ffmpeg-installer\/ffmpeg/);
  });

  it('describes the choice in one line', () => {
    expect(describeFfmpeg({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'system' })).toBe('ffmpeg: /usr/bin/ffmpeg and ffprobe: /usr/bin/ffprobe, from the PATH');
    expect(describeFfmpeg({ ...fakeBundle, source: 'bundled' })).toBe(
      'ffmpeg: /opt/bundle/ffmpeg and ffprobe: /opt/bundle/ffprobe, bundled with tokpost (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe)',
    );
  });
});

describe('the bundled binaries', () => {
  // What the fixer (fix/video-plan.ts) and the test corpus (test/support/corpus.ts) encode with.
  const NEEDED_ENCODERS = ['libx264', 'libx265', 'aac', 'libvpx', 'libvpx-vp9', 'libopus', 'libvorbis', 'mpeg4', 'mjpeg', 'png', 'libwebp'];

  it('are installed for this platform, run, and carry the encoders tokpost uses', async () => {
    const b = bundledBinaries();
    expect(b).toBeDefined();
    const { stdout } = await run(b!.ffmpeg, ['-hide_banner', '-encoders']);
    const encoders = new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)[1]));
    expect(NEEDED_ENCODERS.filter((e) => !encoders.has(e))).toEqual([]);
    const probe = await run(b!.ffprobe, ['-version']);
    expect(probe.stdout).toMatch(/^ffprobe version/);
  });
});
