// Exactly once under fire: 4 worker processes on PostgreSQL publish 200 posts of 20 accounts
// through the emulator over real HTTP, which injects faults of every kind (5xx, delays, connection
// resets before and after the request took effect) on every posting call, chunk upload, URL pull
// and webhook. Two workers are killed with SIGKILL mid-run and restarted. Time runs 60× faster in
// every process (a scaled clock from the same three numbers). By the emulator's ground truth every
// post is published exactly once, none is lost, none is left unfinished.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient, type AdminClient } from '@tokpost/tiktok-emulator';
import { createScaledClock, type Clock } from '@tokpost/tiktok';
import { ffmpegFixture, goodMp4 } from '../../../test/support/fixtures.js';
import { startEmulatorProcess, startWorkerProcess, type EmulatorProcess, type WorkerProcess, type WorkerProcessConfig } from '../../../test/support/processes.js';
import { createEngine, createIdFactory, openStore, type Engine, type Store } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { startTokpostEdge, type TokpostEdge } from './support/tokpost-edge.js';

const ACCOUNTS = 20;
const POSTS_PER_ACCOUNT = 10;
const FACTOR = 60;
const DAILY_CAP = 100;
const MINUTE = 60_000;
const KEY = createHash('sha256').update('multi-process test key').digest();
const APP = { client_key: 'aw_multiprocess', client_secret: 'multiprocess-secret-3b1f', redirect: 'https://tokpost.test/api/oauth/tiktok/callback' };
const FAULTED = ['creator_info', 'video_init', 'content_init', 'status_fetch', 'upload', 'pull', 'webhook'] as const;
const KINDS = ['error', 'delay', 'reset_before', 'reset_after'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('4 worker processes on PostgreSQL, faults everywhere, two workers killed', () => {
  let db: TestDatabase;
  let emu: EmulatorProcess;
  let admin: AdminClient;
  let store: Store;
  let engine: Engine;
  let edge: TokpostEdge;
  let clock: Clock;
  let workers: WorkerProcess[] = [];
  let config: WorkerProcessConfig;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const time = { originMs: Date.UTC(2026, 6, 1, 8), anchorRealMs: Date.now(), factor: FACTOR };
    clock = createScaledClock(time);
    emu = await startEmulatorProcess(['--time-scale', String(FACTOR), '--time-origin', String(time.originMs), '--time-anchor', String(time.anchorRealMs)]);
    admin = createAdminClient((url, init) => fetch(url, init), () => emu.url);
    store = await openStore({ databaseUrl: db.databaseUrl, encryptionKey: KEY, ids: createIdFactory() });
    // Settings every process shares: leases of 5 minutes of TikTok time (5 s of real time), and the
    // creators' daily cap as the emulator is told below (every publish TikTok created counts, the ones
    // retried after a failure included).
    // A URL pull whose answer was lost waits for TikTok's webhook; at 60× a loaded machine can take
    // more than the default 2 h of TikTok time (2 real minutes) to deliver it through 10 % faults,
    // and the post would ask a person instead (the safe outcome, but not the one under test).
    const settings = { leaseMs: 5 * MINUTE, dailyPostCap: DAILY_CAP, unknownOutcomeWaitMs: 8 * 60 * MINUTE };
    engine = createEngine({ store, clock, tiktok: { baseUrls: emu.url, redirectUri: APP.redirect }, settings: { ...settings } });
    edge = await startTokpostEdge({ engine, clientKey: APP.client_key, clientSecret: APP.client_secret, clock });
    Object.assign(engine.settings, { mediaBaseUrl: edge.mediaBaseUrl });
    config = { databaseUrl: db.databaseUrl!, encryptionKey: KEY.toString('hex'), tiktokUrl: emu.url, redirectUri: APP.redirect, mediaBaseUrl: edge.mediaBaseUrl, time, concurrency: 16, pollMs: 2_000, settings };
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await edge?.close();
    await store?.close();
    await emu?.stop();
    await db?.drop();
  });

  it('publishes every post exactly once, loses none, leaves none unfinished', { timeout: 600_000 }, async () => {
    await admin.createApp({ client_key: APP.client_key, client_secret: APP.client_secret, redirect_uris: [APP.redirect], verified_url_prefixes: [edge.mediaBaseUrl], webhook_url: edge.webhookUrl });
    await admin.settings({ processing_delay_ms: 3_000, moderation_delay_ms: 20_000 });
    const app = await engine.apps.create({ clientKey: APP.client_key, clientSecret: APP.client_secret, audited: true, verifiedUrlPrefixes: [edge.mediaBaseUrl] });
    const video = await engine.media.register({ path: await goodMp4() });
    const photos = [];
    for (const n of [1, 2]) photos.push(await engine.media.register({ path: await ffmpegFixture(`mp-photo-${n}.jpg`, ['-f', 'lavfi', '-i', `testsrc2=size=1080x1350:rate=1:duration=${n}`, '-frames:v', '1', '-q:v', '5']) }));

    const accounts = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const { open_id } = await admin.createCreator({ username: `mp.${i}`, daily_post_cap: DAILY_CAP });
      const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: APP.redirect });
      accounts.push((await engine.accounts.connectWithCode({ appId: app.id, code })).account);
    }
    const start = clock.now() + 2 * MINUTE;
    const titles: string[] = [];
    for (let p = 0; p < POSTS_PER_ACCOUNT; p++) {
      for (const [a, account] of accounts.entries()) {
        const n = p * ACCOUNTS + a;
        const title = `mp-${n}`;
        titles.push(title);
        const kind = n % 5;
        await engine.posts.create({
          accountId: account.id,
          mediaIds: kind === 4 ? photos.map((x) => x.id) : [video.id],
          source: kind < 2 ? 'FILE_UPLOAD' : 'PULL_FROM_URL',
          title,
          privacyLevel: n % 2 === 0 ? 'PUBLIC_TO_EVERYONE' : 'SELF_ONLY',
          // Spread over 20 minutes of TikTok time, a few posts per account due together.
          scheduledAt: start + ((n * 7919) % 20) * MINUTE,
        });
      }
    }
    // Faults start once the setup is in: 10 % of each kind on every posting call.
    for (const endpoint of FAULTED) for (const kind of KINDS) await admin.addFault({ endpoint, kind, probability: 0.1, ...(kind === 'delay' ? { delay_ms: 5_000 } : {}) });

    workers = await Promise.all([0, 1, 2, 3].map(() => startWorkerProcess(config)));
    const remaining = async () => (await engine.posts.list()).filter((p) => p.state !== 'published' && p.state !== 'failed' && p.state !== 'cancelled');

    // Mid-run, once a quarter of the posts are out, kill two workers without warning and restart them.
    for (let i = 0; i < 600 && (await remaining()).length > (3 * titles.length) / 4; i++) await sleep(250);
    await workers[0]!.kill();
    await workers[1]!.kill();
    await sleep(1_500);
    workers[0] = await startWorkerProcess(config);
    workers[1] = await startWorkerProcess(config);

    // Until every post is settled, or nothing has moved for two real minutes.
    let left = await remaining();
    for (let still = 0; left.length > 0 && still < 480; ) {
      await sleep(250);
      const now = await remaining();
      still = now.length === left.length ? still + 1 : 0;
      left = now;
    }
    expect(left.map((p) => `${p.title}: ${p.state} ${p.stateReason ?? ''} ${p.stateMessage ?? ''}`)).toEqual([]);

    const posts = await engine.posts.list();
    expect(posts).toHaveLength(titles.length);
    const failed = posts.filter((p) => p.state !== 'published');
    expect(failed.map((p) => `${p.title}: ${p.state} ${p.stateReason}`)).toEqual([]);
    await admin.call('POST', '/idle');
    const truth = await admin.posts();
    const perTitle = new Map<string, number>();
    for (const t of truth) perTitle.set(t.title, (perTitle.get(t.title) ?? 0) + 1);
    expect([...perTitle.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...perTitle.keys()].sort()).toEqual([...titles].sort());
    for (const p of posts) expect(p.publishId).toBeTruthy();

    // The run did meet every kind of fault, the lost-answer kind on inits included.
    const requests = await admin.requests();
    const fired = new Set(requests.flatMap((r) => (r.fault ? [`${r.endpoint}:${r.fault}`] : [])));
    for (const k of ['video_init:reset_after', 'video_init:reset_before', 'video_init:error', 'upload:reset_after', 'creator_info:error']) expect(fired.has(k)).toBe(true);
    expect(await admin.call('GET', '/errors')).toEqual([]);

    const stats = await Promise.all(workers.map(async (w) => (await w.stop(), w.stats())));
    workers = [];
    for (const s of stats) expect(s?.maxRssBytes).toBeLessThan(300 * 1024 * 1024);
    process.stdout.write(
      `multi-process: ${titles.length} posts, ${truth.length} TikTok posts, ${requests.filter((r) => r.endpoint.endsWith('_init')).length} inits, ` +
        `${requests.filter((r) => r.fault).length} faults injected, ${edge.received()} webhooks received\n`,
    );
  });
});
