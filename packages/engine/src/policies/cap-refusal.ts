// What a publish does when TikTok itself says the creator is at its daily cap: learn from it
// (policies/learn-cap.ts), then move the post to the end of the pause or hold it, as the account's
// cap policy says. Nothing is retried before the pause ends.
import type { Account, Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobLease } from '../jobs/lease.js';
import { deferPost, holdPost } from '../pipeline/publish-outcomes.js';
import { capPolicyOf } from './caps.js';
import { learnFromCapRefusal } from './learn-cap.js';

export async function onCapRefusedByTikTok(deps: EngineDeps, lease: JobLease, post: Post, account: Account, actor: string, detail: Record<string, unknown>): Promise<void> {
  const now = deps.clock.now();
  const lesson = await lease.tx((tx) => learnFromCapRefusal(tx, account, deps.settings, now));
  deps.events.emit('policy', { accountId: account.id, postId: post.id, code: lesson.reason, message: lesson.message, at: now });
  const until = lesson.policy.pausedUntil ?? now;
  if (capPolicyOf(lesson.policy, deps.settings) === 'hold') return holdPost(deps, lease, post, actor, { reason: lesson.reason, message: lesson.message, detail });
  return deferPost(deps, lease, post, actor, { reason: lesson.reason, message: `${lesson.message} The post moves to ${new Date(until).toISOString()}.`, detail, until });
}
