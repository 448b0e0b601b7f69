// Fixing a media asset (docs/media.md): `fix(id)` queues a `fix` job (media/fix-job.ts) that any
// worker runs; the fix row carries its status and progress for GET /api/media/:id. One fix per
// asset at a time: asking again while one is queued or running answers that one. A file whose
// findings include an error no transcode can mend (audio only, truncated…) is refused up front.
import type { JobSpec } from '../domain/store-port.js';
import type { MediaAsset, MediaFix } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { conflict, notFound } from '../errors.js';

export interface MediaFixesService {
  /** Queues a fix of the asset (or answers the one in progress). */
  fix(mediaId: string): Promise<MediaFix>;
  latest(mediaId: string): Promise<MediaFix | undefined>;
}

export const fixJobKey = (fixId: string): string => `fix:${fixId}`;

export function fixJob(fix: MediaFix, runAt: number): JobSpec {
  // Grouped by asset: never two ffmpeg runs over one file.
  return { kind: 'fix', key: fixJobKey(fix.id), groupKey: `media:${fix.mediaId}`, runAt, payload: { fixId: fix.id } };
}

function refusal(asset: MediaAsset): string | undefined {
  if (asset.kind === 'unusable') return `media ${asset.id} cannot be fixed: ${asset.findings.map((f) => f.message).join(' ') || 'it is not a video or photo'}`;
  const blocking = asset.findings.filter((f) => f.severity === 'error' && !f.fixable);
  if (blocking.length > 0) return `media ${asset.id} cannot be fixed: ${blocking.map((f) => `${f.message} ${f.fix}`).join(' ')}`;
  if (!asset.findings.some((f) => f.fixable)) return `media ${asset.id} has nothing to fix: its findings hold nothing a transcode would change`;
  return undefined;
}

export function createMediaFixesService(deps: EngineDeps): MediaFixesService {
  const { store, clock, ids } = deps;
  return {
    async fix(mediaId) {
      const asset = await store.media.get(mediaId);
      if (!asset) throw notFound('media', mediaId);
      const why = refusal(asset);
      if (why) throw conflict(why);
      const now = clock.now();
      const queued = await store.transaction(async (tx) => {
        const current = await tx.mediaFixes.latestFor(mediaId);
        if (current && (current.status === 'queued' || current.status === 'running')) return { fix: current, fresh: false };
        const fix: MediaFix = { id: ids.next('fix'), mediaId, status: 'queued', progress: 0, fixedMediaId: null, error: null, createdAt: now, updatedAt: now };
        await tx.mediaFixes.insert(fix);
        await tx.jobs.upsert(fixJob(fix, now), now);
        return { fix, fresh: true };
      });
      if (queued.fresh) {
        deps.events.emit('fix', { fixId: queued.fix.id, mediaId, status: 'queued', progress: 0, at: now });
        deps.events.emit('work');
      }
      return queued.fix;
    },
    latest: (mediaId) => store.mediaFixes.latestFor(mediaId),
  };
}
