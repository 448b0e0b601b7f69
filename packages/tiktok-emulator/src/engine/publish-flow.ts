// The publish state machine (docs/tiktok-api.md §8.3):
//   direct FILE_UPLOAD   PROCESSING_UPLOAD → (last chunk) → processing → PUBLISH_COMPLETE | FAILED
//   direct PULL_FROM_URL PROCESSING_DOWNLOAD → processing → PUBLISH_COMPLETE | FAILED
//   inbox (video, photo MEDIA_UPLOAD) … → SEND_TO_USER_INBOX → (creator finishes) → PUBLISH_COMPLETE
// After PUBLISH_COMPLETE, moderation decides: public posts get `publicaly_available_post_id`,
// rejected ones end FAILED with spam_risk_text / spam_risk. Each transition fires its webhook.
// Media is checked with the emulator's own reader (./media), never tokpost's preflight code.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { PULL_TIMEOUT_MS, WEBHOOK_EVENTS, type PublishStatus } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { inspectPhoto, inspectVideo, photoFailReason, videoFailReason } from '../media/index.js';
import type { Grant, Post, Publish } from '../state.js';
import { effectivePrivacy } from './caps.js';
import { freeCreatedAt } from './profile.js';

export interface PublishFlow {
  /** The last chunk arrived: check and publish the uploaded file. */
  uploadComplete(p: Publish): void;
  /** Starts TikTok's download of a PULL_FROM_URL video or photo set. */
  startPull(p: Publish): void;
  /** Cancels a pull still downloading; false when it can no longer be cancelled. */
  cancel(p: Publish): boolean;
  /** The creator finished an inbox draft in the TikTok app. */
  completeInbox(p: Publish, opts: { privacy_level?: string; title?: string }): Post | undefined;
  /** Removes a published post from public view (moderation after the fact, creator deleted it). */
  removePost(post: Post): void;
  /** Revokes a grant: tokens die, in-flight publishes fail with auth_removed, webhook fires. */
  revokeGrant(grant: Grant, reason: number): void;
}

const TERMINAL: PublishStatus[] = ['PUBLISH_COMPLETE', 'FAILED'];

