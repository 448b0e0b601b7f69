// What probe() answers. Names and units follow ffprobe where one exists (codec names such as
// `h264`/`hevc`/`vp9`, profiles such as `High`/`Profile 0`) so the rules, the CLI and a user
// comparing with `ffprobe` all speak the same words.

export type VideoContainer = 'mp4' | 'mov' | 'webm' | 'matroska';
export type PhotoFormat = 'jpeg' | 'png' | 'webp';

interface ProbeCommon {
  path: string;
  sizeBytes: number;
  /** Bytes read from disk to answer; the point of the seek-following probers. */
  bytesRead: number;
  /** Lower-cased extension without the dot (`''` when none). */
  extension: string;
  /** False when the name says one thing and the bytes another (a PNG named `.mp4`). */
  extensionMatches: boolean;
}

export interface VideoStreamInfo {
  codec: string;
  profile: string | null;
  /** Coded size, as stored. */
  width: number;
  height: number;
  /** Display rotation in degrees (0, 90, 180, 270), signed as ffprobe's display matrix. */
  rotation: number;
  /** Size as shown to the viewer, after rotation. */
  displayWidth: number;
  displayHeight: number;
  /** Average frames per second, or null when the file gives no way to tell. */
  fps: number | null;
  variableFrameRate: boolean;
  frameCount: number | null;
}

export interface AudioStreamInfo {
  codec: string;
}

export interface VideoProbe extends ProbeCommon {
  kind: 'video';
  container: VideoContainer;
  /** MP4 brand (`isom`, `qt  `…) or Matroska DocType. */
  brand: string | null;
  fragmented: boolean;
  video: VideoStreamInfo;
  audio: AudioStreamInfo | null;
  /** Seconds, or 'unknown' when the file does not say (live WebM). */
  durationSec: number | 'unknown';
  /** Whole-file bits per second (size × 8 / duration), null when the duration is unknown. */
  bitrate: number | null;
}

export interface PhotoProbe extends ProbeCommon {
  kind: 'photo';
  format: PhotoFormat;
  width: number;
  height: number;
}

export type UnusableReason =
  | 'empty'
  | 'truncated'
  | 'corrupt'
  | 'unrecognized'
  | 'audio-only'
  | 'unsupported-format'
  | 'too-complex';

export interface UnusableProbe extends ProbeCommon {
  kind: 'unusable';
  reason: UnusableReason;
  /** What the bytes are, in words: "PNG image", "MP3 audio", "MP4 (truncated)". */
  detected: string;
  detail: string;
}

export type ProbeResult = VideoProbe | PhotoProbe | UnusableProbe;

type CommonKey = keyof ProbeCommon;
/** What a format prober answers; probe() adds the common fields. */
export type ProbeBody = Omit<VideoProbe, CommonKey> | Omit<PhotoProbe, CommonKey> | Omit<UnusableProbe, CommonKey>;
