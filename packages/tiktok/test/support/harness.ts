// Integration harness: an emulator (in-process through its fetch handler, or over real HTTP), an
// app and a creator in it, and a client wired to it, sharing one virtual clock.
import { createEmulator, formatErrorRecord } from '@tokpost/tiktok-emulator';
import type { Emulator, EmulatorOptions } from '@tokpost/tiktok-emulator';
import { createTikTokClient } from '../../src/index.js';
import type { CodeExchangeResult, TikTokClient, TikTokClientOptions } from '../../src/index.js';
import { createOutsideWorld } from './outside-world.js';
import type { OutsideWorld } from './outside-world.js';
import { createVirtualClock } from './virtual-clock.js';
import type { VirtualClock } from './virtual-clock.js';

export type Mode = 'in-process' | 'http';
export const MODES: Mode[] = ['in-process', 'http'];

export const APP = {
  client_key: 'awtestclientkey',
  client_secret: 'cs_test_secret_do_not_print_7f3a9c',
  redirect_uris: ['https://app.example.com/tiktok/callback/'],
  verified_url_prefixes: ['https://media.example.com/v/'],
};
export const ALL_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload'];

export interface Harness {
  mode: Mode;
  emu: Emulator;
  clock: VirtualClock;
  baseUrl: string;
  /** The fetch the client uses (the emulator's handler in-process, global fetch over HTTP). */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  client: TikTokClient;
  /** The app's media server and webhook endpoint, as the emulator sees them. */
  world: OutsideWorld;
  makeClient(extra?: Partial<TikTokClientOptions>): TikTokClient;
  /** Adds a creator and connects it: consent → code → token exchange through the client. */
  connect(opts?: { creator?: Record<string, unknown>; scopes?: string[] }): Promise<CodeExchangeResult & { creatorOpenId: string }>;
  /**
   * Closes the emulator, then fails if it recorded a bug of its own (a route, timer or background
   * task that threw). Injected faults are TikTok behaviour and never count.
   */
  close(): Promise<void>;
}

export interface HarnessOptions {
  app?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  client?: Partial<TikTokClientOptions>;
  emulator?: Partial<EmulatorOptions>;
}

export async function startHarness(mode: Mode, opts: HarnessOptions = {}): Promise<Harness> {
  const clock = createVirtualClock();
  const world = createOutsideWorld();
  const emu = createEmulator({ clock: clock.passive, settings: opts.settings, fetch: world.fetch, ...opts.emulator });
  let baseUrl = emu.baseUrl;
  if (mode === 'http') baseUrl = (await emu.listen({ port: 0, host: '127.0.0.1' })).url;
  await emu.admin.createApp({ ...APP, ...opts.app });
  const rawFetch = mode === 'http' ? (url: string, init: RequestInit) => fetch(url, init) : (url: string, init: RequestInit) => emu.fetch(url, init);
  const fetchFn = async (url: string, init: RequestInit) => {
    const release = clock.hold();
    try {
      return await rawFetch(url, init);
    } finally {
      release();
    }
  };
  const makeClient = (extra: Partial<TikTokClientOptions> = {}) =>
    createTikTokClient({
      clientKey: APP.client_key,
      clientSecret: (opts.app?.['client_secret'] as string | undefined) ?? APP.client_secret,
      redirectUri: APP.redirect_uris[0]!,
      baseUrls: baseUrl,
      fetch: fetchFn,
      clock,
      ...opts.client,
      ...extra,
    });
  const client = makeClient();
  let n = 0;
  return {
    mode,
    emu,
    clock,
    baseUrl,
    fetch: fetchFn,
    client,
    world,
    makeClient,
    async connect(o = {}) {
      n += 1;
      const { open_id } = await emu.admin.createCreator({ username: `creator${n}`, nickname: `Creator ${n}`, ...o.creator });
      const scopes = o.scopes ?? ALL_SCOPES;
      const { code } = await emu.admin.consent({ client_key: APP.client_key, open_id, scopes, redirect_uri: APP.redirect_uris[0]! });
      const tokens = await client.exchangeCode({ code, requestedScopes: scopes });
      return { ...tokens, creatorOpenId: open_id };
    },
    async close() {
      await emu.close();
      const errors = emu.errors();
      if (errors.length > 0) throw new Error(`the emulator recorded ${errors.length} bug(s) of its own:\n${errors.map(formatErrorRecord).join('\n')}`);
    },
  };
}
