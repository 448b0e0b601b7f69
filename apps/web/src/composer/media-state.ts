// The composer's media as the rules see it (composerRules' MediaState): what kind, how many, how
// long, whether an upload or fix still runs, and how many preflight errors are left.
import type { MediaView } from '../api/types.js';
import type { MediaKind, MediaState } from './rules.js';

export interface MediaItem {
  localId: string;
  file: File;
  url: string;
  kind: MediaKind;
  progress: number;
  status: 'uploading' | 'ready' | 'failed';
  error?: string;
  media?: MediaView;
  /** The media id to post: the fixed copy once a fix finished. */
  postId?: string;
  fix?: { status: string; progress: number; error?: string };
}

/** Whether the browser's file looks like a video (by type, or by name when it has no type). */
export function looksLikeVideo(f: Pick<File, 'type' | 'name'>): boolean {
  if (f.type) return f.type.startsWith('video/');
  return /\.(mp4|m4v|mov|webm)$/i.test(f.name);
}

export function mediaState(items: MediaItem[]): MediaState {
  const first = items[0];
  if (!first) return { kind: null, count: 0, durationSec: null, busy: false, errorCount: 0 };
  const duration = first.kind === 'video' ? first.media?.probe.durationSec : undefined;
  return {
    kind: first.kind,
    count: items.length,
    durationSec: typeof duration === 'number' ? duration : null,
    busy: items.some((i) => i.status === 'uploading' || (i.fix !== undefined && i.fix.status !== 'done' && i.fix.status !== 'failed')),
    errorCount: items.reduce((n, i) => n + (i.status === 'failed' ? 1 : (i.media?.findings.filter((f) => f.severity === 'error').length ?? 0) + (i.media?.kind === 'unusable' ? 1 : 0)), 0),
  };
}

