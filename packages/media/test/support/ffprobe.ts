// ffprobe's answer for a file, reduced to the fields probe() reports, as the reference the probe
// tests compare against. Frame-rate variability is read from ffprobe's own packet timestamps.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffprobeJson, testFfmpeg } from '../../../../test/support/fixtures.js';

const run = promisify(execFile);

export interface FfprobeAnswer {
  ok: boolean;
  formatName: string | null;
  majorBrand: string | null;
  video: {
    codec: string;
    profile: string | null;
    width: number;
    height: number;
    rotation: number;
    avgFps: number | null;
    frameCount: number | null;
  } | null;
  audioCodec: string | null;
  durationSec: number | 'unknown';
  bitrate: number | null;
  sizeBytes: number | null;
  /** Packet timestamps of the first video packets (time base units), for the VFR comparison. */
  videoPts: number[];
}

interface Stream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  nb_frames?: string;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number };
}

const rate = (r: string | undefined): number | null => {
  if (!r) return null;
  const [n, d] = r.split('/').map(Number);
  return n && d ? n / d : null;
};

/** `packets`: how many video packets to list (null for all). */
export async function ffprobe(path: string, packets: number | null = null): Promise<FfprobeAnswer> {
  let json: { streams?: Stream[]; format?: { format_name?: string; duration?: string; bit_rate?: string; size?: string; tags?: { major_brand?: string } } };
  try {
    json = await ffprobeJson<typeof json>(path);
  } catch {
    return { ok: false, formatName: null, majorBrand: null, video: null, audioCodec: null, durationSec: 'unknown', bitrate: null, sizeBytes: null, videoPts: [] };
  }
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const a = streams.find((s) => s.codec_type === 'audio');
  let videoPts: number[] = [];
  if (v) {
    const window = packets === null ? [] : ['-read_intervals', `%+#${packets}`];
    const { stdout } = await run(testFfmpeg().ffprobe, ['-v', 'error', '-select_streams', 'v:0', ...window, '-show_entries', 'packet=pts', '-of', 'csv=p=0', path], { maxBuffer: 64 * 1024 * 1024 });
    videoPts = stdout.split('\n').filter((l) => l.trim() !== '' && l.trim() !== 'N/A').map(Number);
  }
  const duration = json.format?.duration ? Number(json.format.duration) : NaN;
  return {
    ok: true,
    formatName: json.format?.format_name ?? null,
    majorBrand: json.format?.tags?.major_brand ?? null,
    video: v
      ? {
          codec: v.codec_name ?? '',
          profile: v.profile ?? null,
          width: v.width ?? 0,
          height: v.height ?? 0,
          rotation: ((((v.side_data_list ?? []).find((d) => d.rotation !== undefined)?.rotation ?? 0) % 360) + 360) % 360,
          avgFps: rate(v.avg_frame_rate),
          frameCount: v.nb_frames ? Number(v.nb_frames) : null,
        }
      : null,
    audioCodec: a?.codec_name ?? null,
    durationSec: Number.isFinite(duration) ? duration : 'unknown',
    bitrate: json.format?.bit_rate ? Number(json.format.bit_rate) : null,
    sizeBytes: json.format?.size ? Number(json.format.size) : null,
    videoPts,
  };
}