export function createPublishFlow(ctx: EmulatorContext): PublishFlow {
  const publishType = (p: Publish) => (p.kind === 'inbox_video' || p.kind === 'photo_upload' ? 'INBOX_SHARE' : 'DIRECT_PUBLISH');
  const grantAlive = (p: Publish) => !ctx.state.grants.get(p.grant_id)?.revoked;
  // A reset replaces the state while processing and moderation timers of old publishes are still
  // pending; when they fire, their publish is gone and there is nothing left to do.
  const current = (p: Publish) => ctx.state.publishes.get(p.publish_id) === p;

  const setStatus = (p: Publish, status: PublishStatus, failReason?: string) => {
    p.status = status;
    if (failReason) p.fail_reason = failReason;
    if (status === 'FAILED' || status === 'PUBLISH_COMPLETE') p.pending_share = false;
    ctx.events.emit('publish', { publish_id: p.publish_id, status, fail_reason: failReason });
    const content: Record<string, unknown> = { publish_id: p.publish_id, publish_type: publishType(p) };
    if (status === 'FAILED') ctx.webhooks.emit(p.client_key, WEBHOOK_EVENTS.publishFailed, p.open_id, { ...content, reason: failReason });
    if (status === 'PUBLISH_COMPLETE') ctx.webhooks.emit(p.client_key, WEBHOOK_EVENTS.publishComplete, p.open_id, content);
    if (status === 'SEND_TO_USER_INBOX') ctx.webhooks.emit(p.client_key, WEBHOOK_EVENTS.inboxDelivered, p.open_id, content);
  };

  const fail = (p: Publish, reason: string) => {
    if (TERMINAL.includes(p.status)) return;
    setStatus(p, 'FAILED', reason);
  };

  const sha256File = async (path: string) => {
    const h = createHash('sha256');
    await pipeline(createReadStream(path), h);
    return h.digest('hex');
  };

  /**
   * Media check, then publish or deliver to the inbox, after the processing delay. The delay is a
   * timer, not a tracked sleep, so `idle()` never waits on emulator time that nobody advances.
   */
  const scheduleProcessing = (p: Publish) => {
    p.processing = true;
    ctx.time.at(ctx.time.now() + ctx.settings.processing_delay_ms, () => ctx.track(finishProcessing(p), `processing ${p.publish_id}`), 'processing');
  };

  const finishProcessing = async (p: Publish) => {
    if (!current(p) || TERMINAL.includes(p.status) || !grantAlive(p)) return;
    const creator = ctx.state.creators.get(p.open_id)!;
    let reason: string | undefined;
    if (p.kind === 'direct_video' || p.kind === 'inbox_video') {
      const inspection = await inspectVideo(p.media_paths[0]!);
      reason = videoFailReason(inspection, { maxDurationSec: creator.max_video_post_duration_sec, minSidePx: ctx.settings.min_side_px });
      if (inspection.ok) p.media_info = { width: inspection.width, height: inspection.height, duration_sec: Math.round(inspection.durationSec ?? 0) };
    } else {
      for (const [i, path] of p.media_paths.entries()) {
        const inspection = inspectPhoto(await readFile(path));
        reason = photoFailReason(inspection);
        if (reason) break;
        // The cover photo stands for the post's picture size in the Display API.
        if (inspection.ok && i === (p.photo_cover_index ?? 0)) p.media_info = { width: inspection.width, height: inspection.height, duration_sec: 0 };
      }
    }
    if (!current(p) || TERMINAL.includes(p.status) || !grantAlive(p)) return;
    if (reason) return fail(p, reason);
    const hashes = await Promise.all(p.media_paths.map(sha256File));
    if (p.kind === 'inbox_video' || p.kind === 'photo_upload') {
      p.media_sha256 = hashes;
      setStatus(p, 'SEND_TO_USER_INBOX');
      return;
    }
    const post = createPost(p, hashes, p.privacy_level ?? 'SELF_ONLY', p.title ?? '', p.description ?? '');
    setStatus(p, 'PUBLISH_COMPLETE');
    moderate(p, post);
  };

  const createPost = (p: Publish, hashes: string[], privacy: string, title: string, description: string): Post => {
    const app = ctx.state.apps.get(p.client_key)!;
    const creator = ctx.state.creators.get(p.open_id)!;
    const post: Post = {
      post_id: ctx.ids.postId(),
      publish_id: p.publish_id,
      client_key: p.client_key,
      open_id: p.open_id,
      username: creator.username,
      media_type: p.kind === 'direct_video' || p.kind === 'inbox_video' ? 'VIDEO' : 'PHOTO',
      privacy_level: effectivePrivacy(app, privacy as Post['privacy_level']),
      title,
      description,
      sha256: hashes,
      created_at: freeCreatedAt(ctx, p.open_id, ctx.time.now()),
      publicly_available: false,
      removed: false,
      width: p.media_info?.width ?? 0,
      height: p.media_info?.height ?? 0,
      duration_sec: p.media_info?.duration_sec ?? 0,
      like_count: 0,
      comment_count: 0,
      share_count: 0,
      view_count: 0,
    };
    ctx.state.posts.push(post);
    creator.video_count += 1;
    return post;
  };

  const moderationVerdict = (p: Publish, post: Post) => {
    if (post.removed || !current(p)) return;
    const creator = ctx.state.creators.get(p.open_id)!;
    const text = `${post.title}\n${post.description}`.toLowerCase();
    const spamText = ctx.settings.spam_terms.some((t) => t && text.includes(t.toLowerCase()));
    const verdict = spamText ? 'spam_risk_text' : creator.moderation;
    if (verdict !== 'approve') {
      post.removed = true;
      // The post was created, then taken down by moderation: status turns FAILED.
      setStatus(p, 'FAILED', verdict);
      return;
    }
    const isPublic = post.privacy_level === 'PUBLIC_TO_EVERYONE' && !creator.is_private;
    if (!isPublic) return;
    post.publicly_available = true;
    p.post_ids = [...p.post_ids, post.post_id];
    ctx.webhooks.emit(p.client_key, WEBHOOK_EVENTS.publiclyAvailable, p.open_id, {
      publish_id: p.publish_id,
      publish_type: publishType(p),
      post_id: post.post_id.toString(),
    });
  };

  const moderate = (p: Publish, post: Post) => {
    ctx.time.at(ctx.time.now() + ctx.settings.moderation_delay_ms, () => moderationVerdict(p, post), 'moderation');
  };

  const download = async (p: Publish, url: string, dest: string, signal: AbortSignal) => {
    const res = await ctx.pullFetch(url, { redirect: 'manual', signal });
    // TikTok does not follow redirects for pulls: a 3xx is a failed download.
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`media server answered HTTP ${res.status}`);
    }
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        p.downloaded_bytes = (p.downloaded_bytes ?? 0) + chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(dest), { signal });
  };

  const pull = async (p: Publish) => {
    const ctl = new AbortController();
    p.pull_abort = ctl;
    const photo = p.kind === 'photo_direct' || p.kind === 'photo_upload';
    const urls = photo ? p.photo_urls ?? [] : [p.video_url!];
    // The whole download must finish within an hour of the task starting (emulator time).
    const cancelTimer = ctx.time.at(p.created_at + PULL_TIMEOUT_MS, () => ctl.abort(new Error('pull timed out after one hour')), 'pull timeout');
    const faults = ctx.faults.pick('pull');
    try {
      if (faults.some((f) => f.kind !== 'delay')) throw new Error('injected pull fault');
      for (const [i, url] of urls.entries()) {
        const dest = join(ctx.dataDir, `${p.publish_id.replace(/[^\w.-]/g, '_')}-${i}`);
        await download(p, url, dest, ctl.signal);
        p.media_paths.push(dest);
      }
    } catch {
      p.pull_abort = undefined;
      cancelTimer();
      if (p.status === 'FAILED') return; // cancelled or revoked meanwhile
      return fail(p, photo ? 'photo_pull_failed' : 'video_pull_failed');
    }
    cancelTimer();
    p.pull_abort = undefined;
    if (TERMINAL.includes(p.status)) return;
    scheduleProcessing(p);
  };

  return {
    uploadComplete(p) {
      scheduleProcessing(p);
    },
    startPull(p) {
      ctx.track(pull(p), `pull ${p.publish_id}`);
    },
    cancel(p) {
      if (p.source !== 'PULL_FROM_URL' || p.processing || TERMINAL.includes(p.status) || !p.pull_abort) return false;
      setStatus(p, 'FAILED', 'publish_cancelled');
      p.pull_abort.abort(new Error('cancelled'));
      return true;
    },
    completeInbox(p, opts) {
      if (p.status !== 'SEND_TO_USER_INBOX') return undefined;
      const post = createPost(p, p.media_sha256 ?? [], opts.privacy_level ?? 'SELF_ONLY', opts.title ?? '', '');
      setStatus(p, 'PUBLISH_COMPLETE');
      moderate(p, post);
      return post;
    },
    removePost(post) {
      if (post.removed) return;
      const wasPublic = post.publicly_available;
      post.removed = true;
      post.publicly_available = false;
      const p = post.publish_id === null ? undefined : ctx.state.publishes.get(post.publish_id);
      if (wasPublic && p) {
        ctx.webhooks.emit(p.client_key, WEBHOOK_EVENTS.noLongerPubliclyAvailable, p.open_id, {
          publish_id: p.publish_id,
          publish_type: publishType(p),
          post_id: post.post_id.toString(),
        });
      }
    },
    revokeGrant(grant, reason) {
      if (grant.revoked) return;
      grant.revoked = true;
      for (const p of ctx.state.publishes.values()) {
        // A draft already in the creator's inbox is theirs to finish; only work in flight fails.
        if (p.grant_id !== grant.id || TERMINAL.includes(p.status) || p.status === 'SEND_TO_USER_INBOX') continue;
        p.pull_abort?.abort(new Error('authorization removed'));
        fail(p, 'auth_removed');
      }
      ctx.webhooks.emit(grant.client_key, WEBHOOK_EVENTS.authorizationRemoved, grant.open_id, { reason });
    },
  };
}

/** Removes a publish's media files (reset). */
export async function removeMedia(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}
