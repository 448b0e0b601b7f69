// The result shape shared by the MP4/MOV and WebM/Matroska readers.

export type VideoContainer = 'mp4' | 'mov' | 'webm' | 'mkv';
export type VideoCodec = 'h264' | 'hevc' | 'vp8' | 'vp9';

export interface VideoInspectionOk {
  ok: true;
  /** `mkv` is Matroska with a DocType other than `webm`; TikTok lists only MP4, MOV and WebM. */
  container: VideoContainer;
  /** One of TikTok's four codecs, or the container's own name for anything else (`mp4v`, `V_AV1`…). */
  codec: VideoCodec | (string & {});
  /** Picture size as displayed: stored pixel dimensions, swapped when the track is rotated ±90°. */
  width: number;
  height: number;
  /** Average frames per second over the samples the reader saw. */
  fps: number;
  /** Undefined when the container does not say (live WebM). */
  durationSec: number | undefined;
}

export interface VideoInspectionFailed {
  ok: false;
  reason: string;
}

export type VideoInspection = VideoInspectionOk | VideoInspectionFailed;

/** Display dimensions after a rotation in degrees: quarter turns swap the sides. */
export function rotatedSize(width: number, height: number, rotationDeg: number): { width: number; height: number } {
  const quarter = Math.round(rotationDeg / 90);
  const swap = Math.abs(rotationDeg - quarter * 90) < 1 && Math.abs(quarter) % 2 === 1;
  return swap ? { width: height, height: width } : { width, height };
}
