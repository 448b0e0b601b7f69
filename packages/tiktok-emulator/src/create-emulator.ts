// createEmulator(): an offline, stateful TikTok. Use `emu.fetch` in-process (inject it into the
// client), or `emu.listen()` to serve it over real HTTP. Admin calls go through the same handler.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from './context.js';
import { createEmulatorTime } from './emulator-time.js';
import { createFaultRegistry } from './engine/faults.js';
import { createPublishFlow, removeMedia } from './engine/publish-flow.js';
import { createWebhookDispatcher } from './engine/webhooks.js';
import { createErrorLog, type EmulatorErrorRecord } from './error-log.js';
import { toFetch, type FetchLike } from './http/fetch-adapter.js';
import { listenNode, type NodeServerHandle } from './http/node-server.js';
import { createRouter } from './http/router.js';
import type { Handler } from './http/types.js';
import { createIds, type RandomBytes } from './ids.js';
import { createAdminClient, type AdminClient } from './admin-client.js';
import { scenarioSchema } from './admin-schemas.js';
import { AdminInputError, type AdminOps } from './routes/admin.js';
import { settingsSchema, type Settings } from './settings.js';
import { createState } from './state.js';

export interface EmulatorOptions {
  /** Base clock; the emulator adds its own offset that POST /_emulator/clock moves. */
  clock?: Clock;
  /** Where uploaded and pulled media is written (a fresh temp dir by default, removed on close). */
  dataDir?: string;
  /** Origin used by `emu.fetch` callers that need a URL before listening. */
  baseUrl?: string;
  /** Used for URL pulls and webhook deliveries (global fetch by default). */
  fetch?: FetchLike;
  random?: RandomBytes;
  settings?: Partial<Settings>;
  /** Apps, creators and settings to load at start (same shape as a --scenario file). */
  scenario?: unknown;
  /**
   * Called once per emulator bug (a route, timer or background task that threw), after it is
   * recorded for `errors()`. Default: print it to stderr with console.error.
   */
  onError?: (record: EmulatorErrorRecord) => void;
}

export interface Emulator {
  /** A `fetch` that talks to the emulator in-process. */
  fetch: FetchLike;
  /** The framework-neutral handler behind both `fetch` and the HTTP server. */
  handle: Handler;
  /** `http://tiktok-emulator.local` until `listen()`, then the server's URL. */
  readonly baseUrl: string;
  /** Typed calls to the admin API (through `fetch`). */
  admin: AdminClient;
  /** `publish` and `webhook` events, for tests that wait on events rather than sleeping. */
  events: EventEmitter;
  now(): number;
  advance(ms: number): Promise<number>;
  /**
   * Resolves when no download, processing or webhook delivery is in flight, after running every
   * timer already due (so work a clock advance made due has started and finished too).
   */
  idle(): Promise<void>;
  /**
   * Every emulator bug so far: a route that threw (answered 500 internal_error saying so), a timer
   * callback that threw, a background task that rejected. Injected faults are not listed here.
   * Empty in a healthy run; test harnesses assert that after each test.
   */
  errors(): EmulatorErrorRecord[];
  listen(opts?: { port?: number; host?: string }): Promise<{ url: string }>;
  close(): Promise<void>;
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tiktok-emulator-'));
  mkdirSync(dataDir, { recursive: true });
  const time = createEmulatorTime(options.clock ?? systemClock, { onError: (where, e) => errors.record(where, e) });
  const errors = createErrorLog({ now: () => time.now(), onError: options.onError });
  const random = options.random;
  const ids = createIds(random);
  const events = new EventEmitter();
  const background = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>, label: string) => {
    const p = work.catch((e: unknown) => void errors.record(`background ${label}`, e)).finally(() => background.delete(p));
    background.add(p);
  };
  const idle = async () => {
    for (;;) {
      // advance(0) runs the timers already due and lets what they start register itself.
      await time.advance(0);
      if (background.size === 0) return;
      await Promise.allSettled([...background]);
    }
  };
  const rand01 = () => (random ? (random(1)[0] ?? 0) / 256 : Math.random());
  const faults = createFaultRegistry(rand01);
  const state = createState();
  let settings: Settings = settingsSchema.parse(options.settings ?? {});
  const pullFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const webhooks = createWebhookDispatcher({ state, settings: () => settings, time, fetch: pullFetch, events, faults, track });
  const ctx: EmulatorContext = {
    state,
    get settings() {
      return settings;
    },
    time,
    ids,
    dataDir,
    events,
    pullFetch,
    webhooks,
    faults,
    errors,
    track,
  };
  const flow = createPublishFlow(ctx);

  const ops: AdminOps = {
    async reset() {
      for (const p of state.publishes.values()) p.pull_abort?.abort(new Error('reset'));
      await Promise.allSettled([...background]);
      await removeMedia([...state.publishes.values()].flatMap((p) => p.media_paths));
      Object.assign(state, createState());
      faults.clear();
      webhooks.clear();
      settings = settingsSchema.parse(options.settings ?? {});
    },
    addApp(app) {
      state.apps.set(app.client_key, app);
      return { client_key: app.client_key };
    },
    addCreator(c) {
      const openId = c.open_id ?? ids.openId();
      state.creators.set(openId, {
        ...c,
        open_id: openId,
        union_id: `u-${ids.hex(8)}`,
        nickname: c.nickname ?? c.username,
        avatar_url: c.avatar_url ?? `https://p16-emulator.tiktokcdn.test/avatar/${encodeURIComponent(c.username)}.jpeg`,
      });
      return { open_id: openId };
    },
    updateSettings(input) {
      const patch = typeof input === 'object' && input !== null ? input : {};
      const r = settingsSchema.safeParse({ ...settings, ...patch });
      if (!r.success) {
        const i = r.error.issues[0];
        throw new AdminInputError(`${i?.path.join('.') ?? 'settings'}: ${i?.message ?? 'invalid'}`);
      }
      settings = r.data;
      return settings;
    },
    idle,
  };

  if (options.scenario !== undefined) loadScenario(ops, options.scenario);

  const handle = createRouter(ctx, flow, ops);
  const emuFetch = toFetch(handle);
  let baseUrl = options.baseUrl ?? 'http://tiktok-emulator.local';
  let server: NodeServerHandle | undefined;

  return {
    fetch: emuFetch,
    handle,
    get baseUrl() {
      return baseUrl;
    },
    admin: createAdminClient(emuFetch, () => baseUrl),
    events,
    now: () => time.now(),
    advance: (ms) => time.advance(ms),
    idle,
    errors: () => errors.list(),
    async listen(opts = {}) {
      if (server) return { url: server.url };
      server = await listenNode(handle, { ...opts, onError: (where, e) => errors.record(where, e) });
      baseUrl = server.url;
      return { url: server.url };
    },
    async close() {
      for (const p of state.publishes.values()) p.pull_abort?.abort(new Error('emulator closed'));
      time.close();
      await server?.close();
      server = undefined;
      await Promise.allSettled([...background]);
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Applies a scenario (apps, creators, settings); throws a readable error when it is invalid. */
export function loadScenario(ops: AdminOps, raw: unknown): void {
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Invalid scenario at ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`);
  }
  if (r.data.settings) ops.updateSettings(r.data.settings);
  for (const app of r.data.apps) ops.addApp(app);
  for (const c of r.data.creators) ops.addCreator(c);
}
