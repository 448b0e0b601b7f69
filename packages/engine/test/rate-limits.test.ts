// TikTok's per-token rate limits are shared by every worker (docs/architecture.md §3.3): 4 worker
// processes publish 40 posts of one account, all due at once, and TikTok (the emulator, over real
// HTTP, with its clock 60× faster) never answers 429 — on SQLite and on PostgreSQL. Without the
// shared store each process would keep its own count and together they would send 4× the limit.
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '@tokpost/tiktok-emulator';
import { createScaledClock } from '@tokpost/tiktok';
import { RATE_LIMIT_WINDOW_MS, RATE_LIMITS_PER_MINUTE } from '@tokpost/tiktok/contract';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { startEmulatorProcess, startWorkerProcess, type EmulatorProcess, type WorkerProcess } from '../../../test/support/processes.js';
import { createEngine, createIdFactory, openStore, type Store } from '../src/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';

const POSTS = 40;
const PER_MINUTE = RATE_LIMITS_PER_MINUTE.video_init;
const FACTOR = 60;
const KEY = createHash('sha256').update('rate limit test key').digest();
const APP = { client_key: 'aw_ratelimits', client_secret: 'ratelimit-secret-77c2', redirect: 'https://tokpost.test/api/oauth/tiktok/callback' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('4 workers, one account (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let emu: EmulatorProcess | undefined;
  let store: Store | undefined;
  let workers: WorkerProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    workers = [];
    await store?.close();
    await emu?.stop();
    await db?.drop();
  });

  it(`publishes ${POSTS} posts due at once without a single 429`, { timeout: 240_000 }, async () => {
    db = await createTestDatabase(dialect);
    const time = { originMs: Date.UTC(2026, 6, 1, 8), anchorRealMs: Date.now(), factor: FACTOR };
    const clock = createScaledClock(time);
    emu = await startEmulatorProcess(['--time-scale', String(FACTOR), '--time-origin', String(time.originMs), '--time-anchor', String(time.anchorRealMs)]);
    const admin = createAdminClient((url, init) => fetch(url, init), () => emu!.url);
    store = await openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: KEY, ids: createIdFactory() });
    // Time runs 60× faster, so every real millisecond between counting a request and TikTok
    // receiving it is 60 ms of TikTok's window: the margin that absorbs it is scaled to match
    // (5 s of TikTok time is 83 real ms).
    const settings = { dailyPostCap: POSTS, rateLimitMarginMs: 5_000 };
    const engine = createEngine({ store, clock, tiktok: { baseUrls: emu.url, redirectUri: APP.redirect }, settings });

    await admin.createApp({ client_key: APP.client_key, client_secret: APP.client_secret, redirect_uris: [APP.redirect] });
    await admin.settings({ processing_delay_ms: 2_000, moderation_delay_ms: 5_000 });
    const app = await engine.apps.create({ clientKey: APP.client_key, clientSecret: APP.client_secret, audited: true });
    const { open_id } = await admin.createCreator({ username: 'busy.creator', daily_post_cap: POSTS });
    const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: APP.redirect });
    const { account } = await engine.accounts.connectWithCode({ appId: app.id, code });
    const video = await engine.media.register({ path: await goodMp4() });
    const due = clock.now() + 60_000;
    for (let i = 0; i < POSTS; i++) await engine.posts.create({ accountId: account.id, mediaIds: [video.id], source: 'FILE_UPLOAD', title: `busy ${i}`, privacyLevel: 'SELF_ONLY', scheduledAt: due });

    const config = { databaseUrl: db.databaseUrl, dataDir: db.sqlitePath ? dirname(db.sqlitePath) : undefined, encryptionKey: KEY.toString('hex'), tiktokUrl: emu.url, redirectUri: APP.redirect, time, concurrency: 8, pollMs: 500, settings };
    workers = await Promise.all([0, 1, 2, 3].map(() => startWorkerProcess(config)));

    const open = async () => (await engine.posts.list()).filter((p) => p.state !== 'published' && p.state !== 'failed' && p.state !== 'needs_action');
    for (let i = 0; i < 800 && (await open()).length > 0; i++) await sleep(250);
    const posts = await engine.posts.list();
    expect(posts.map((p) => `${p.title}: ${p.state} ${p.stateReason ?? ''}`).filter((s) => !s.includes(': published'))).toEqual([]);

    const requests = await admin.requests();
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // The limits were the constraint: more inits than one minute's allowance went out.
    const inits = requests.filter((r) => r.endpoint === 'video_init');
    expect(inits).toHaveLength(POSTS);
    expect(POSTS).toBeGreaterThan(PER_MINUTE);
    // …and no 60-s window holds more than TikTok allows.
    const times = inits.map((r) => r.time).sort((a, b) => a - b);
    for (let i = PER_MINUTE; i < times.length; i++) expect(times[i]! - times[i - PER_MINUTE]!).toBeGreaterThanOrEqual(RATE_LIMIT_WINDOW_MS);
    expect((await admin.posts()).filter((p) => p.title.startsWith('busy '))).toHaveLength(POSTS);
    // The work was shared: more than one process published.
    const stats = await Promise.all(workers.map(async (w) => (await w.stop(), w.stats())));
    workers = [];
    expect(stats.filter((s) => (s?.completed ?? 0) > 0).length).toBeGreaterThan(1);
  });
});
