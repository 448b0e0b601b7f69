// buildServer: the REST API over one engine (docs/architecture.md §1, apps/server). Handlers are
// thin: they validate with zod, call an engine service and shape the answer. Cross-cutting rules
// live here once: request ids, the pino logger with credentials redacted (§4.8), API-key auth on
// /api, JSON bodies only, and one error handler that answers every failure from the catalog.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Engine } from '@tokpost/engine';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createAuthHook } from './auth.js';
import { OAUTH_CALLBACK_PATH, type ServerConfig } from './config.js';
import { errorBody } from './errors/catalog.js';
import { toHttpError } from './errors/to-http.js';
import { registerOpenApi } from './openapi/register-openapi.js';
import { accountsRoutes } from './routes/accounts.js';
import { apiKeysRoutes } from './routes/api-keys.js';
import { appsRoutes } from './routes/apps.js';
import { connectRoutes } from './routes/connect.js';
import { healthRoutes } from './routes/health.js';
import { webUiRoutes } from './routes/web-ui.js';
import { notificationsRoutes } from './routes/notifications.js';
import { mediaRoutes } from './routes/media.js';
import { mediaImportRoutes } from './routes/media-import.js';
import { mediaPullRoutes, redactPullUrl } from './routes/media-pull.js';
import { mediaUploadRoutes } from './routes/media-uploads.js';
import { creatorInfoRoutes } from './routes/creator-info.js';
import { metricsRoutes } from './routes/metrics.js';
import { postsActionsRoutes } from './routes/posts-actions.js';
import { postsBatchRoutes } from './routes/posts-batch.js';
import { postsRoutes } from './routes/posts.js';
import { webhooksRoutes } from './routes/webhooks.js';

export interface BuildServerOptions {
  engine: Engine;
  config: ServerConfig;
  /** Where log lines go (stdout by default); tests capture them. */
  logStream?: { write(line: string): void };
  /** A pino logger made with serverLoggerOptions (start.ts shares it with the engine); wins over logStream. */
  logger?: FastifyBaseLogger;
  /** The built web UI's folder (default apps/web/dist); without an index.html there, `/` is a home page. */
  webDist?: string;
  /** Largest request body accepted (default 1 MiB). */
  bodyLimit?: number;
}

/** Log paths that may carry a credential; pino writes "[redacted]" instead. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'res.headers["set-cookie"]',
  'clientSecret',
  '*.clientSecret',
  'key',
  '*.key',
];

/** Paths whose query carries a credential (the OAuth callback's code and state): logged with the values blanked. */
const SECRET_QUERY_PATHS: readonly string[] = [OAUTH_CALLBACK_PATH];

/** The URL as logged: for SECRET_QUERY_PATHS, every query value replaced by "[redacted]" (the names stay, for debugging). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: compared as sent.
  }
  if (!SECRET_QUERY_PATHS.includes(decoded.replace(/\/+$/, ''))) return url;
  const names = url
    .slice(q + 1)
    .split('#', 1)[0]!
    .split('&')
    .filter((p) => p !== '')
    .map((p) => `${p.split('=', 1)[0]}=[redacted]`);
  return `${path}?${names.join('&')}`;
}

const PACKAGE_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

// An incoming X-Request-Id is kept when it looks like an id (a proxy's), so logs line up across hops.
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The local path the media pull endpoint is mounted at: TOKPOST_MEDIA_PREFIX's path (e.g. `/media/`). */
export function mediaPullPath(config: Pick<ServerConfig, 'mediaPrefix'>): string | undefined {
  return config.mediaPrefix ? new URL(config.mediaPrefix).pathname : undefined;
}

/**
 * pino options of the server's log: the level from the config, credentials redacted, and Fastify's
 * request fields with the URL passed through redactUrl (the OAuth callback's code and state) and a
 * media pull's capability token left out. start.ts builds the process's one logger from these.
 */
export function serverLoggerOptions(config: Pick<ServerConfig, 'logLevel' | 'mediaPrefix'>) {
  const pullPath = mediaPullPath(config);
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: pullPath ? redactPullUrl(redactUrl(req.url), pullPath) : redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
}

/** The router's own refusals, answered like any other error (see frameworkErrors below). */
function routerRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = toHttpError(error);
  request.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused by the router');
  void reply.status(answer.status).send(answer.body);
}

export async function buildServer(o: BuildServerOptions): Promise<FastifyInstance> {
  const pullPath = mediaPullPath(o.config);
  const app = Fastify({
    ...(o.logger ? { loggerInstance: o.logger } : { logger: { ...serverLoggerOptions(o.config), ...(o.logStream ? { stream: o.logStream } : {}) } }),
    bodyLimit: o.bodyLimit ?? 1_048_576,
    // The router refuses some URLs before any hook runs (a malformed %-escape, a path segment over
    // maxParamLength); Fastify's own answer for those is not the catalog's shape and echoes the URL.
    frameworkErrors: routerRefusal,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : `req_${randomBytes(10).toString('hex')}`;
    },
  });

  // JSON only: Fastify's built-in text/plain parser would hand handlers a string; without it such a
  // body is a 415 that says what to send.
  app.removeContentTypeParser('text/plain');
  // Route schemas document the API (openapi/route-doc.ts); zod in the handlers validates, and
  // answers go out as the handler built them.
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.decorateRequest('apiKeyId', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', createAuthHook(o.engine.apiKeys, pullPath ? [pullPath] : []));

  app.setErrorHandler((error, request, reply) => {
    const answer = toHttpError(error);
    if (answer.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
    return reply.status(answer.status).send(answer.body);
  });
  await registerOpenApi(app, { version: PACKAGE_VERSION, publicUrl: o.config.publicUrl });
  const webUi = await webUiRoutes(app, { publicUrl: o.config.publicUrl, webDist: o.webDist });
  app.setNotFoundHandler((request, reply) => {
    if (webUi.fallback(request, reply)) return reply;
    return reply.status(404).send(errorBody('ERR_NOT_FOUND', `No route for ${request.method} ${request.url.split('?', 1)[0]}.`));
  });
  healthRoutes(app, o.engine);
  appsRoutes(app, o.engine);
  accountsRoutes(app, o.engine);
  connectRoutes(app, o.engine);
  apiKeysRoutes(app, o.engine);
  notificationsRoutes(app, o.engine);
  await mediaRoutes(app, o.engine, { maxUploadBytes: o.config.maxUploadBytes });
  mediaImportRoutes(app, o.engine, { mediaImport: o.config.mediaImport });
  await mediaUploadRoutes(app, o.engine, { maxUploadBytes: o.config.maxUploadBytes, publicUrl: o.config.publicUrl });
  if (pullPath) mediaPullRoutes(app, o.engine, { path: pullPath, verify: o.config.mediaVerify });
  creatorInfoRoutes(app, o.engine);
  postsRoutes(app, o.engine);
  postsActionsRoutes(app, o.engine);
  postsBatchRoutes(app, o.engine);
  await webhooksRoutes(app, o.engine);
  metricsRoutes(app, o.engine);
  return app;
}
