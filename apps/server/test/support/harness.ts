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
  raw?: { payload: string; contentType: string };
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
  key: string;
  /** Every log line the server wrote. */
  logLines: string[];
  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, o?: RequestOptions): Promise<Answer>;
  /** Registers the emulator's app through the API and connects one creator to it. */
  connectAccount(): Promise<AccountView>;
  close(): Promise<void>;
}

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
  settings?: Partial<EngineSettings>;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'tokpost-server-'));
  const emu = createEmulator();
  const port = o.socket ? await freePort() : 0;
  if (o.socket) await emu.listen({ port: 0, host: '127.0.0.1' });
  // Debug level: the strictest test of what reaches the log.
  const config = loadConfig({ TOKPOST_PORT: String(port), TOKPOST_HOST: '127.0.0.1', TOKPOST_DATA_DIR: dir, TOKPOST_LOG_LEVEL: 'debug' }, { cwd: dir });
  const redirectUri = o.socket ? oauthRedirectUri(config) : REDIRECT_URI;
  await emu.admin.createApp({ client_key: APP_KEY, client_secret: APP_SECRET, redirect_uris: [redirectUri], audited: true });
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
  const { key } = await engine.apiKeys.create({ name: 'tests' });
  if (o.socket) await server.listen({ port, host: '127.0.0.1' });
  let creators = 0;

  const request: Harness['request'] = async (method, url, ro = {}) => {
    const headers: Record<string, string> = { ...ro.headers };
    const k = ro.key === undefined ? key : ro.key;
    if (k !== false) headers['authorization'] = `Bearer ${k}`;
    let payload: string | undefined;
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
    key,
    logLines,
    request,
    async connectAccount() {
      const existing = await engine.apps.getByClientKey(APP_KEY);
      const appId = existing?.id ?? ((await request('POST', '/api/apps', { body: { clientKey: APP_KEY, clientSecret: APP_SECRET, audited: true } })).body as { app: { id: string } }).app.id;
      creators += 1;
      const { open_id } = await emu.admin.createCreator({ username: `server.creator.${creators}`, nickname: `Server Creator ${creators}` });
      const { code } = await emu.admin.consent({ client_key: APP_KEY, open_id, scopes: SCOPES, redirect_uri: redirectUri });
      return (await engine.accounts.connectWithCode({ appId, code, requestedScopes: SCOPES })).account;
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
