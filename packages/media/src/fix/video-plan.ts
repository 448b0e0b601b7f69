// The ffmpeg recipe for a video TikTok processes without surprises: H.264 High/yuv420p + AAC in
// MP4 with the moov first (faststart, so PULL_FROM_URL and previews can start before the end),
// a constant 30 fps, and the shorter side at least 720 px with the aspect ratio kept.
import type { VideoProbe } from '../probe/types.js';
import type { Finding } from '../rules/findings.js';
import { FIELD_GUIDANCE, VIDEO_RULES } from '../rules/limits.js';

export const TARGET_FPS = 30;

export interface VideoPlanOptions {
  /** Cut to this many seconds (the creator's maximum), or null to keep the whole video. */
  trimToSec: number | null;
  /** x264 speed/size trade-off; 'veryfast' by default. */
  preset: string;
  /** Cap the video bitrate (bits/s) when the file must shrink (4 GB, upload window). */
  maxBitrate: number | null;
}

export interface VideoPlan {
  args: string[];
  width: number;
  height: number;
  expectedSec: number | null;
  actions: string[];
}

const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** Output size from the displayed size: up to 720 px on the short side, down to 4096 px on the long. */
export function targetSize(displayWidth: number, displayHeight: number): { width: number; height: number } {
  const short = Math.min(displayWidth, displayHeight);
  const long = Math.max(displayWidth, displayHeight);
  let factor = 1;
  if (short < FIELD_GUIDANCE.minShortSidePx) factor = FIELD_GUIDANCE.minShortSidePx / short;
  if (long * factor > VIDEO_RULES.maxSidePx) factor = VIDEO_RULES.maxSidePx / long;
  return { width: even(displayWidth * factor), height: even(displayHeight * factor) };
}

export function planVideo(input: string, output: string, probe: VideoProbe, findings: readonly Finding[], options: VideoPlanOptions): VideoPlan {
  const actions: string[] = [];
  const v = probe.video;
  // ffmpeg applies the rotation while decoding, so the output is laid out as displayed and carries
  // no rotation flag (some TikTok clients ignore the flag and show the video sideways).
  const { width, height } = targetSize(v.displayWidth, v.displayHeight);
  if (width !== v.displayWidth || height !== v.displayHeight) actions.push(`scaled ${v.displayWidth}x${v.displayHeight} → ${width}x${height}`);
  if (v.rotation !== 0) actions.push(`applied ${v.rotation}° rotation`);
  if (v.codec !== 'h264') actions.push(`re-encoded ${v.codec} → h264`);
  if (v.fps === null || Math.abs(v.fps - TARGET_FPS) > 0.01 || v.variableFrameRate) {
    actions.push(`frame rate ${v.fps ?? 'unknown'}${v.variableFrameRate ? ' (variable)' : ''} → constant ${TARGET_FPS} fps`);
  }
  if (probe.container !== 'mp4') actions.push(`remuxed ${probe.container} → mp4`);

  const args = ['-y', '-i', input, '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn', '-map_metadata', '-1'];
  if (options.trimToSec !== null) {
    args.push('-t', options.trimToSec.toFixed(3));
    actions.push(`trimmed to ${options.trimToSec} s`);
  }
  args.push(
    '-vf', `fps=${TARGET_FPS},scale=${width}:${height}:flags=lanczos,setsar=1,format=yuv420p`,
    '-c:v', 'libx264', '-preset', options.preset, '-crf', '20', '-profile:v', 'high',
  );
  if (options.maxBitrate !== null) {
    const kbps = Math.max(200, Math.floor(options.maxBitrate / 1000));
    args.push('-maxrate', `${kbps}k`, '-bufsize', `${kbps * 2}k`);
    actions.push(`video bitrate capped at ${kbps} kbit/s`);
  }
  args.push('-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', output);
  if (findings.some((f) => f.code === 'video_variable_frame_rate') && !actions.some((a) => a.includes('constant'))) {
    actions.push('frame rate made constant');
  }
  const known = probe.durationSec === 'unknown' ? null : probe.durationSec;
  const expectedSec = options.trimToSec !== null && known !== null ? Math.min(known, options.trimToSec) : (options.trimToSec ?? known);
  return { args, width, height, expectedSec, actions };
}
