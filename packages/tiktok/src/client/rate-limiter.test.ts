import { describe, expect, it } from 'vitest';
import { createManualClock } from '../contract/index.js';
import { createMemoryRateLimitStore, createRateLimiter, tokenFingerprint } from './rate-limiter.js';
import type { RateLimitStore } from './rate-limiter.js';

/** Lets pending promise chains run. */
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('createMemoryRateLimitStore', () => {
  it('grants up to the limit in a sliding window and says when the next slot frees', () => {
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < 6; i++) expect(store.tryAcquire('k', 6, 60_000, 1_000 + i * 1_000)).toEqual({ granted: true });
    expect(store.tryAcquire('k', 6, 60_000, 10_000)).toEqual({ granted: false, retryAtMs: 61_000 });
    expect(store.tryAcquire('k', 6, 60_000, 60_999)).toMatchObject({ granted: false });
    expect(store.tryAcquire('k', 6, 60_000, 61_000)).toEqual({ granted: true });
    expect(store.count('k', 60_000, 61_000)).toBe(6);
    expect(store.tryAcquire('other', 6, 60_000, 10_000)).toEqual({ granted: true });
  });
});

describe('createRateLimiter', () => {
  it("waits on the clock for a slot instead of exceeding TikTok's 6/min init limit", async () => {
    const clock = createManualClock(0);
    const limiter = createRateLimiter({ clock, marginMs: 0 });
    const sent: number[] = [];
    const run = (async () => {
      for (let i = 0; i < 8; i++) {
        await limiter.acquire('act.token', 'video_init');
        sent.push(clock.now());
      }
    })();
    await flush();
    expect(sent).toEqual([0, 0, 0, 0, 0, 0]);
    await clock.advance(59_999);
    await flush();
    expect(sent).toHaveLength(6);
    await clock.advance(1);
    await run;
    expect(sent).toEqual([0, 0, 0, 0, 0, 0, 60_000, 60_000]);
  });

  it('keeps tokens and endpoints apart and adds the safety margin to the window', async () => {
    const clock = createManualClock(0);
    const store = createMemoryRateLimitStore();
    const limiter = createRateLimiter({ clock, store, limits: { creator_info: 2 } });
    await limiter.acquire('act.a', 'creator_info');
    await limiter.acquire('act.a', 'creator_info');
    await limiter.acquire('act.b', 'creator_info');
    await limiter.acquire('act.a', 'status_fetch');
    let third = false;
    const p = limiter.acquire('act.a', 'creator_info').then(() => (third = true));
    await clock.advance(60_000);
    await flush();
    expect(third).toBe(false);
    await clock.advance(1_000);
    await p;
    expect(clock.now()).toBe(61_000);
  });

  it('turns limiting off per endpoint with null and honours aborts while waiting', async () => {
    const clock = createManualClock(0);
    const limiter = createRateLimiter({ clock, limits: { user_info: null, video_init: 1 } });
    for (let i = 0; i < 1_000; i++) await limiter.acquire('act.a', 'user_info');
    await limiter.acquire('act.a', 'video_init');
    const ctl = new AbortController();
    const waiting = limiter.acquire('act.a', 'video_init', ctl.signal);
    ctl.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });

  it('never hands the token itself to a (shared) store', async () => {
    const keys: string[] = [];
    const spy: RateLimitStore = {
      tryAcquire: (key) => {
        keys.push(key);
        return { granted: true };
      },
    };
    await createRateLimiter({ store: spy }).acquire('act.secret-token-value', 'status_fetch');
    // sha256 of the token, computed outside this code (printf '%s' act.secret-token-value | sha256sum), first 32 hex digits.
    expect(keys).toEqual(['tok_2762cd97cf27f46c82e194c334ee1495:status_fetch']);
    expect(tokenFingerprint('act.secret-token-value')).toBe('tok_2762cd97cf27f46c82e194c334ee1495');
    expect(keys[0]).not.toContain('secret-token-value');
  });
});
