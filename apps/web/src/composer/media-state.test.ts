import { describe, expect, it } from 'vitest';
import type { Finding, MediaView } from '../api/types.js';
import { looksLikeVideo, mediaState, type MediaItem } from './media-state.js';

const finding = (severity: Finding['severity']): Finding => ({ code: `c_${severity}`, severity, message: 'm', measured: null, limit: null, fix: 'f', fixable: true });
const view = (o: Partial<MediaView>): MediaView => ({ id: 'med_1', kind: 'video', probe: { kind: 'video', durationSec: 42 }, findings: [], ...o });
const item = (o: Partial<MediaItem>): MediaItem => ({ localId: 'l1', file: { name: 'a.mp4', type: 'video/mp4', size: 1 } as File, url: 'blob:x', kind: 'video', progress: 1, status: 'ready', ...o });

describe('media as the rules see it', () => {
  it('nothing chosen', () => {
    expect(mediaState([])).toEqual({ kind: null, count: 0, durationSec: null, busy: false, errorCount: 0 });
  });

  it('a video: its probed length; busy while uploading or fixing', () => {
    expect(mediaState([item({ media: view({}) })])).toEqual({ kind: 'video', count: 1, durationSec: 42, busy: false, errorCount: 0 });
    expect(mediaState([item({ status: 'uploading', progress: 0.4 })]).busy).toBe(true);
    expect(mediaState([item({ media: view({}), fix: { status: 'running', progress: 0.5 } })]).busy).toBe(true);
    expect(mediaState([item({ media: view({ probe: { kind: 'video', durationSec: 'unknown' } }) })]).durationSec).toBeNull();
  });

  it('counts preflight errors (not warnings), unusable files and failed uploads', () => {
    const errors = mediaState([
      item({ localId: 'a', media: view({ findings: [finding('error'), finding('warning')] }) }),
      item({ localId: 'b', media: view({ kind: 'unusable' }) }),
      item({ localId: 'c', status: 'failed', error: 'too large' }),
    ]);
    expect(errors.errorCount).toBe(3);
  });

  it('recognises videos by type, or by name when the browser gives no type', () => {
    expect([looksLikeVideo({ type: 'video/quicktime', name: 'a.mov' }), looksLikeVideo({ type: '', name: 'clip.MOV' }), looksLikeVideo({ type: 'image/jpeg', name: 'x.mp4' }), looksLikeVideo({ type: '', name: 'p.jpg' })]).toEqual([true, true, false, false]);
  });
});
