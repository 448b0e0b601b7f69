// startTokpost: one running tokpost process from a ServerConfig (docs/architecture.md §3): the
// engine over its store, the HTTP server, an in-process worker unless told otherwise, and the
// periodic liveness check that raises `no_worker_alive` when no worker anywhere beats. `tokpost
// serve` is this with the server on; `tokpost worker` is this with the server off; a scale-out is
// one serve --no-worker plus N workers against one PostgreSQL.
//
// Stopping (stop(), or SIGINT/SIGTERM): the worker drains first (stops claiming, lets running jobs
// finish within its grace period), then the server stops accepting and closes, then the store.
import { createServer } from 'node:net';
import { createScaledClock, openEngine, systemClock, type Clock, type Engine, type EngineSettings, type SmtpSettings, type Worker } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { describeConfig, oauthRedirectUri, type ServerConfig, type SmtpConfig } from './config.js';
import { buildServer, serverLoggerOptions } from './server.js';

export interface StartOptions {
  /** Run an in-process worker (serve: unless --no-worker; worker: always). */
  worker: boolean;
  /** Serve HTTP (default true; `tokpost worker` turns it off). */
  http?: boolean;
  /** Where log lines go (stdout by default). */
  logStream?: { write(line: string): void };
  /** How often the server asks whether any worker is alive (default 30 s). */
  livenessMs?: number;
  /** Stop cleanly on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Engine tunables over the defaults (tests shorten timings). */
  settings?: Partial<EngineSettings>;
  /** The built web UI's folder (default apps/web/dist). */
  webDist?: string;
  /** Real milliseconds the worker's drain may take at stop (default 30 s). */
  stopGraceMs?: number;
}

export interface Tokpost {
  engine: Engine & { close(): Promise<void> };
  /** The HTTP server; undefined when `http` is false. */
  server: FastifyInstance | undefined;
  /** Where the server listens (the socket's address); undefined when `http` is false. */
  url: string | undefined;
  /** The configuration in force (the port resolved when 0 was asked for). */
  config: ServerConfig;
  worker: Worker | undefined;
  stop(): Promise<void>;
}

/** The engine's SMTP settings from the config's: a URL carries TLS and credentials, a host does not. */
export function smtpSettingsOf(smtp: SmtpConfig | undefined): SmtpSettings | undefined {
  if (!smtp) return undefined;
  if (smtp.url) {
    const u = new URL(smtp.url);
    const secure = u.protocol === 'smtps:';
    return {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      from: smtp.from,
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    };
  }
  return { host: smtp.host ?? 'localhost', port: smtp.port, secure: smtp.port === 465, from: smtp.from };
}

/** The system clock, or the scaled one TOKPOST_TIME_* describe (the anchor defaults to now, the origin to the anchor). */
export function clockOf(config: Pick<ServerConfig, 'time'>): Clock {
  if (!config.time) return systemClock;
  const anchorRealMs = config.time.anchorRealMs ?? systemClock.now();
  return createScaledClock({ factor: config.time.factor, originMs: config.time.originMs ?? anchorRealMs, anchorRealMs });
}

const hostInUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** A port nobody listens on now, for a config that asked for port 0 (the public URL must be known before listening). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

/**
 * Port 0 means "any free port": it is chosen here, before anything opens, so that the public URL
 * (the OAuth redirect URI, the pull URLs) names the port the server will really have.
 */
export async function resolvePort(config: ServerConfig): Promise<ServerConfig> {
  if (config.port !== 0) return config;
  const port = await freePort(config.host);
  const defaulted = config.publicUrl === `http://${hostInUrl(config.host)}:0`;
  return { ...config, port, publicUrl: defaulted ? `http://${hostInUrl(config.host)}:${port}` : config.publicUrl };
}

/** Registers the configured TikTok app (TIKTOK_CLIENT_KEY) when missing, or brings it up to date. */
export async function ensureConfiguredApp(engine: Engine, config: ServerConfig): Promise<void> {
  const { clientKey, clientSecret, audited } = config.tiktok;
  if (!clientKey || !clientSecret) return;
  const prefixes = config.mediaPrefix ? [config.mediaPrefix] : [];
  const existing = await engine.apps.getByClientKey(clientKey);
  if (!existing) {
    await engine.apps.create({ clientKey, clientSecret, audited, verifiedUrlPrefixes: prefixes });
    return;
  }
  const missingPrefixes = prefixes.filter((p) => !existing.verifiedUrlPrefixes.includes(p));
  await engine.apps.update(existing.id, {
    clientSecret,
    audited,
    ...(missingPrefixes.length > 0 ? { verifiedUrlPrefixes: [...existing.verifiedUrlPrefixes, ...missingPrefixes] } : {}),
  });
}

export async function startTokpost(configIn: ServerConfig, o: StartOptions): Promise<Tokpost> {
  const http = o.http ?? true;
  const config = http ? await resolvePort(configIn) : configIn;
  const log = pino(serverLoggerOptions(config), o.logStream ?? pino.destination(1));
  log.info({ worker: o.worker, http }, `tokpost starting\n${describeConfig(config)}`);

  const apiBase = config.tiktok.apiBaseUrl;
  const clock = clockOf(config);
  const authBase = config.tiktok.authBaseUrl;
  const engine = await openEngine({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    encryptionKey: config.encryptionKey,
    previousEncryptionKeys: config.previousEncryptionKeys,
    clock,
    log: log.child({ component: 'engine' }),
    tiktok: {
      ...(apiBase || authBase ? { baseUrls: { ...(apiBase ? { api: apiBase } : {}), ...(authBase ? { auth: authBase } : {}) } } : {}),
      redirectUri: oauthRedirectUri(config),
    },
    settings: { mediaBaseUrl: config.mediaPrefix, smtp: smtpSettingsOf(config.smtp), ...config.engineSettings, ...o.settings },
  });

  let server: FastifyInstance | undefined;
  let worker: Worker | undefined;
  let url: string | undefined;
  let liveness: NodeJS.Timeout | undefined;
  try {
    await ensureConfiguredApp(engine, config);
    if (http) {
      server = await buildServer({ engine, config, logger: log, webDist: o.webDist });
      await server.listen({ port: config.port, host: config.host });
      const addr = server.server.address();
      url = typeof addr === 'object' && addr ? `http://${hostInUrl(addr.address)}:${addr.port}` : config.publicUrl;
    }
    if (o.worker) {
      worker = engine.createWorker({ stopGraceMs: o.stopGraceMs });
      await worker.whenStarted();
      log.info({ workerId: worker.id }, 'worker started');
    }
    if (http) {
      const check = () =>
        void engine.liveness().then(
          (l) => (l.alive ? undefined : log.warn({ lastBeatAt: l.lastBeatAt }, 'no worker is alive: scheduled posts wait until one runs (`tokpost worker`)')),
          (e: unknown) => log.warn({ err: e }, 'liveness check failed'),
        );
      liveness = setInterval(check, o.livenessMs ?? 30_000);
      liveness.unref();
    }
  } catch (e) {
    await worker?.stop().catch(() => {});
    await server?.close().catch(() => {});
    await engine.close().catch(() => {});
    throw e;
  }

  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    void stop();
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (liveness) clearInterval(liveness);
      await worker?.stop();
      await server?.close();
      await engine.close();
      log.info({}, 'stopped');
      log.flush();
    })();
    return stopping;
  };
  if (o.handleSignals ?? true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  log.info({ url, publicUrl: http ? config.publicUrl : undefined, worker: worker?.id }, 'tokpost started');
  return { engine, server, url, config, worker, stop };
}
