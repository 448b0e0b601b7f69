// The doctor's optional test post: a short SELF_ONLY clip published end to end through the posts
// service — so every rule and the never-publish-twice pipeline apply as to any post — and followed
// to its end by watching the store. The caller's worker publishes it (the doctor only waits), and
// with `video.list` granted the confirm job looks it up through the Display API; the report gives
// TikTok's own share_url when it did (docs/architecture.md §2.7, §2.8).
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnosePost } from '../diagnostics/index.js';
import type { PostState } from '../domain/post-states.js';
import type { Account, MediaAsset, Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { EngineError } from '../errors.js';
import { confirmJobKey, wantsConfirmation } from '../pipeline/confirm-job.js';
import type { PostsService } from '../services/posts-service.js';
import { isoMinute, type TestPostReport } from './checklist.js';
import { makeTestClip } from './test-clip.js';

export interface TestPostDeps {
  deps: EngineDeps;
  posts: PostsService;
  register(path: string): Promise<MediaAsset>;
}

/** Where a test post's publish ends: TikTok's answer, or a hold that needs someone. */
const FINISHED: readonly PostState[] = ['published', 'failed', 'needs_action', 'cancelled', 'missed', 'inbox_pending'];

const report = (r: Partial<TestPostReport> & Pick<TestPostReport, 'status' | 'detail'>): TestPostReport => ({
  postId: null,
  state: null,
  publishId: null,
  shareUrl: null,
  confirmed: false,
  timedOut: false,
  ...r,
});

/** A test post that was not attempted. */
export const notRun = (detail: string): TestPostReport => report({ status: 'failing', detail });

export async function runTestPost(d: TestPostDeps, account: Account, o: { timeoutMs?: number } = {}): Promise<TestPostReport> {
  const { deps } = d;
  if (account.status !== 'active') return notRun('No test post: the account is not connected.');
  const dir = deps.settings.tempDir ?? join(tmpdir(), 'tokpost');
  const name = deps.ids.next('doctor');
  let clip: string;
  try {
    clip = await makeTestClip({ ffmpegPath: deps.ffmpeg().ffmpeg, dir, name });
  } catch (e) {
    return report({ status: 'failing', detail: `No test post: ffmpeg could not make the test clip (${e instanceof Error ? e.message : String(e)}).`, fix: 'Install ffmpeg, or set the engine’s ffmpegPath.' });
  }
  let post: Post;
  try {
    const media = await d.register(clip);
    const created = await d.posts.create({
      accountId: account.id,
      mediaIds: [media.id],
      privacyLevel: 'SELF_ONLY',
      mode: 'direct',
      title: `tokpost doctor test ${isoMinute(deps.clock.now())} ${name}`,
    });
    post = created.post;
  } catch (e) {
    await rm(clip, { force: true });
    if (e instanceof EngineError) {
      const issues = e.issues.length > 0 ? e.issues.map((i) => i.message).join(' ') : e.message;
      return report({ status: 'failing', detail: `tokpost refused the test post: ${issues}` });
    }
    throw e;
  }

  const finished = await waitForEnd(deps, account, post.id, o.timeoutMs ?? deps.settings.doctorTestPostTimeoutMs);
  const p = finished.post;
  const base = { postId: p.id, state: p.state, publishId: p.publishId, shareUrl: p.shareUrl, confirmed: p.confirmedAt !== null, timedOut: finished.timedOut };
  if (!finished.timedOut) await rm(clip, { force: true });
  if (finished.timedOut) {
    return report({ ...base, status: 'failing', detail: `The test post did not finish in time: it is ${p.state}${p.stateMessage ? ` (${p.stateMessage})` : ''}.`, fix: 'Make sure a tokpost worker is running, then look at the post’s timeline.' });
  }
  if (p.state !== 'published') {
    const diagnosis = diagnosePost(p, await deps.store.attempts.list({ postId: p.id }));
    return report({ ...base, status: 'failing', detail: `The test post ended ${p.state}: ${p.stateMessage ?? diagnosis?.summary ?? 'no reason was recorded'}`, ...(diagnosis ? { fix: diagnosis.fix } : {}) });
  }
  if (p.confirmedAt !== null) {
    return report({ ...base, status: 'ok', detail: `The test post was published (only the creator sees it) and TikTok’s Display API confirms it: ${p.shareUrl ?? `video ${p.tiktokVideoId}`}.` });
  }
  const why = wantsConfirmation(account, deps.settings)
    ? 'TikTok’s Display API does not list it (it may list public videos only)'
    : 'video.list is not granted, so tokpost cannot look it up';
  return report({ ...base, status: 'warning', detail: `The test post was published (only the creator sees it), but not confirmed: ${why}.`, fix: 'Check the creator’s TikTok profile for the test video, then delete it there.' });
}

/** Polls the store until the post finished and, when one is due, its first confirmation run ended. */
async function waitForEnd(deps: EngineDeps, account: Account, postId: string, timeoutMs: number): Promise<{ post: Post; timedOut: boolean }> {
  const deadline = deps.clock.now() + timeoutMs;
  for (;;) {
    const post = (await deps.store.posts.get(postId))!;
    if (FINISHED.includes(post.state) && (await confirmationSettled(deps, account, post))) return { post, timedOut: false };
    if (deps.clock.now() >= deadline) return { post, timedOut: true };
    await deps.clock.sleep(Math.min(deps.settings.doctorPollMs, Math.max(1, deadline - deps.clock.now())));
  }
}

async function confirmationSettled(deps: EngineDeps, account: Account, post: Post): Promise<boolean> {
  if (post.state !== 'published' || post.confirmedAt !== null || !wantsConfirmation(account, deps.settings)) return true;
  // Gone: it ran to its end. Retried at least once: its first look-up found nothing (yet).
  const job = await deps.store.jobs.get(confirmJobKey(post.id));
  return !job || job.attempts > 0;
}
