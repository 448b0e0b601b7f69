// A whole world for scenario tests: the TikTok emulator in-process, the engine on SQLite or
// PostgreSQL, one worker, and the outside world between them — the media URL TikTok pulls from
// (served through engine.media.openPull) and the webhook endpoint (signature checked, then
// engine.handleTikTokEvent). Engine and emulator share one test clock; `runUntil` moves it from one
// due moment to the next, letting both sides settle in between.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createWebhookReceiver, type FetchLike } from '@tokpost/tiktok';
import { createEmulator, type Emulator, type PostRecord } from '@tokpost/tiktok-emulator';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { createEngine, type AccountView, type AppView, type Dialect, type Engine, type EngineSettings, type Gate, type MediaAsset, type Post, type PostInput, type PostState, type PostView, type Store, type Worker } from '../../src/index.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './databases.js';
import { createTestClock, type TestClock } from './test-clock.js';
import { consoleLogger } from './console-logger.js';

export const MEDIA_BASE = 'https://media.tokpost.test/m/';
export const WEBHOOK_URL = 'https://hooks.tokpost.test/tiktok';
export const REDIRECT_URI = 'https://tokpost.test/api/oauth/tiktok/callback';
export const APP_KEY = 'aw_scenario_key';
export const APP_SECRET = 'scenario-secret-never-logged-4f2c';
export const ALL_SCOPES = ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'];

export interface WorldOptions {
  dialect: Dialect;
  /** Emulator app fields (audited, caps…). */
  app?: Record<string, unknown>;
  /** Serve media for URL pulls (and make the app verify that prefix). */
  pull?: boolean;
  /** Have the emulator deliver webhooks to the engine. */
  webhooks?: boolean;
  settings?: Partial<EngineSettings>;
  emulatorSettings?: Record<string, unknown>;
  gate?: Gate;
  /** Let the worker queue the watchdog (stuck posts, reminders); off by default, so time moves only as the scenario needs. */
  watchdog?: boolean;
  /** Runs before every request the engine sends to TikTok (the test may hold it there). */
  beforeTikTok?: (url: string, init: RequestInit) => Promise<void> | void;
}

export interface World {
  dialect: Dialect;
  clock: TestClock;
  emu: Emulator;
  store: Store;
  engine: Engine;
  worker: Worker;
  app: AppView;
  /** Webhook deliveries the endpoint accepted (after the signature check). */
  webhooksReceived: number;
  connect(creator?: Record<string, unknown>, scopes?: string[]): Promise<{ account: AccountView; openId: string }>;
  video(opts?: { width?: number; height?: number; fps?: number; seconds?: number }): Promise<MediaAsset>;
  register(path: string): Promise<MediaAsset>;
  schedule(input: Partial<PostInput> & { accountId: string; mediaIds: string[] }): Promise<Post>;
  settle(): Promise<void>;
  /** Moves time until `done` holds; throws after `maxMs` of test time. */
  runUntil(done: () => Promise<boolean> | boolean, o?: { maxMs?: number; what?: string }): Promise<void>;
  waitForPost(postId: string, states: readonly PostState[], maxMs?: number): Promise<PostView>;
  truth(): Promise<PostRecord[]>;
  /** tokpost is down for `ms`: the worker stops gracefully, time moves on, a new worker starts. */
  downtime(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(o: WorldOptions): Promise<World> {
  const clock = createTestClock();
  const db: TestDatabase = await createTestDatabase(o.dialect);
  const store = await openTestStore(db);
  // The outside world needs the engine, which needs the emulator: tied up once both exist.
  const ref: { engine?: Engine } = {};
  let webhooksReceived = 0;
  const receiver = createWebhookReceiver({ clientSecret: APP_SECRET, clientKey: APP_KEY, clock });

  // What the emulator reaches out to.
  const outside: FetchLike = async (url, init) => {
    if (url.startsWith(WEBHOOK_URL)) {
      const rawBody = await new Response(init.body ?? null).text();
      const receipt = await receiver.receive({ rawBody, headers: new Headers(init.headers) });
      if (receipt.status === 'rejected') return new Response(null, { status: 401 });
      webhooksReceived += 1;
      await ref.engine!.handleTikTokEvent(receipt.event);
      return new Response(null, { status: 200 });
    }
    if (url.startsWith(MEDIA_BASE)) {
      const [token = '', index = ''] = url.slice(MEDIA_BASE.length).split('/');
      const found = await ref.engine!.media.openPull(token, Number(index));
      if (!found.ok) return new Response(null, { status: found.status });
      const body = Readable.toWeb(createReadStream(found.asset.path)) as ReadableStream<Uint8Array>;
      return new Response(body, { status: 200, headers: { 'content-type': found.contentType, 'content-length': String(found.asset.sizeBytes) } });
    }
    return new Response(null, { status: 404 });
  };

  const emu = createEmulator({
    clock,
    fetch: outside as never,
    settings: { processing_delay_ms: 2_000, moderation_delay_ms: 5_000, ...o.emulatorSettings },
  });
  await emu.admin.createApp({
    client_key: APP_KEY,
    client_secret: APP_SECRET,
    redirect_uris: [REDIRECT_URI],
    audited: true,
    verified_url_prefixes: o.pull ? [MEDIA_BASE] : [],
    ...(o.webhooks ? { webhook_url: WEBHOOK_URL } : {}),
    ...o.app,
  });

  const engine = createEngine({
    store,
    clock,
    log: process.env['TOKPOST_TEST_LOG'] ? consoleLogger(clock) : undefined,
    tiktok: {
      baseUrls: emu.baseUrl,
      fetch: async (url, init) => {
        await o.beforeTikTok?.(url, init);
        return emu.fetch(url, init);
      },
      redirectUri: REDIRECT_URI,
    },
    settings: { mediaBaseUrl: o.pull ? MEDIA_BASE : undefined, ...o.settings },
    gate: o.gate,
  });
  ref.engine = engine;
  const app = await engine.apps.create({
    clientKey: APP_KEY,
    clientSecret: APP_SECRET,
    audited: (o.app?.['audited'] as boolean | undefined) ?? true,
    verifiedUrlPrefixes: o.pull ? [MEDIA_BASE] : [],
  });
  const newWorker = () => engine.createWorker({ pollMs: 3_600_000, concurrency: 8, watchdog: o.watchdog ?? false });
  let worker = newWorker();
  let stoppedWork = 0;

  let progress = 0;
  emu.events.on('publish', () => (progress += 1));
  emu.events.on('webhook', () => (progress += 1));
  engine.events.on('post', () => (progress += 1));
  const marker = () => stoppedWork + progress + worker.stats().claimed + worker.stats().completed;

  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      const before = marker();
      await emu.idle();
      await worker.whenIdle();
      await emu.idle();
      if (marker() === before) return;
    }
    throw new Error('the world never settled');
  };

