// Demo mode (`tokpost serve` with no TikTok app configured: neither TIKTOK_CLIENT_KEY nor
// TIKTOK_API_BASE_URL): the TikTok emulator runs in this process with the demo creators of
// packages/tiktok-emulator/scenarios/demo.json, listening on its own port, and tokpost is pointed
// at it with the scenario's demo app. Nothing reaches TikTok. The emulator keeps its state in
// memory, so after a restart its tokens are gone and demo accounts must be connected again.
//
// A demo API key is made once and kept in `<data dir>/demo-api-key` (mode 0600), so a restart can
// print it again and the REST commands find it without --key. The key is stored hashed like any
// other; the file is the only clear copy.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@tokpost/engine';
import type { ServerConfig } from '@tokpost/server';
import { createEmulator, formatErrorRecord, type Emulator } from '@tokpost/tiktok-emulator';
import { DEMO_KEY_FILE } from './context.js';
import { DEMO_CLIENT_KEY, DEMO_EMULATOR_PORT, demoScenarioPath } from './demo-scenario.js';

export const isDemo = (config: ServerConfig): boolean => !config.tiktok.clientKey && !config.tiktok.apiBaseUrl;

interface ScenarioApp {
  client_key: string;
  client_secret: string;
  redirect_uris?: string[];
  verified_url_prefixes?: string[];
  [k: string]: unknown;
}

export interface Demo {
  emulator: Emulator;
  /** The emulator's URL. */
  url: string;
  /** The configuration tokpost runs with: the emulator's hosts and the demo app. */
  config: ServerConfig;
  close(): Promise<void>;
}

async function listenNear(emu: Emulator, host: string, port: number): Promise<string> {
  try {
    return (await emu.listen({ port, host })).url;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    return (await emu.listen({ port: 0, host })).url;
  }
}

/** Starts the emulator and returns the configuration that points tokpost at it. */
export async function startDemo(config: ServerConfig, o: { port?: number; onError?: (line: string) => void } = {}): Promise<Demo> {
  const scenario = JSON.parse(readFileSync(demoScenarioPath(), 'utf8')) as { apps: ScenarioApp[] };
  const emulator = createEmulator({ scenario, onError: (r) => o.onError?.(formatErrorRecord(r)) });
  const url = await listenNear(emulator, '127.0.0.1', o.port ?? DEMO_EMULATOR_PORT);
  const mediaPrefix = config.mediaPrefix ?? `${config.publicUrl}/media/`;
  const demoApp = scenario.apps.find((a) => a.client_key === DEMO_CLIENT_KEY);
  if (!demoApp) throw new Error(`the demo scenario ${demoScenarioPath()} has no app ${DEMO_CLIENT_KEY}`);
  // The scenario names port 3000; a server elsewhere registers its own redirect URI, media prefix
  // and webhook address with the emulator's copy of the app, as a developer would in TikTok's portal.
  const redirect = `${config.publicUrl}/api/oauth/tiktok/callback`;
  await emulator.admin.createApp({
    ...demoApp,
    redirect_uris: [...new Set([...(demoApp.redirect_uris ?? []), redirect])],
    verified_url_prefixes: [...new Set([...(demoApp.verified_url_prefixes ?? []), mediaPrefix])],
    webhook_url: `${config.publicUrl}/api/webhooks/tiktok`,
  });
  return {
    emulator,
    url,
    config: {
      ...config,
      mediaPrefix,
      tiktok: { ...config.tiktok, clientKey: demoApp.client_key, clientSecret: demoApp.client_secret, audited: true, apiBaseUrl: url, authBaseUrl: url },
    },
    close: () => emulator.close(),
  };
}

/** The demo API key: read from the data folder when it still verifies, otherwise made and kept there. */
export async function ensureDemoKey(engine: Engine, dataDir: string): Promise<{ key: string; created: boolean; file: string }> {
  const file = join(dataDir, DEMO_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (await engine.apiKeys.verify(key)) return { key, created: false, file };
  }
  const { key } = await engine.apiKeys.create({ name: 'demo' });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, created: true, file };
}
