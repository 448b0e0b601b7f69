// Downtime catch-up (docs/architecture.md §2.5): a post whose publish run starts late — tokpost was
// down, or every worker was — still goes out when the delay is within the grace window (default
// 1 h); the claim order is the schedule order, so such posts go out in the order they were due.
// Later than that, the post becomes `missed` and someone decides, unless it says "publish even if
// late". The delay counts from when the post last became due: its job's time, or the moment it
// was (re)scheduled when that came later — a post created with a time already past, released by
// a reconnect, or moved on purpose (the next free slot, a retry) is late only from then.
import type { Post } from '../domain/types.js';

export function dueAt(post: Pick<Post, 'updatedAt'>, jobRunAt: number): number {
  return Math.max(jobRunAt, post.updatedAt);
}

export function isMissed(post: Pick<Post, 'state' | 'initStartedAt' | 'publishIfLate'>, dueAt: number, now: number, graceMs: number): boolean {
  return post.state === 'scheduled' && post.initStartedAt === null && !post.publishIfLate && now - dueAt > graceMs;
}
