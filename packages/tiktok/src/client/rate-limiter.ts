// Per-token, per-endpoint rate limiting with TikTok's documented limits (contract
// RATE_LIMITS_PER_MINUTE: init 6/min, creator_info 20/min, status 30/min, user info 600/min), as a
// sliding window. The client waits for a free slot instead of collecting a 429. The store is
// pluggable so many workers can share one window (the engine backs it with its database); the
// in-memory store serves a single process.
//
// Invariant: a slot is recorded before the request is sent, so the store never under-counts. A
// margin is added to the window because TikTok stamps the request a little after we do.
import { createHash } from 'node:crypto';
import { RATE_LIMITS_PER_MINUTE, RATE_LIMIT_WINDOW_MS, systemClock } from '../contract/index.js';
import type { Clock, DataEndpointId } from '../contract/index.js';

export type RateLimitDecision = { granted: true } | { granted: false; retryAtMs: number };

export interface RateLimitStore {
  /**
   * Atomically: if fewer than `limit` requests were recorded for `key` in (nowMs - windowMs,
   * nowMs], record one at nowMs and grant; otherwise say when the next slot frees up.
   */
  tryAcquire(key: string, limit: number, windowMs: number, nowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface MemoryRateLimitStore extends RateLimitStore {
  /** Requests recorded for `key` within the window ending at nowMs (for tests and diagnostics). */
  count(key: string, windowMs: number, nowMs: number): number;
}

export function createMemoryRateLimitStore(): MemoryRateLimitStore {
  const log = new Map<string, number[]>();
  const prune = (stamps: number[], windowMs: number, nowMs: number) => {
    let drop = 0;
    while (drop < stamps.length && stamps[drop]! <= nowMs - windowMs) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
  };
  return {
    tryAcquire(key, limit, windowMs, nowMs) {
      // Keep memory bounded when many tokens come and go.
      if (log.size > 10_000) {
        for (const [k, s] of log) {
          prune(s, windowMs, nowMs);
          if (s.length === 0) log.delete(k);
        }
      }
      let stamps = log.get(key);
      if (!stamps) log.set(key, (stamps = []));
      prune(stamps, windowMs, nowMs);
      if (stamps.length < limit) {
        stamps.push(nowMs);
        return { granted: true };
      }
      // The slot frees when the request `limit` places from the end leaves the window.
      return { granted: false, retryAtMs: stamps[stamps.length - limit]! + windowMs };
    },
    count(key, windowMs, nowMs) {
      const stamps = log.get(key) ?? [];
      return stamps.filter((t) => t > nowMs - windowMs).length;
    },
  };
}

export interface RateLimiter {
  /** Resolves once a request for (token, endpoint) may be sent; the slot is then taken. */
  acquire(accessToken: string, endpoint: DataEndpointId, signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  store?: RateLimitStore;
  clock?: Clock;
  /** Per-endpoint requests per window; `null` turns limiting off for that endpoint. */
  limits?: Partial<Record<DataEndpointId, number | null>>;
  windowMs?: number;
  /** Added to the window to absorb the delay between our stamp and TikTok's (default 1000 ms). */
  marginMs?: number;
}

/** A stable, non-reversible key for a token: stores never hold the token itself. */
export function tokenFingerprint(accessToken: string): string {
  return `tok_${createHash('sha256').update(accessToken).digest('hex').slice(0, 32)}`;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const store = options.store ?? createMemoryRateLimitStore();
  const clock = options.clock ?? systemClock;
  const windowMs = (options.windowMs ?? RATE_LIMIT_WINDOW_MS) + (options.marginMs ?? 1_000);
  const limits: Record<string, number | null> = { ...RATE_LIMITS_PER_MINUTE, ...options.limits };

  return {
    async acquire(accessToken, endpoint, signal) {
      const limit = limits[endpoint];
      if (limit === null || limit === undefined) return;
      const key = `${tokenFingerprint(accessToken)}:${endpoint}`;
      for (;;) {
        signal?.throwIfAborted();
        const decision = await store.tryAcquire(key, limit, windowMs, clock.now());
        if (decision.granted) return;
        // Re-read the clock: an async (shared) store may have taken a while to answer.
        await clock.sleep(Math.max(1, decision.retryAtMs - clock.now()), signal);
      }
    },
  };
}
