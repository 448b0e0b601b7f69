// The chaos run's whole plan, drawn up front from one seed (a seeded PRNG, so the same seed gives
// the same plan and the same digest): the accounts and what happens to them (moderation
// rejections, caps used up by another app, a revocation and the reconnect), every post (video or
// photo carousel, direct or inbox, FILE_UPLOAD or PULL_FROM_URL, when it is due), the SIGKILLs of
// the tokpost processes with their restarts, the PostgreSQL connection cut, and the fault rules
// given to the emulator. Times are offsets in TikTok milliseconds from the run's start.
import { createHash } from 'node:crypto';

export interface ChaosOptions {
  posts: number;
  accounts: number;
  seed: number;
  workers: number;
  /** Simulated span over which the posts are due. */
  spanMs: number;
  /** Kills of each kind (worker, serve). */
  killsPerKind: number;
}

export type PostKind = 'video' | 'photo';

export interface PlannedAccount {
  index: number;
  /** Moderation takes every post of this creator down after publishing (status FAILED). */
  rejected: boolean;
  /** Another app uses up this creator's daily direct posts at the start. */
  capUsedByOtherApp: boolean;
  /** Revoked at `at`, connected again at `reconnectAt`. */
  revocation: { at: number; reconnectAt: number } | undefined;
}

export interface PlannedPost {
  index: number;
  title: string;
  account: number;
  kind: PostKind;
  mode: 'direct' | 'inbox';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  privacy: 'PUBLIC_TO_EVERYONE' | 'SELF_ONLY';
  dueAt: number;
}

export interface PlannedKill {
  at: number;
  target: 'serve' | { worker: number };
  /** Real milliseconds until the process is started again. */
  downForRealMs: number;
}

export interface FaultPlan {
  endpoint: string;
  kind: 'error' | 'delay' | 'reset_before' | 'reset_after';
  probability: number;
  status?: number;
  code?: string;
  delay_ms?: number;
}

export interface ChaosPlan {
  options: ChaosOptions;
  accounts: PlannedAccount[];
  posts: PlannedPost[];
  kills: PlannedKill[];
  /**
   * The PostgreSQL restart, at `at` (`pg_ctlcluster … restart` on the run's own cluster). Where the
   * run cannot have a cluster, every connection is cut instead and new ones are refused for `refuseRealMs`.
   */
  pgOutage: { at: number; refuseRealMs: number };
  faults: FaultPlan[];
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Posting calls, chunk uploads, URL pulls and webhook deliveries all get every kind of fault. */
export const FAULTED_ENDPOINTS = ['creator_info', 'video_init', 'content_init', 'inbox_video_init', 'status_fetch', 'upload', 'pull', 'webhook'] as const;
export const FAULT_PROBABILITY = 0.1;

export function buildPlan(given: ChaosOptions): ChaosPlan {
  // Only the plan's own options, so that the digest does not depend on how the run is carried out.
  const options: ChaosOptions = { posts: given.posts, accounts: given.accounts, seed: given.seed, workers: given.workers, spanMs: given.spanMs, killsPerKind: given.killsPerKind };
  const rnd = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const { spanMs } = options;
  const accounts: PlannedAccount[] = [];
  for (let i = 0; i < options.accounts; i++) {
    // About 1 in 12 creators have their posts taken down by moderation, 1 in 12 revoke access and
    // reconnect, and (for runs spanning more than a day, when the 24-hour window can pass) 1 in 20
    // find their daily posts used up by another app.
    const r = rnd();
    const rejected = r < 1 / 12;
    const revoked = !rejected && r < 2 / 12;
    const capped = !rejected && !revoked && spanMs > 36 * 3_600_000 && r < 2 / 12 + 1 / 20;
    const at = Math.floor(spanMs * (0.2 + 0.5 * rnd()));
    accounts.push({ index: i, rejected, capUsedByOtherApp: capped, revocation: revoked ? { at, reconnectAt: at + Math.floor(spanMs * (0.02 + 0.05 * rnd())) } : undefined });
  }
  // Every account gets at least one post when there are enough posts.
  const posts: PlannedPost[] = [];
  for (let n = 0; n < options.posts; n++) {
    const kind: PostKind = rnd() < 0.25 ? 'photo' : 'video';
    // Photo posts are pulled by TikTok from a URL; videos go either way.
    const source = kind === 'photo' ? 'PULL_FROM_URL' : rnd() < 0.5 ? 'FILE_UPLOAD' : 'PULL_FROM_URL';
    posts.push({
      index: n,
      title: `chaos-${options.seed}-${n}`,
      account: n < options.accounts ? n : Math.floor(rnd() * options.accounts),
      kind,
      mode: rnd() < 0.2 ? 'inbox' : 'direct',
      source,
      privacy: rnd() < 0.7 ? 'PUBLIC_TO_EVERYONE' : 'SELF_ONLY',
      // Minute-aligned, after a first tenth of the span that lets every process start.
      dueAt: Math.floor((spanMs * (0.05 + 0.9 * rnd())) / 60_000) * 60_000,
    });
  }
  const kills: PlannedKill[] = [];
  for (let k = 0; k < options.killsPerKind; k++) {
    kills.push({ at: Math.floor(spanMs * (0.1 + 0.8 * rnd())), target: { worker: Math.floor(rnd() * options.workers) }, downForRealMs: 500 + Math.floor(2_500 * rnd()) });
    kills.push({ at: Math.floor(spanMs * (0.1 + 0.8 * rnd())), target: 'serve', downForRealMs: 500 + Math.floor(2_500 * rnd()) });
  }
  kills.sort((a, b) => a.at - b.at);
  const faults: FaultPlan[] = [];
  for (const endpoint of FAULTED_ENDPOINTS) {
    faults.push({ endpoint, kind: 'error', probability: FAULT_PROBABILITY, status: pick([500, 502, 503]) });
    faults.push({ endpoint, kind: 'delay', probability: FAULT_PROBABILITY, delay_ms: 1_000 + Math.floor(3_000 * rnd()) });
    faults.push({ endpoint, kind: 'reset_before', probability: FAULT_PROBABILITY });
    faults.push({ endpoint, kind: 'reset_after', probability: FAULT_PROBABILITY });
    if (endpoint !== 'upload' && endpoint !== 'pull' && endpoint !== 'webhook') faults.push({ endpoint, kind: 'error', probability: FAULT_PROBABILITY, status: 429, code: 'rate_limit_exceeded' });
  }
  return { options, accounts, posts, kills, pgOutage: { at: Math.floor(spanMs * (0.3 + 0.4 * rnd())), refuseRealMs: 1_000 + Math.floor(2_000 * rnd()) }, faults };
}

/** A short fingerprint of the plan: the same seed and options always print the same digest. */
export function planDigest(plan: ChaosPlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}
