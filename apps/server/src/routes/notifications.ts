// Notification endpoints and the notification log (docs/notifications.md): GET/POST/DELETE
// /api/notification-endpoints and GET /api/events. A webhook's signing secret is in the answer to
// POST only; listings say whether an endpoint signs, never with what.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

const events = z.array(z.string().min(1)).max(50).optional();
const createBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), url: z.string().trim().min(1, 'required: the http(s) URL to deliver to').max(2_048), secret: z.string().min(16).max(200).optional(), events }),
  z.strictObject({ kind: z.literal('email'), to: z.string().trim().min(1, 'required: the address to mail').max(320), events }),
]);

const eventsQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export function notificationsRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/notification-endpoints', { schema: routeDoc({ tag: 'notifications', summary: 'List notification endpoints (never their secrets)', responses: { 200: '`{ endpoints }`' } }) }, async () => ({
    endpoints: await engine.notifications.endpoints.list(),
  }));

  app.post(
    '/api/notification-endpoints',
    { schema: routeDoc({ tag: 'notifications', summary: 'Add a webhook or email endpoint (a webhook secret is shown in this answer only)', body: createBody, responses: { 201: '`{ endpoint, secret }`' } }) },
    async (request, reply) => {
      const input = parseWith(createBody, request.body);
      const created = await engine.notifications.endpoints.create(input as Parameters<Engine['notifications']['endpoints']['create']>[0]);
      request.log.info({ endpointId: created.endpoint.id, kind: created.endpoint.kind }, 'notification endpoint added');
      return reply.status(201).send(created);
    },
  );

  app.delete('/api/notification-endpoints/:id', { schema: routeDoc({ tag: 'notifications', summary: 'Remove a notification endpoint', params: idParams, responses: { 204: 'Removed' } }) }, async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    await engine.notifications.endpoints.remove(id);
    return reply.status(204).send();
  });

  app.get('/api/events', { schema: routeDoc({ tag: 'notifications', summary: 'The notification log, newest first, with each delivery', query: eventsQuery, responses: { 200: '`{ events, nextCursor }`' } }) }, async (request) => {
    return engine.notifications.events.list(parseWith(eventsQuery, request.query));
  });
}
