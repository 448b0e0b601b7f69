// `tokpost probe <file>`: what the file is and what TikTok would say about it (the same findings
// the API answers for an upload). `tokpost fix <file>`: a copy TikTok accepts, with a progress bar
// on a terminal, made by the ffmpeg named at the start (ffmpeg.ts).
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Finding, ProbeResult } from '@tokpost/media';
import type { CliContext } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { locateFfmpeg } from '../ffmpeg.js';
import type { Output } from '../output.js';

function mustExist(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw usageError(`${file} does not exist`);
  return path;
}

function describeProbe(p: ProbeResult): [string, string][] {
  const rows: [string, string][] = [['file', p.path], ['size', `${p.sizeBytes} bytes`], ['kind', p.kind]];
  if (p.kind === 'video') {
    rows.push(['container', `${p.container}${p.fragmented ? ' (fragmented)' : ''}`]);
    rows.push(['video', `${p.video.codec}${p.video.profile ? ` ${p.video.profile}` : ''}, ${p.video.displayWidth}x${p.video.displayHeight}${p.video.rotation ? ` (rotated ${p.video.rotation}°)` : ''}`]);
    rows.push(['frame rate', p.video.fps === null ? 'unknown' : `${Math.round(p.video.fps * 100) / 100} fps${p.video.variableFrameRate ? ' (variable)' : ''}`]);
    rows.push(['audio', p.audio ? p.audio.codec : 'none']);
    rows.push(['duration', p.durationSec === 'unknown' ? 'unknown' : `${Math.round(p.durationSec * 100) / 100} s`]);
  } else if (p.kind === 'photo') {
    rows.push(['format', p.format], ['dimensions', `${p.width}x${p.height}`]);
  } else {
    rows.push(['detected', p.detected], ['why', p.detail]);
  }
  return rows;
}

export function printFindings(out: Output, findings: readonly Finding[]): void {
  if (findings.length === 0) {
    out.line(out.c.green('TikTok should accept this file as it is.'));
    return;
  }
  out.table(
    ['severity', 'finding', 'what to do', 'fix can'],
    findings.map((f) => [f.severity === 'error' ? out.c.red(f.severity) : out.c.yellow(f.severity), `${f.code}: ${f.message}`, f.fix, f.fixable ? 'yes' : 'no']),
  );
}

async function probeCommand(ctx: CliContext, file: string, o: { json?: boolean; strict?: boolean }): Promise<number> {
  const path = mustExist(file);
  const { check, createProber } = await import('@tokpost/media');
  const probe = await createProber().probe(path);
  const findings = check(probe, { profile: o.strict ? 'strict' : 'standard' });
  if (o.json) ctx.out.json({ probe, findings });
  else {
    ctx.out.table(['', ''], describeProbe(probe));
    printFindings(ctx.out, findings);
  }
  return 0;
}

async function fixCommand(ctx: CliContext, file: string, o: { output?: string; trim?: boolean; json?: boolean }): Promise<number> {
  const { out } = ctx;
  const path = mustExist(file);
  const ffmpeg = await locateFfmpeg(ctx.env);
  const { check, createFixer, createProber, FixError, hasErrors } = await import('@tokpost/media');
  const prober = createProber();
  const probe = await prober.probe(path);
  const findings = check(probe);
  if (!o.json) out.warn(`ffmpeg: ${ffmpeg ? `${ffmpeg.path} (${ffmpeg.source})` : 'none found (install ffmpeg, or reinstall tokpost so the bundled @ffmpeg-installer binary is there); photos are converted without it'}`);
  const target = o.output ? resolve(o.output) : undefined;
  const outDir = target ? dirname(target) : undefined;
  if (outDir) mkdirSync(outDir, { recursive: true });
  const bar = !o.json && out.stderr.isTTY ? new SingleBar({ format: ' {stage} [{bar}] {percentage}%', hideCursor: true }) : undefined;
  bar?.start(100, 0, { stage: 'starting' });
  let result;
  try {
    result = await createFixer({ prober, ...(ffmpeg ? { ffmpegPath: ffmpeg.path } : {}) }).fix(path, findings, {
      outDir,
      trim: o.trim,
      onProgress: (p) => bar?.update(Math.round((p.fraction ?? 0) * 100), { stage: p.stage }),
    });
  } catch (e) {
    if (e instanceof FixError) throw new CliError(e.message, EXIT.refused, e.code);
    throw e;
  } finally {
    bar?.stop();
  }
  let finalPath = result.path;
  if (target && target !== result.path) {
    renameSync(result.path, target);
    finalPath = target;
  }
  if (o.json) out.json({ input: path, output: finalPath, ffmpeg: ffmpeg ?? null, actions: result.actions, probe: { ...result.probe, path: finalPath }, findings: result.findings });
  else {
    out.line(`wrote ${finalPath}${result.actions.length > 0 ? ` (${result.actions.join('; ')})` : ''}`);
    printFindings(out, result.findings);
  }
  return hasErrors(result.findings) ? EXIT.refused : 0;
}

export function registerMedia(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  program
    .command('probe')
    .description("read what a video or photo is and check it against TikTok's rules (no upload)")
    .argument('<file>', 'the video or photo')
    .option('--strict', 'treat every warning as an error')
    .option('--json', 'print JSON')
    .action((file: string, o: { json?: boolean; strict?: boolean }) => run(() => probeCommand(ctx, file, o)));
  program
    .command('fix')
    .description('make a copy TikTok accepts (H.264/AAC MP4 at 30 fps, or a JPEG), checked again once written')
    .argument('<file>', 'the video or photo')
    .option('-o, --output <file>', 'where to write it (default: next to the input, e.g. clip.tiktok.mp4)')
    .option('--trim', "cut a video longer than TikTok's maximum instead of refusing")
    .option('--json', 'print JSON')
    .action((file: string, o: { output?: string; trim?: boolean; json?: boolean }) => run(() => fixCommand(ctx, file, o)));
}
