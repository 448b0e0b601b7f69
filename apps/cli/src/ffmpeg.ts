// Which ffmpeg `tokpost fix`, serve and worker use, in the words of @tokpost/media's resolveFfmpeg
// (docs/media.md, "ffmpeg resolution"): the system's on the PATH, else the binary bundled in the
// @ffmpeg-installer packages. Undefined when there is none; the commands say so.
export interface FfmpegLocation {
  path: string;
  source: 'configured' | 'system' | 'bundled';
}

export async function locateFfmpeg(env: Record<string, string | undefined>): Promise<FfmpegLocation | undefined> {
  const { resolveFfmpeg } = await import('@tokpost/media');
  try {
    const r = resolveFfmpeg({ searchPath: env['PATH'] });
    return { path: r.ffmpeg, source: r.source };
  } catch {
    return undefined;
  }
}
