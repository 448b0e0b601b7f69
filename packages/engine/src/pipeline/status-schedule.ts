// How often a post's status is polled (docs/architecture.md §2.2 step 6): often at first — most
// posts finish in under a minute — then less and less, for the whole tracking window (moderation can
// take hours). Per account this stays far under TikTok's 30 status requests a minute, and the shared
// rate limiter holds the line when many posts of one account are in flight.
const STEPS_MS = [5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000];

export function nextPollDelayMs(polls: number, elapsedMs: number, state: 'tracking' | 'inbox'): number {
  if (state === 'inbox') return polls < 3 ? 60_000 : 30 * 60_000;
  if (polls < STEPS_MS.length) return STEPS_MS[polls]!;
  return elapsedMs < 2 * 3_600_000 ? 10 * 60_000 : 30 * 60_000;
}