  let n = 0;
  const world: World = {
    dialect: o.dialect,
    clock,
    emu,
    store,
    engine,
    get worker() {
      return worker;
    },
    app,
    get webhooksReceived() {
      return webhooksReceived;
    },
    async connect(creator = {}, scopes = ALL_SCOPES) {
      n += 1;
      const { open_id } = await emu.admin.createCreator({ username: `creator.${n}`, nickname: `Creator ${n}`, ...creator });
      const { code } = await emu.admin.consent({ client_key: APP_KEY, open_id, scopes, redirect_uri: REDIRECT_URI });
      const r = await engine.accounts.connectWithCode({ appId: app.id, code, requestedScopes: scopes });
      return { account: r.account, openId: open_id };
    },
    async video(opts) {
      return engine.media.register({ path: await goodMp4(opts) });
    },
    register: (path) => engine.media.register({ path }),
    async schedule(input) {
      const { post } = await engine.posts.create({ privacyLevel: 'PUBLIC_TO_EVERYONE', title: 'scenario post', ...input });
      return post;
    },
    settle,
    async runUntil(done, ro = {}) {
      const start = clock.now();
      const maxMs = ro.maxMs ?? 3_600_000;
      for (;;) {
        await settle();
        if (await done()) return;
        const next = clock.nextDue();
        if (next === undefined) throw new Error(`${ro.what ?? 'the condition'} never held, and nothing is left to happen`);
        if (next - start > maxMs) throw new Error(`${ro.what ?? 'the condition'} did not hold within ${maxMs} ms of test time`);
        await clock.advanceTo(next);
      }
    },
    async waitForPost(postId, states, maxMs) {
      let post: PostView | undefined;
      await world.runUntil(
        async () => {
          post = await engine.posts.get(postId);
          return states.includes(post.state);
        },
        { maxMs, what: `post ${postId} reaching ${states.join('/')}` },
      );
      return post!;
    },
    truth: () => emu.admin.posts(),
    async downtime(ms) {
      await settle();
      await worker.stop();
      stoppedWork += worker.stats().claimed + worker.stats().completed;
      await clock.advance(ms);
      await emu.idle();
      worker = newWorker();
      await worker.whenStarted();
    },
    async close() {
      await worker.stop();
      const bugs = emu.errors();
      await emu.close();
      await store.close();
      await db.drop();
      if (bugs.length > 0) throw new Error(`the emulator recorded its own bugs: ${JSON.stringify(bugs)}`);
    },
  };
  return world;
}
