// The fix job (key `fix:<fixId>`): runs @tokpost/media's fixer over the asset with the engine's
// ffmpeg (docs/media.md), writes the progress as ffmpeg reports it (at most every 5 % or second),
// and registers the output as a new media asset, probed and checked afresh, so its findings are
// proof and not a promise. A fixer refusal or an ffmpeg failure ends the fix as `failed` with the
// reason; a worker that stops or loses its lease leaves the fix `running` and the next worker
// starts it over (the partial output is removed by the fixer).
import { createFixer, FixError } from '@tokpost/media';
import type { EngineDeps } from '../engine-deps.js';
import type { MediaFixStatus } from '../domain/types.js';
import type { JobHandler } from '../jobs/worker.js';
import { registerMedia } from './register-media.js';
import { mediaDirOf } from './uploads-service.js';

const PROGRESS_STEP = 0.05;
const PROGRESS_EVERY_MS = 1_000;

export function createFixHandler(deps: EngineDeps): JobHandler {
  const { store, clock, ids } = deps;
  return async (lease) => {
    const { fixId } = lease.job.payload as { fixId: string };
    const fix = await store.mediaFixes.get(fixId);
    if (!fix || (fix.status !== 'queued' && fix.status !== 'running')) return lease.done();
    const asset = await store.media.get(fix.mediaId);
    const emit = (status: MediaFixStatus, progress: number) => deps.events.emit('fix', { fixId, mediaId: fix.mediaId, status, progress, at: clock.now() });
    const fail = async (error: string) => {
      await lease.done(async (tx) => {
        await tx.mediaFixes.update(fixId, { status: 'failed', error }, clock.now(), ['queued', 'running']);
      });
      emit('failed', fix.progress);
    };
    if (!asset) return fail(`media ${fix.mediaId} no longer exists`);

    await lease.tx((tx) => tx.mediaFixes.update(fixId, { status: 'running', progress: 0, error: null }, clock.now(), ['queued', 'running']));
    emit('running', 0);

    // Progress writes are chained (one at a time, in order) and throttled; the job waits for the
    // last one before it records the outcome.
    let written = 0;
    let writtenAt = clock.now();
    let writes = Promise.resolve();
    const onFraction = (fraction: number | null) => {
      if (fraction === null) return;
      const p = Math.min(0.99, Math.max(0, fraction));
      if (p - written < PROGRESS_STEP && clock.now() - writtenAt < PROGRESS_EVERY_MS) return;
      if (p <= written) return;
      written = p;
      writtenAt = clock.now();
      writes = writes.then(async () => {
        if (lease.signal.aborted) return;
        await lease.tx((tx) => tx.mediaFixes.update(fixId, { progress: p }, clock.now(), ['running']));
        emit('running', p);
      }).catch((e: unknown) => deps.log.warn({ err: e, fix: fixId }, 'could not record the fix progress'));
    };

    let result;
    try {
      const fixer = createFixer({ ffmpegPath: deps.ffmpeg().ffmpeg });
      result = await fixer.fix(asset.path, asset.findings, {
        outDir: mediaDirOf(deps),
        signal: lease.signal,
        onProgress: (pr) => (pr.stage === 'transcoding' || pr.stage === 'converting' ? onFraction(pr.fraction) : undefined),
      });
    } catch (e) {
      await writes;
      if (lease.signal.aborted) throw e;
      if (e instanceof FixError) return fail(e.message);
      throw e;
    }
    await writes;
    const fixed = await registerMedia(store, { ids, now: clock.now() }, { path: result.path, postAs: result.kind });
    await lease.done(async (tx) => {
      await tx.mediaFixes.update(fixId, { status: 'done', progress: 1, fixedMediaId: fixed.id, error: null }, clock.now(), ['running']);
    });
    emit('done', 1);
  };
}
