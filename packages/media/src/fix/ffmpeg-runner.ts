// Runs ffmpeg with `-progress pipe:1` and turns its key=value progress stream into callbacks.
// stderr is kept (bounded) so a failure can say what ffmpeg complained about.
import { spawn as nodeSpawn } from 'node:child_process';
import { ffmpegNotFound, FixError } from './errors.js';

export interface FfmpegRun {
  command: string;
  args: readonly string[];
  /** Seconds of output expected, for the fraction; null when unknown. */
  expectedSec: number | null;
  onProgress?: ((outSec: number, fraction: number | null) => void) | undefined;
  signal?: AbortSignal | undefined;
  spawn?: typeof nodeSpawn | undefined;
}

const STDERR_KEEP = 8 * 1024;

export function runFfmpeg(run: FfmpegRun): Promise<void> {
  const spawn = run.spawn ?? nodeSpawn;
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, ['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1', ...run.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: run.signal,
    });
    let stderr = '';
    let pending = '';
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEEP);
    });
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_us=(\d+)/.exec(line);
        if (!m || !run.onProgress) continue;
        const outSec = Number(m[1]) / 1e6;
        const fraction = run.expectedSec ? Math.min(1, outSec / run.expectedSec) : null;
        run.onProgress(outSec, fraction);
      }
    });
    // An abort kills ffmpeg, but it may still be writing: settle only once it has exited, so the
    // caller's clean-up of the partial file cannot race with ffmpeg creating it.
    let aborted: FixError | null = null;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') aborted = new FixError('ERR_FIX_ABORTED', 'the fix was cancelled', [], { cause: err });
      else if (err.code === 'ENOENT') settle(ffmpegNotFound(run.command, err));
      else settle(new FixError('ERR_FFMPEG_FAILED', `ffmpeg could not be started: ${err.message}`, [], { cause: err }));
    });
    child.on('close', (code, signal) => {
      if (aborted) settle(aborted);
      else if (code === 0) settle();
      else settle(new FixError('ERR_FFMPEG_FAILED', `ffmpeg exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
