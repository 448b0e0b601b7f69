// A server for tests: the TikTok emulator in-process, the engine on a fresh SQLite file (or a
// PostgreSQL URL), buildServer over it with every log line captured, and one API key. `request`
// goes through Fastify's inject (the whole HTTP stack but the socket); socket tests call `listen`.
// With `socket: true` both sides listen on real ports: the emulator (its consent page reached over
// HTTP) and the server, on a port chosen first so the public URL and the OAuth redirect URI
// (config.ts oauthRedirectUri) are known before the engine is built; `h.baseUrl` is the server's.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type AccountView, type Engine, type EngineSettings } from '@tokpost/engine';
import { createEmulator, type Emulator } from '@tokpost/tiktok-emulator';
import type { FastifyInstance } from 'fastify';
import { assertNoSecrets } from '../../../../test/support/secret-scan.js';
import { buildServer, loadConfig, oauthRedirectUri, type ServerConfig } from '../../src/index.js';

export const APP_KEY = 'aw_server_test_key';
export const APP_SECRET = 'server-test-secret-never-logged-7b31';
export const REDIRECT_URI = 'http://127.0.0.1:3000/api/oauth/tiktok/callback';
export const ENCRYPTION_KEY = '7'.repeat(64);
const SCOPES = ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'];

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding) with the given content type. */
  raw?: { payload: string | Buffer; contentType: string };
  headers?: Record<string, string>;
  /** The API key to send as Bearer; false sends none. Default: the harness's key. */
  key?: string | false;
}

export interface Harness {
  emu: Emulator;
  engine: Engine & { close(): Promise<void> };
  server: FastifyInstance;
  config: ServerConfig;
  /** The redirect URI the engine sends to TikTok. */
  redirectUri: string;
  /** With `socket: true`, where the server listens (its public URL). */
  baseUrl: string | undefined;
  /** The data folder (SQLite, the key file, `media/`), removed by close(). */
  dataDir: string;
  key: string;
  /** Every log line the server wrote. */
  logLines: string[];
  request(method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, o?: RequestOptions): Promise<Answer>;
  /**
   * Registers the emulator's app through the API and connects one creator to it: a public creator
   * with TikTok's usual settings unless `creator` says otherwise (the emulator's creator fields),
   * granting `scopes` (default: basic, profile, publish, upload).
   */
  connectAccount(o?: { creator?: Record<string, unknown>; scopes?: string[] }): Promise<AccountView & { openId: string }>;
  /** Records a worker heartbeat now (as a running worker would), for /healthz. */
  beat(id?: string): Promise<void>;
  /** The URL the emulator delivers the app's webhooks to: this server's receiver, in-process. */
  webhookUrl: string;
  close(): Promise<void>;
}

export const WEBHOOK_URL = 'http://tokpost.test/api/webhooks/tiktok';

/** A port free right now (the server takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface HarnessOptions {
  databaseUrl?: string;
  /** Emulator and server on real sockets (see the header). */
  socket?: boolean;
  /** More settings for loadConfig (e.g. TOKPOST_MAX_UPLOAD_BYTES, TOKPOST_MEDIA_PREFIX). */
  env?: Record<string, string>;
  /** Engine settings over openEngine's defaults. */
  settings?: Partial<EngineSettings>;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'tokpost-server-'));
  // Set once the server is built; the emulator is made first, so its fetch looks it up late.
  const late: { server?: FastifyInstance } = {};
  // The emulator's webhook deliveries reach this server through inject; any other URL, the network.
  const emuFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const server = late.server;
    if (!href.startsWith('http://tokpost.test/') || !server) return fetch(input, init);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => void (headers[k] = v));
    const res = await server.inject({ method: (init?.method ?? 'GET') as 'POST', url: href.slice('http://tokpost.test'.length), headers, payload: init?.body as string | undefined });
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } });
  };
  const emu = createEmulator({ fetch: emuFetch });
  const port = o.socket ? await freePort() : 0;
  if (o.socket) await emu.listen({ port: 0, host: '127.0.0.1' });
  // Debug level: the strictest test of what reaches the log.
  const config = loadConfig({ TOKPOST_PORT: String(port), TOKPOST_HOST: '127.0.0.1', TOKPOST_DATA_DIR: dir, TOKPOST_LOG_LEVEL: 'debug', ...o.env }, { cwd: dir });
  const redirectUri = o.socket ? oauthRedirectUri(config) : REDIRECT_URI;
  await emu.admin.createApp({ client_key: APP_KEY, client_secret: APP_SECRET, redirect_uris: [redirectUri], audited: true, webhook_url: WEBHOOK_URL });
  const engine = await openEngine({
    dataDir: dir,
    databaseUrl: o.databaseUrl,
    encryptionKey: ENCRYPTION_KEY,
    // Over sockets the engine calls the emulator with the global fetch, as it would call TikTok.
    tiktok: { baseUrls: emu.baseUrl, ...(o.socket ? {} : { fetch: emu.fetch }), redirectUri },
    settings: o.settings,
  });
  const logLines: string[] = [];
  const server = await buildServer({ engine, config, logStream: { write: (line) => void logLines.push(line) }, bodyLimit: 4_096 });
  late.server = server;
  const { key } = await engine.apiKeys.create({ name: 'tests' });
  if (o.socket) await server.listen({ port, host: '127.0.0.1' });
  let creators = 0;

  const request: Harness['request'] = async (method, url, ro = {}) => {
    const headers: Record<string, string> = { ...ro.headers };
    const k = ro.key === undefined ? key : ro.key;
    if (k !== false) headers['authorization'] = `Bearer ${k}`;
    let payload: string | Buffer | undefined;
    if (ro.raw) {
      payload = ro.raw.payload;
      headers['content-type'] = ro.raw.contentType;
    } else if (ro.body !== undefined) {
      payload = JSON.stringify(ro.body);
      headers['content-type'] = 'application/json';
    }
    const res = await server.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  };

  return {
    emu,
    engine,
    server,
    config,
    redirectUri,
    baseUrl: o.socket ? config.publicUrl : undefined,
    dataDir: dir,
    webhookUrl: WEBHOOK_URL,
    key,
    logLines,
    request,
    async connectAccount(co = {}) {
      const existing = await engine.apps.getByClientKey(APP_KEY);
      const appId = existing?.id ?? ((await request('POST', '/api/apps', { body: { clientKey: APP_KEY, clientSecret: APP_SECRET, audited: true } })).body as { app: { id: string } }).app.id;
      creators += 1;
      const scopes = co.scopes ?? SCOPES;
      const { open_id } = await emu.admin.createCreator({ username: `server.creator.${creators}`, nickname: `Server Creator ${creators}`, ...co.creator });
      const { code } = await emu.admin.consent({ client_key: APP_KEY, open_id, scopes, redirect_uri: redirectUri });
      return { ...(await engine.accounts.connectWithCode({ appId, code, requestedScopes: scopes })).account, openId: open_id };
    },
    async beat(id = 'wrk_harness') {
      const now = engine.clock.now();
      await engine.store.workers.beat({ id, host: 'harness', pid: process.pid, startedAt: now }, now);
    },
    // Every harness ends by checking its whole log: no client secret, encryption key, API key or
    // TikTok token (read back from the store, so tokens refreshed during the test count too).
    async close() {
      const tokens = (await engine.store.accounts.list().catch(() => [])).flatMap((a) => [a.accessToken, a.refreshToken]);
      await server.close();
      await engine.close().catch(() => {});
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
      assertNoSecrets('server log', logLines, [APP_SECRET, ENCRYPTION_KEY, key, ...tokens]);
    },
  };
}
