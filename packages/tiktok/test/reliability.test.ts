// The rules that keep a scheduler from publishing twice or tripping TikTok's limits: init is never
// retried and a lost answer is "outcome unknown"; reads retry with backoff; the rate limiter waits
// so that TikTok never answers 429.
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TikTokNetworkError, TikTokOutcomeUnknownError, createMemoryRateLimitStore, createRateLimiter } from '../src/index.js';
import type { RequestObservation } from '../src/index.js';
import { MODES, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4 } from './support/media.js';

describe.each(MODES)('reliability (%s)', (mode) => {
  let h: Harness;
  afterEach(() => h?.close());

  const initCount = async () => (await h.emu.admin.requests()).filter((r) => r.endpoint === 'video_init').length;

  it('never retries an init whose answer was lost: outcome unknown, carrying what was sent', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const videoUrl = h.world.serve('a.mp4', await goodMp4());
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const err = await h.client
      .initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY', title: 'once' }, source: { source: 'PULL_FROM_URL', videoUrl } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokOutcomeUnknownError);
    const e = err as TikTokOutcomeUnknownError;
    // Its own class, so nothing that retries by class can repeat the init.
    expect(e).toMatchObject({ code: 'outcome_unknown', endpoint: 'video_init', errorClass: 'outcome_unknown', outcomeUnknown: true, retryable: false });
    expect(e.sentRequest).toMatchObject({
      endpoint: 'video_init',
      method: 'POST',
      sentAt: h.clock.now(),
      body: { post_info: { privacy_level: 'SELF_ONLY', title: 'once', brand_content_toggle: false, brand_organic_toggle: false }, source_info: { source: 'PULL_FROM_URL', video_url: videoUrl } },
    });
    expect(e.cause).toBeInstanceOf(TikTokNetworkError);
    // TikTok did create the publish; the client sent exactly one init.
    expect(await initCount()).toBe(1);
    const publishes = (await h.emu.admin.requests()).filter((r) => r.endpoint === 'video_init' && r.status === 200);
    expect(publishes).toHaveLength(1);
  });

  it('reports a 5xx or a reset before processing on init the same way, without a second request', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const path = await goodMp4();
    const source = { source: 'FILE_UPLOAD' as const, videoSize: statSync(path).size };
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'error', status: 500, count: 1 });
    const e500 = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source }).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(TikTokOutcomeUnknownError);
    expect(e500).toMatchObject({ httpStatus: 500, wireCode: 'internal_error', logId: expect.any(String), errorClass: 'outcome_unknown', retryable: false });
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_before', count: 1 });
    const reset = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source }).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(TikTokOutcomeUnknownError);
    expect(await initCount()).toBe(2);
  });

  it('surfaces a timeout after sending as outcome unknown', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    // A TikTok that never answers (a real-time delay the client's 200 ms timeout cuts short).
    const hanging = h.makeClient({
      timeoutMs: 200,
      fetch: (url, init) => (url.includes('/video/init/') ? new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))) : h.fetch(url, init)),
    });
    const err = await hanging.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: 'https://media.example.com/v/x.mp4' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokOutcomeUnknownError);
    expect((err as Error).cause).toMatchObject({ code: 'timeout', requestSent: 'unknown' });
  });

  it('reports an init that could not connect as a network error with requestSent false (safe to retry)', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    // A port that was just closed: the connection is refused before anything is sent.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const offline = h.makeClient({ baseUrls: `http://127.0.0.1:${port}`, fetch: (url, init) => fetch(url, init), retry: { read: { maxAttempts: 2, baseDelayMs: 10 } } });
    const init = await offline.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: 'https://media.example.com/v/x.mp4' } }).catch((e: unknown) => e);
    expect(init).toBeInstanceOf(TikTokNetworkError);
    expect(init).toMatchObject({ requestSent: false, errorClass: 'retryable' });
    await expect(offline.fetchStatus(t.accessToken, 'v_pub_url~v2-1.1')).rejects.toMatchObject({ code: 'network_error', requestSent: false });
  });

  it('retries reads (status, creator info, user info) after 5xx and resets, with backoff', async () => {
    const observed: RequestObservation[] = [];
    h = await startHarness(mode, { client: { onRequest: (o) => observed.push(o) } });
    const t = await h.connect();
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', status: 503, count: 1 });
    await h.emu.admin.addFault({ endpoint: 'user_info', kind: 'reset_before', count: 1 });
    const before = h.clock.now();
    await expect(h.client.queryCreatorInfo(t.accessToken)).resolves.toMatchObject({ username: 'creator1' });
    await expect(h.client.getUserInfo(t.accessToken)).resolves.toMatchObject({ user: { openId: t.openId } });
    expect(h.clock.now()).toBeGreaterThan(before);
    expect(observed.filter((o) => o.endpoint === 'creator_info').map((o) => [o.attempt, o.httpStatus, o.outcome])).toEqual([
      [1, 503, 'error'],
      [2, 200, 'ok'],
    ]);
    expect(observed.filter((o) => o.endpoint === 'user_info').map((o) => [o.attempt, o.outcome])).toEqual([
      [1, 'network_error'],
      [2, 'ok'],
    ]);
    // A read keeps failing: it gives up after the policy's attempts with the last error.
    await h.emu.admin.addFault({ endpoint: 'status_fetch', kind: 'error', status: 500, count: 10 });
    await expect(h.client.fetchStatus(t.accessToken, 'v_pub_file~v2-1.1')).rejects.toMatchObject({ code: 'internal_error', errorClass: 'retryable', httpStatus: 500 });
    expect((await h.emu.admin.requests()).filter((r) => r.endpoint === 'status_fetch')).toHaveLength(4);
  });

  it("waits for TikTok's per-token limits instead of collecting a 429", async () => {
    h = await startHarness(mode);
    const t = await h.connect({ creator: { daily_post_cap: 100 } });
    const path = await goodMp4();
    const start = h.clock.now();
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 45; i++) work.push(h.client.queryCreatorInfo(t.accessToken));
    for (let i = 0; i < 70; i++) work.push(h.client.fetchStatus(t.accessToken, 'v_pub_file~v2-1.404').catch((e: unknown) => e));
    for (let i = 0; i < 13; i++) work.push(h.client.initInboxVideo(t.accessToken, { source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } }).catch((e: unknown) => e));
    await Promise.all(work);
    const requests = (await h.emu.admin.requests()).filter((r) => r.endpoint !== 'oauth_token');
    expect(requests).toHaveLength(45 + 70 + 13);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // 45 creator_info at 20/min need three windows: at least two minutes passed on TikTok's clock.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(120_000);
    // The inbox inits met TikTok's own pending-share cap, not the rate limit.
    expect(new Set(requests.filter((r) => r.endpoint === 'inbox_video_init').map((r) => r.error_code ?? 'ok'))).toEqual(new Set(['ok', 'spam_risk_too_many_pending_share']));
  });

  it('shares one window between clients (workers) through a common store', async () => {
    h = await startHarness(mode);
    const t = await h.connect();
    const store = createMemoryRateLimitStore();
    const workers = [0, 1, 2].map(() => h.makeClient({ rateLimiter: createRateLimiter({ store, clock: h.clock }) }));
    await Promise.all(Array.from({ length: 36 }, (_, i) => workers[i % 3]!.queryCreatorInfo(t.accessToken)));
    const statuses = (await h.emu.admin.requests()).filter((r) => r.endpoint === 'creator_info').map((r) => r.status);
    expect(statuses).toHaveLength(36);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('without the limiter TikTok does answer 429, and the error says so', async () => {
    h = await startHarness(mode, { client: { rateLimiter: false, retry: { read: { maxAttempts: 1 } } } });
    const t = await h.connect();
    const results = await Promise.all(Array.from({ length: 21 }, () => h.client.queryCreatorInfo(t.accessToken).catch((e: unknown) => e)));
    expect(results.filter((r) => r instanceof Error)).toMatchObject([{ code: 'rate_limit_exceeded', httpStatus: 429, errorClass: 'retryable' }]);
  });
});
