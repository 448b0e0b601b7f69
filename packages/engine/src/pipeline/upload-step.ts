// Step 5 for FILE_UPLOAD: stream the chunks with the client's uploader. The upload URL and chunk
// plan are stored (sealed) on the attempt, so a worker taking over after a crash resumes the same
// upload — the uploader resynchronises on the byte count TikTok reports — instead of sending a new
// init: once bytes may have left, only status tells what TikTok has (docs/architecture.md §2.3).
import { TikTokUploadError, TikTokUploadWindowError, chunkRange, type ChunkPlan, type UploadResult } from '@tokpost/tiktok';
import { localReasonMessage } from '../domain/reasons.js';
import type { UploadSession } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobLease } from '../jobs/lease.js';
import type { PostContext } from './post-context.js';
import { failPost, startTracking } from './publish-outcomes.js';
import { recordedCall } from './recorded-call.js';
import { backoffDelay } from '../jobs/backoff.js';

/** Upload errors after which the publish can never complete. */
const DEAD_UPLOAD = new Set(['upload_window_expired', 'upload_window_insufficient', 'upload_not_found', 'upload_rejected', 'upload_protocol_error', 'upload_range_mismatch', 'upload_resync_impossible']);

/** The plan announced at init, rebuilt from its two numbers (TikTok's chunk rules fix the rest). */
export function announcedPlan(videoSize: number, chunkSize: number): ChunkPlan {
  const totalChunkCount = Math.floor(videoSize / chunkSize);
  const chunks = Array.from({ length: totalChunkCount }, (_, index) => {
    const { first, last } = chunkRange(index, videoSize, chunkSize, totalChunkCount);
    return { index, first, last, size: last - first + 1 };
  });
  return { videoSize, chunkSize, totalChunkCount, chunks };
}

export async function runUpload(deps: EngineDeps, lease: JobLease, ctx: PostContext & { actor: string }, session: UploadSession): Promise<void> {
  const { post, app, media, actor } = ctx;
  const client = deps.clients.forApp(app);
  const plan = announcedPlan(session.videoSize, session.chunkSize);
  const asset = media[0]!;
  // Uploads wait for a free slot in this process (settings.uploadsInFlight), so memory and
  // bandwidth stay bounded however many jobs run at once.
  const res = await deps.uploadSlots(() => recordedCall<UploadResult>(
    deps,
    { kind: 'upload', endpoint: 'upload', postId: post.id, accountId: post.accountId, request: { video_size: session.videoSize, chunk_size: session.chunkSize, chunks: plan.totalChunkCount } },
    () => client.uploadVideo({ uploadUrl: session.uploadUrl, plan, expiresAt: session.uploadExpiresAt, source: { path: asset.path }, signal: lease.signal }),
    (r) => ({ httpStatus: 201, message: `${r.totalBytes} bytes in ${r.requests} requests (${r.retries} retries)`, publishId: post.publishId }),
  ));
  if (res.ok) {
    await lease.done(async (tx) => {
      await startTracking(deps, tx, post, actor);
    });
    return;
  }
  const e = res.error;
  if (lease.signal.aborted) throw lease.signal.reason;
  const code = e instanceof TikTokUploadError ? e.code : 'network_error';
  const now = deps.clock.now();
  const dead = e instanceof TikTokUploadWindowError || DEAD_UPLOAD.has(code) || now >= session.uploadExpiresAt;
  if (dead && post.publishId) {
    // TikTok may hold every byte although its last answer was lost (a reset after the final
    // chunk, a worker killed right after sending it): then it publishes. Only its status tells.
    const publishId = post.publishId;
    const st = await recordedCall(
      deps,
      { kind: 'status', endpoint: 'status_fetch', postId: post.id, accountId: post.accountId, request: { publish_id: publishId } },
      () => client.fetchStatus(ctx.account.accessToken, publishId),
      (v) => ({ logId: v.logId ?? null, failReason: v.failReason ?? null, publishId, message: v.status }),
    );
    if (!st.ok) {
      if (lease.job.attempts < 8) return lease.retry(now + backoffDelay(lease.job.attempts, { baseMs: 5_000, maxMs: 5 * 60_000 }, deps.random), `upload ${code}; asking TikTok's status first`);
      // Still no word from TikTok: keep tracking rather than call a post failed that TikTok may publish.
      await lease.done(async (tx) => {
        await startTracking(deps, tx, post, actor);
      });
      return;
    }
    if (st.value.status !== 'PROCESSING_UPLOAD') {
      await lease.done(async (tx) => {
        await startTracking(deps, tx, post, actor, { message: `The upload's last answer was lost, but TikTok has the file (${st.value.status}); tracking it.` });
      });
      return;
    }
  }
  if (dead) {
    const confirmed = e instanceof TikTokUploadError ? e.bytesConfirmed : undefined;
    return failPost(deps, lease, post, actor, {
      reason: 'upload_failed',
      message: `${localReasonMessage('upload_failed')} (${code}${confirmed !== undefined ? `, ${confirmed} of ${session.videoSize} bytes confirmed` : ''}). TikTok discards an incomplete upload; retrying the post starts a new one.`,
      detail: { code, bytes_confirmed: confirmed ?? null },
    });
  }
  // A transient failure with time left in the window: resume the same upload a little later.
  const delay = backoffDelay(lease.job.attempts, { baseMs: 5_000, maxMs: 5 * 60_000 }, deps.random);
  await lease.retry(Math.min(now + delay, session.uploadExpiresAt - 60_000), `upload ${code}; resuming`);
}
