// fix(path, findings): a new file TikTok will accept, or a FixError saying why not. Video goes
// through ffmpeg (transcode to the recipe in video-plan.ts), photos through sharp. The output is
// probed and checked again before it is returned, so callers get proof rather than a promise.
import type { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { createProber } from '../probe/index.js';
import type { Prober } from '../probe/index.js';
import type { ProbeResult, VideoProbe } from '../probe/types.js';
import { check } from '../rules/check.js';
import type { CheckOptions } from '../rules/check.js';
import type { Finding } from '../rules/findings.js';
import { VIDEO_RULES, FIELD_GUIDANCE } from '../rules/limits.js';
import { FixError } from './errors.js';
import { runFfmpeg } from './ffmpeg-runner.js';
import { freeOutputPath } from './output-path.js';
import { resolveFfmpeg } from '../tools/resolve-ffmpeg.js';
import { fixPhoto } from './photo.js';
import { planVideo } from './video-plan.js';

export interface FixerDeps {
  /** ffmpeg binary; by default the one resolveFfmpeg() finds (tools/resolve-ffmpeg.ts). */
  ffmpegPath?: string;
  prober?: Prober;
  /** For tests that need to observe the child process. */
  spawn?: typeof spawn;
}

export interface FixProgress {
  stage: 'transcoding' | 'converting' | 'verifying' | 'done';
  /** 0–1 when the duration is known. */
  fraction: number | null;
  outSec?: number;
}

export interface FixOptions {
  /** Directory for the new file; next to the original by default. */
  outDir?: string;
  creator?: CheckOptions['creator'];
  /** Over the creator's maximum: cut the video (true) or refuse (false, the default). */
  trim?: boolean;
  uploadBitsPerSecond?: number;
  /** x264 preset, 'veryfast' by default. */
  preset?: string;
  onProgress?: (progress: FixProgress) => void;
  signal?: AbortSignal;
}

export interface FixResult {
  path: string;
  kind: 'video' | 'photo';
  actions: string[];
  /** The new file, probed. */
  probe: ProbeResult;
  /** check() of the new file with the same creator limits. */
  findings: Finding[];
}

export interface Fixer {
  fix(path: string, findings: readonly Finding[], options?: FixOptions): Promise<FixResult>;
}

/** Bitrate cap that makes the file fit under 4 GB and, when asked, inside the upload window. */
function bitrateCap(probe: VideoProbe, findings: readonly Finding[], options: FixOptions): number | null {
  if (probe.durationSec === 'unknown') return null;
  const caps: number[] = [];
  if (findings.some((f) => f.code === 'video_file_too_large')) caps.push((VIDEO_RULES.maxBytes * 0.9 * 8) / probe.durationSec);
  if (findings.some((f) => f.code === 'video_upload_too_slow') && options.uploadBitsPerSecond) {
    const budgetSec = FIELD_GUIDANCE.uploadWindowSec * FIELD_GUIDANCE.uploadWindowSafety * 0.9;
    caps.push((options.uploadBitsPerSecond * budgetSec) / probe.durationSec);
  }
  return caps.length > 0 ? Math.min(...caps) : null;
}

export function createFixer(deps: FixerDeps = {}): Fixer {
  const prober = deps.prober ?? createProber();
  // Resolved at the first video fix, so a photo-only use needs no ffmpeg at all.
  let resolved: string | undefined = deps.ffmpegPath;
  const ffmpegCommand = (): string => (resolved ??= resolveFfmpeg().ffmpeg);

  async function verify(path: string, kind: 'video' | 'photo', actions: string[], options: FixOptions): Promise<FixResult> {
    options.onProgress?.({ stage: 'verifying', fraction: 1 });
    const probe = await prober.probe(path);
    const findings = check(probe, { creator: options.creator, postAs: kind });
    options.onProgress?.({ stage: 'done', fraction: 1 });
    return { path, kind, actions, probe, findings };
  }

  return {
    async fix(path, findings, options = {}) {
      const blocking = findings.filter((f) => f.severity === 'error' && !f.fixable);
      if (blocking.length > 0) {
        throw new FixError('ERR_NOT_FIXABLE', `cannot fix ${path}: ${blocking.map((f) => f.message).join(' ')}`, blocking);
      }
      const probe = await prober.probe(path);
      if (probe.kind === 'unusable') {
        throw new FixError('ERR_NOT_FIXABLE', `cannot fix ${path}: it is ${probe.detected} (${probe.detail})`, check(probe));
      }

      if (probe.kind === 'photo') {
        const out = await freeOutputPath(path, 'jpg', options.outDir);
        options.onProgress?.({ stage: 'converting', fraction: 0 });
        const result = await fixPhoto(path, out);
        return verify(out, 'photo', result.actions, options);
      }

      const tooLong = findings.find((f) => f.code === 'video_too_long');
      if (tooLong && !options.trim) {
        throw new FixError('ERR_TOO_LONG', `${tooLong.message} Trim it (fix with trim: true) or post a shorter cut.`, [tooLong]);
      }
      const trimToSec = tooLong && typeof tooLong.limit === 'number' ? tooLong.limit : null;
      const out = await freeOutputPath(path, 'mp4', options.outDir);
      const partial = `${out}.partial.mp4`;
      const plan = planVideo(path, partial, probe, findings, {
        trimToSec,
        preset: options.preset ?? 'veryfast',
        maxBitrate: bitrateCap(probe, findings, options),
      });
      options.onProgress?.({ stage: 'transcoding', fraction: 0, outSec: 0 });
      try {
        await runFfmpeg({
          command: ffmpegCommand(),
          args: plan.args,
          expectedSec: plan.expectedSec,
          onProgress: (outSec, fraction) => options.onProgress?.({ stage: 'transcoding', fraction, outSec }),
          signal: options.signal,
          spawn: deps.spawn,
        });
        await rename(partial, out);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      return verify(out, 'video', plan.actions, options);
    },
  };
}
