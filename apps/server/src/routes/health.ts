// GET /healthz: 200 `{ ok: true }` while the database answers; 503 naming the failed check
// otherwise. No API key: load balancers and monitors call it.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';

export function healthRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/healthz', { schema: routeDoc({ tag: 'operations', summary: 'Liveness: the database answers', public: true, responses: { 200: '`{ ok: true }`', 503: '`{ ok: false, failed }`' } }) }, async (request, reply) => {
    try {
      await engine.store.meta.get('healthz');
      return { ok: true };
    } catch (e) {
      // The driver's words go to the log only: they may name hosts or users.
      request.log.warn({ err: e }, 'health check: the database does not answer');
      return reply.status(503).send({ ok: false, failed: [{ check: 'database', message: 'the database does not answer' }] });
    }
  });
}
