// buildServer: the REST API over one engine (docs/architecture.md §1, apps/server). Handlers are
// thin: they validate with zod, call an engine service and shape the answer. Cross-cutting rules
// live here once: request ids, the pino logger with credentials redacted (§4.8), API-key auth on
// /api, JSON bodies only, and one error handler that answers every failure from the catalog.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Engine } from '@tokpost/engine';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthHook } from './auth.js';
import type { ServerConfig } from './config.js';
import { errorBody } from './errors/catalog.js';
import { toHttpError } from './errors/to-http.js';
import { registerOpenApi } from './openapi/register-openapi.js';
import { accountsRoutes } from './routes/accounts.js';
import { appsRoutes } from './routes/apps.js';
import { creatorInfoRoutes } from './routes/creator-info.js';
import { healthRoutes } from './routes/health.js';
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

const PACKAGE_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

// An incoming X-Request-Id is kept when it looks like an id (a proxy's), so logs line up across hops.
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildServer(o: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: o.config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(o.logStream ? { stream: o.logStream } : {}),
    },
    bodyLimit: o.bodyLimit ?? 1_048_576,
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

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', createAuthHook(o.engine.apiKeys));

  app.setErrorHandler((error, request, reply) => {
    const answer = toHttpError(error);
    if (answer.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
    return reply.status(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('ERR_NOT_FOUND', `No route for ${request.method} ${request.url.split('?', 1)[0]}.`)));

  await registerOpenApi(app, { version: PACKAGE_VERSION, publicUrl: o.config.publicUrl });
  healthRoutes(app, o.engine);
  appsRoutes(app, o.engine);
  accountsRoutes(app, o.engine);
  creatorInfoRoutes(app, o.engine);
  postsRoutes(app, o.engine);
  postsActionsRoutes(app, o.engine);
  postsBatchRoutes(app, o.engine);
  await webhooksRoutes(app, o.engine);
  metricsRoutes(app, o.engine);
  return app;
}
