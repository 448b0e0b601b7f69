// Field-by-field comparison of probe() with ffprobe, shared by the probe tests and bench/probe.ts
// so "100 % agreement" in the bench means exactly what the tests assert.
import type { ProbeResult } from '../../src/index.js';
import type { FfprobeAnswer } from './ffprobe.js';

const FORMAT_OF_IMAGE_CODEC: Record<string, string> = { mjpeg: 'jpeg', png: 'png', webp: 'webp' };

/** Variable frame rate from ffprobe's packet timestamps: >5 % of frames off the usual duration. */
export function variableFromPts(pts: readonly number[]): boolean {
  const sorted = [...pts].sort((a, b) => a - b);
  const deltas = sorted.slice(1).map((t, i) => t - (sorted[i] ?? 0)).slice(0, -1);
  const counts = new Map<number, number>();
  for (const d of deltas) counts.set(d, (counts.get(d) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const off = deltas.filter((d) => Math.abs(d - usual) > Math.max(Math.max(d, usual) >= 10 ? 1 : 0, 0.02 * Math.max(d, usual))).length;
  return deltas.length > 0 && off / deltas.length > 0.05;
}

/** Every disagreement as "field: ours vs ffprobe"; empty when the two agree. */
export function disagreements(ours: ProbeResult, theirs: FfprobeAnswer): string[] {
  const out: string[] = [];
  const same = (field: string, a: unknown, b: unknown) => {
    if (a !== b) out.push(`${field}: ${String(a)} vs ${String(b)}`);
  };
  const close = (field: string, a: number, b: number, tolerance: number) => {
    if (!(Math.abs(a - b) <= tolerance)) out.push(`${field}: ${a} vs ${b}`);
  };

  if (ours.kind === 'unusable') {
    if (theirs.ok && theirs.video !== null) out.push(`kind: unusable (${ours.reason}) vs ffprobe reading a ${theirs.video.codec} picture`);
    return out;
  }
  if (!theirs.ok || !theirs.video) return [`kind: ${ours.kind} vs ffprobe finding no picture`];
  same('size', ours.sizeBytes, theirs.sizeBytes);

  if (ours.kind === 'photo') {
    same('format', ours.format, FORMAT_OF_IMAGE_CODEC[theirs.video.codec]);
    same('width', ours.width, theirs.video.width);
    same('height', ours.height, theirs.video.height);
    return out;
  }

  const v = ours.video;
  const fv = theirs.video;
  // ffprobe names the container family; the MP4 brand (qt → MOV) or the DocType says which member.
  if (ours.container === 'webm' || ours.container === 'matroska') same('container', 'matroska,webm', theirs.formatName);
  else {
    same('container family', true, theirs.formatName?.includes('mp4') ?? false);
    same('container', ours.container, theirs.majorBrand?.trim() === 'qt' ? 'mov' : 'mp4');
  }
  same('codec', v.codec, fv.codec);
  same('profile', v.profile, fv.profile);
  same('audio codec', ours.audio?.codec ?? null, theirs.audioCodec);
  same('width', v.width, fv.width);
  same('height', v.height, fv.height);
  same('rotation', v.rotation, fv.rotation);
  const swap = fv.rotation % 180 !== 0;
  same('display width', v.displayWidth, swap ? fv.height : fv.width);
  same('display height', v.displayHeight, swap ? fv.width : fv.height);
  close('fps', v.fps ?? NaN, fv.avgFps ?? NaN, 0.005);
  same('variable frame rate', v.variableFrameRate, variableFromPts(theirs.videoPts));
  // For fragmented files ffprobe's nb_frames counts only the samples listed in the moov; ours
  // counts every fragment, so the two are comparable only for unfragmented files.
  if (fv.frameCount !== null && !ours.fragmented) same('frame count', v.frameCount, fv.frameCount);
  if (theirs.durationSec === 'unknown' || ours.durationSec === 'unknown') {
    same('duration', ours.durationSec, theirs.durationSec);
    same('bitrate', ours.bitrate, null);
  } else {
    close('duration', ours.durationSec, theirs.durationSec, 0.0005);
    // ffprobe truncates the bitrate to whole bits per second.
    close('bitrate', ours.bitrate ?? NaN, theirs.bitrate ?? NaN, 1);
  }
  return out;
}
