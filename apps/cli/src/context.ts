// What every command gets: the environment (read once, in cli.ts), the output, and the two ways to
// reach tokpost — the configuration for local commands (serve, worker, migrate, api-keys) and an
// API client for the REST commands (--url, default the configured public URL; --key, default
// TOKPOST_API_KEY, then the demo key kept in the data folder). The server and engine packages are
// loaded only by the commands that use them, so `--help` and the REST commands start quickly.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Engine } from '@tokpost/engine';
import type { ServerConfig } from '@tokpost/server';
import { createApiClient, type ApiClient } from './api-client.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { Output } from './output.js';

export const DEMO_KEY_FILE = 'demo-api-key';

export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  out: Output;
  /** The configuration; a ConfigError becomes exit code 5. */
  config(): Promise<ServerConfig>;
  /** The engine opened from the configuration, for local commands (closed by `close`). */
  openEngine(): Promise<Engine & { close(): Promise<void> }>;
  /** timeoutMs: how long one request may take (default 2 min). */
  api(o: { url?: string; key?: string; timeoutMs?: number }): Promise<ApiClient>;
}

export interface ApiOptions {
  url?: string;
  key?: string;
  json?: boolean;
}

export async function configOf(env: Record<string, string | undefined>, cwd: string): Promise<ServerConfig> {
  const { ConfigError, loadConfig } = await import('@tokpost/server');
  try {
    return loadConfig(env, { cwd });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`configuration error: ${e.message}`, EXIT.config, 'ERR_CONFIG');
    throw e;
  }
}

export function createContext(env: Record<string, string | undefined>, cwd: string, out: Output): CliContext {
  let config: Promise<ServerConfig> | undefined;
  const ctx: CliContext = {
    env,
    cwd,
    out,
    config: () => (config ??= configOf(env, cwd)),
    async openEngine() {
      const c = await ctx.config();
      const { openEngine } = await import('@tokpost/engine');
      // A wrong encryption key or an unreachable database is reported by program.ts (exit 5, 4).
      return openEngine({ dataDir: c.dataDir, databaseUrl: c.databaseUrl, encryptionKey: c.encryptionKey, previousEncryptionKeys: c.previousEncryptionKeys, tiktok: { redirectUri: `${c.publicUrl}/api/oauth/tiktok/callback` } });
    },
    async api(o) {
      let url = o.url;
      if (url !== undefined && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol))) throw usageError(`--url must be an http(s) URL, got "${url}"`);
      const needConfig = url === undefined || (o.key === undefined && !env['TOKPOST_API_KEY']);
      const c = needConfig ? await ctx.config() : undefined;
      url ??= c!.publicUrl;
      let key = o.key ?? (env['TOKPOST_API_KEY'] || undefined);
      if (key === undefined && c) {
        const demoKey = join(resolve(cwd, c.dataDir), DEMO_KEY_FILE);
        if (existsSync(demoKey)) key = readFileSync(demoKey, 'utf8').trim();
      }
      if (key === undefined) throw usageError('no API key: pass --key tp_… or set TOKPOST_API_KEY (make one with `tokpost api-keys create --name me`)');
      return createApiClient({ baseUrl: url, key, timeoutMs: o.timeoutMs });
    },
  };
  return ctx;
}
