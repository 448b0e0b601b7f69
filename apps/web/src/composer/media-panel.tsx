// The composer's media: upload with a progress bar, a playable preview of the video or the photos
// (reorderable, cover chosen), the preflight findings and "fix it" with its progress.
import { useEffect, useRef, useState } from 'react';
import { get, messageOf, post } from '../api/client.js';
import type { MediaView } from '../api/types.js';
import { uploadMedia } from '../api/upload.js';
import { bytes } from '../format.js';
import { Progress } from '../ui/bits.js';
import type { MediaKind } from './rules.js';
import { looksLikeVideo, type MediaItem } from './media-state.js';

export const PHOTO_LIMIT = 35;
const ACCEPT = 'video/mp4,video/webm,video/quicktime,image/jpeg,image/webp,image/png';

let seq = 0;
export function MediaPanel({ items, setItems, coverIndex, setCoverIndex }: { items: MediaItem[]; setItems: (fn: (prev: MediaItem[]) => MediaItem[]) => void; coverIndex: number; setCoverIndex: (i: number) => void }) {
  const [note, setNote] = useState<string | null>(null);
  const update = (localId: string, patch: Partial<MediaItem>) => setItems((prev) => prev.map((i) => (i.localId === localId ? { ...i, ...patch } : i)));

  // Object URLs of the previews are released when the composer closes.
  const latest = useRef(items);
  latest.current = items;
  useEffect(() => () => latest.current.forEach((i) => URL.revokeObjectURL(i.url)), []);

  function start(file: File, kind: MediaKind) {
    const item: MediaItem = { localId: `m${++seq}`, file, url: URL.createObjectURL(file), kind, progress: 0, status: 'uploading' };
    const { done } = uploadMedia(file, (p) => update(item.localId, { progress: p }));
    done.then(
      // The server's probe has the last word on what the file is.
      (media) => update(item.localId, { status: 'ready', media, postId: media.id, progress: 1, ...(media.kind === 'video' || media.kind === 'photo' ? { kind: media.kind } : {}) }),
      (e: unknown) => update(item.localId, { status: 'failed', error: messageOf(e) }),
    );
    return item;
  }

  // Uploads start here, outside the state updaters (React may run an updater twice).
  function onFiles(list: FileList | null) {
    setNote(null);
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    const video = files.find(looksLikeVideo);
    if (video) {
      if (files.length > 1) setNote('A post has one video, or photos only: the video was kept.');
      items.forEach((i) => URL.revokeObjectURL(i.url));
      const fresh = start(video, 'video');
      setItems(() => [fresh]);
      setCoverIndex(0);
      return;
    }
    const photos = items.filter((i) => i.kind === 'photo');
    if (photos.length !== items.length) {
      items.forEach((i) => URL.revokeObjectURL(i.url));
      setCoverIndex(0);
    }
    const room = Math.max(0, PHOTO_LIMIT - photos.length);
    if (files.length > room) setNote(`TikTok takes up to ${PHOTO_LIMIT} photos in a post: ${files.length - room} were left out.`);
    const added = files.slice(0, room).map((f) => start(f, 'photo'));
    const keep = new Set(photos.map((p) => p.localId));
    setItems((prev) => [...prev.filter((i) => keep.has(i.localId)), ...added]);
  }

  async function fix(item: MediaItem) {
    if (!item.media) return;
    const id = item.media.id;
    try {
      const r = await post<{ fix: { status: string; progress: number } }>(`/api/media/${id}/fix`);
      update(item.localId, { fix: r.fix });
      for (;;) {
        await new Promise((res) => setTimeout(res, 1_000));
        const view = await get<MediaView>(`/api/media/${id}`);
        const f = view.fix ?? { status: 'running', progress: 0 };
        update(item.localId, { fix: f });
        if (f.status === 'failed') return;
        if (f.status === 'done') {
          if (f.fixedMediaId) {
            const fixed = await get<MediaView>(`/api/media/${f.fixedMediaId}`);
            update(item.localId, { postId: fixed.id, media: { ...fixed, fix: f } });
          }
          return;
        }
      }
    } catch (e) {
      update(item.localId, { fix: { status: 'failed', progress: 0, error: messageOf(e) } });
    }
  }

  function move(from: number, to: number) {
    if (to < 0 || to >= items.length) return;
    setItems((prev) => {
      const next = [...prev];
      const [it] = next.splice(from, 1);
      next.splice(to, 0, it!);
      return next;
    });
    if (coverIndex === from) setCoverIndex(to);
    else if (coverIndex === to) setCoverIndex(from);
  }

  function remove(index: number) {
    const gone = items[index];
    if (!gone) return;
    URL.revokeObjectURL(gone.url);
    setItems((prev) => prev.filter((i) => i.localId !== gone.localId));
    if (coverIndex >= index && coverIndex > 0) setCoverIndex(coverIndex - 1);
  }

  const isPhotos = items[0]?.kind === 'photo';
  return (
    <fieldset className="media-panel">
      <legend>Media</legend>
      <div className="actions">
        <input id="media-file" className="visually-hidden file-input" type="file" accept={ACCEPT} multiple onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
        <label className="button" htmlFor="media-file">
          {items.length === 0 ? 'Choose a video or photos' : isPhotos ? 'Add photos' : 'Replace the video'}
        </label>
        <span className="muted small">One video (MP4, WebM or MOV), or up to {PHOTO_LIMIT} photos (JPEG or WebP).</span>
      </div>
      {note && <p className="note note-warning">{note}</p>}
      {items.length > 0 && (
        <ol className={isPhotos ? 'photo-strip' : 'video-preview'} aria-label={isPhotos ? 'Photos, in posting order' : 'Video preview'}>
          {items.map((item, index) => (
            <li key={item.localId} className="media-item">
              {item.kind === 'video' ? (
                <video src={item.url} controls playsInline preload="metadata" aria-label={`Preview of ${item.file.name}`} data-testid="video-preview" />
              ) : (
                <img src={item.url} alt={`Photo ${index + 1}: ${item.file.name}`} data-testid="photo-preview" />
              )}
              <div className="media-meta">
                <span className="small media-name">
                  <span className="file-name" title={item.file.name}>
                    {item.file.name}
                  </span>
                  <span className="file-size"> · {bytes(item.file.size)}</span>
                </span>
                {item.status === 'uploading' && <Progress value={item.progress} label={`Uploading ${item.file.name}`} />}
                {item.status === 'failed' && (
                  <p className="error" role="alert">
                    {item.error}
                  </p>
                )}
                {isPhotos && (
                  <div className="photo-controls">
                    <label className="inline">
                      <input type="radio" name="cover" checked={coverIndex === index} onChange={() => setCoverIndex(index)} /> Cover
                    </label>
                    <button type="button" className="small-button" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`Move photo ${index + 1} earlier`}>
                      ←
                    </button>
                    <button type="button" className="small-button" onClick={() => move(index, index + 1)} disabled={index === items.length - 1} aria-label={`Move photo ${index + 1} later`}>
                      →
                    </button>
                    <button type="button" className="small-button" onClick={() => remove(index)} aria-label={`Remove photo ${index + 1}`}>
                      ✕
                    </button>
                  </div>
                )}
                <Findings item={item} onFix={() => fix(item)} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}

function Findings({ item, onFix }: { item: MediaItem; onFix: () => void }) {
  const m = item.media;
  if (!m) return null;
  const fixed = item.fix?.status === 'done';
  const fixing = item.fix && item.fix.status !== 'done' && item.fix.status !== 'failed';
  if (m.kind === 'unusable') {
    return (
      <p className="note note-error" role="alert">
        This file cannot be posted: {String(m.probe.detail ?? m.probe.detected ?? 'its format is not one TikTok accepts')}.
      </p>
    );
  }
  const findings = m.findings;
  const canFix = findings.some((f) => f.fixable) && !fixed;
  return (
    <div className="findings">
      {findings.length === 0 ? (
        <p className="ok-text small">{fixed ? 'Fixed: the repaired copy will be posted.' : 'Preflight: TikTok should accept this file.'}</p>
      ) : (
        <ul aria-label="Preflight findings">
          {findings.map((f) => (
            <li key={f.code} className={`finding finding-${f.severity}`}>
              <strong>{f.severity === 'error' ? 'Problem' : f.severity === 'warning' ? 'Warning' : 'Note'}:</strong> {f.message} <span className="fix">{f.fix}</span>
            </li>
          ))}
        </ul>
      )}
      {canFix && !fixing && (
        <button type="button" onClick={onFix}>
          Fix it
        </button>
      )}
      {fixing && <Progress value={item.fix!.progress} label={`Fixing ${item.file.name}`} />}
      {item.fix?.status === 'failed' && (
        <p className="error" role="alert">
          The fix did not succeed{item.fix.error ? `: ${item.fix.error}` : '.'}
        </p>
      )}
    </div>
  );
}
