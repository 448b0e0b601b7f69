// GET /healthz: real liveness (docs/rest-api.md "Operations"). 200 `{ ok: true }` when the database answers and
// some worker's heartbeat is recent (engine.liveness(): within settings.workerDeadAfterMs); 503
// naming the failed check otherwise — a server whose workers all died publishes nothing, and a load
// balancer or monitor must hear it. No API key: monitors call it.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';

export function healthRoutes(app: FastifyInstance, engine: Engine): void {
  app.get(
    '/healthz',
    { schema: routeDoc({ tag: 'operations', summary: 'Liveness: the database answers and a worker beat recently', public: true, responses: { 200: '`{ ok: true }`', 503: '`{ ok: false, failed: [{ check, message }] }`' } }) },
    async (request, reply) => {
      try {
        await engine.store.meta.get('healthz');
      } catch (e) {
        // The driver's words go to the log only: they may name hosts or users.
        request.log.warn({ err: e }, 'health check: the database does not answer');
        return reply.status(503).send({ ok: false, failed: [{ check: 'database', message: 'the database does not answer' }] });
      }
      const live = await engine.liveness();
      if (!live.alive) {
        const seconds = Math.round(engine.settings.workerDeadAfterMs / 1000);
        const message =
          live.lastBeatAt === null
            ? 'no worker has ever sent a heartbeat: start one (tokpost worker, or tokpost serve without --no-worker)'
            : `no worker heartbeat within ${seconds} s (the last one at ${new Date(live.lastBeatAt).toISOString()}): nothing is being published; start or restart a worker`;
        return reply.status(503).send({ ok: false, failed: [{ check: 'worker', message }] });
      }
      return { ok: true };
    },
  );
}
