// One TikTok client per app (its client key and secret), all sharing one rate limiter whose window
// lives in the database, so every worker of every process counts the same per-token requests
// (docs/tiktok-api.md §10) and none collects a 429.
import { createRateLimiter, createTikTokClient, type Clock, type FetchLike, type TikTokClient, type TikTokClientOptions } from '@tokpost/tiktok';
import type { Store } from './domain/store-port.js';
import type { App } from './domain/types.js';

export interface TikTokConnection {
  /** TikTok's hosts by default; the emulator or any TikTok-compatible server otherwise. */
  baseUrls?: TikTokClientOptions['baseUrls'];
  fetch?: FetchLike;
  /** The OAuth redirect URI registered for the apps (`{TOKPOST_PUBLIC_URL}/api/oauth/tiktok/callback`). */
  redirectUri: string;
  timeoutMs?: number;
  upload?: TikTokClientOptions['upload'];
  /** Overrides for the client's own retry policy. */
  retry?: TikTokClientOptions['retry'];
}

export interface TikTokClients {
  forApp(app: App): TikTokClient;
}

export function createTikTokClients(deps: { connection: TikTokConnection; store: Store; clock: Clock; random: () => number; rateLimitMarginMs: number }): TikTokClients {
  const rateLimiter = createRateLimiter({
    clock: deps.clock,
    marginMs: deps.rateLimitMarginMs,
    store: { tryAcquire: (key, limit, windowMs, nowMs) => deps.store.rateLimits.tryAcquire(key, limit, windowMs, nowMs) },
  });
  const cache = new Map<string, { secret: string; client: TikTokClient }>();
  return {
    forApp(app) {
      const hit = cache.get(app.id);
      if (hit && hit.secret === app.clientSecret) return hit.client;
      const c = deps.connection;
      const client = createTikTokClient({
        clientKey: app.clientKey,
        clientSecret: app.clientSecret,
        redirectUri: c.redirectUri,
        baseUrls: c.baseUrls,
        fetch: c.fetch,
        clock: deps.clock,
        random: deps.random,
        rateLimiter,
        timeoutMs: c.timeoutMs,
        upload: c.upload,
        retry: c.retry,
      });
      cache.set(app.id, { secret: app.clientSecret, client });
      return client;
    },
  };
}
