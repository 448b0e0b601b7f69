// API keys: GET /api/api-keys, POST /api/api-keys (the key is in this answer only), DELETE
// /api/api-keys/:id (revoke; the row stays listed with revokedAt). A key cannot revoke itself: a
// script would otherwise lock itself out by mistake; revoke it with another key or
// `tokpost api-keys revoke` (docs/connect.md lists the admin routes).
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

const createBody = z.strictObject({ name: z.string().trim().min(1, 'required: who or what uses the key').max(100) });

export function apiKeysRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/api-keys', { schema: routeDoc({ tag: 'api-keys', summary: 'List API keys (never the keys themselves)', responses: { 200: '`{ apiKeys }`' } }) }, async () => ({ apiKeys: await engine.apiKeys.list() }));

  app.post('/api/api-keys', { schema: routeDoc({ tag: 'api-keys', summary: 'Create an API key (shown in this answer only)', body: createBody, responses: { 201: '`{ apiKey, key }`' } }) }, async (request, reply) => {
    const input = parseWith(createBody, request.body);
    const created = await engine.apiKeys.create(input);
    request.log.info({ apiKeyId: created.apiKey.id }, 'API key created');
    return reply.status(201).send(created);
  });

  app.delete('/api/api-keys/:id', { schema: routeDoc({ tag: 'api-keys', summary: 'Revoke an API key (not the one making the request)', params: idParams, responses: { 200: '`{ apiKey }`' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    if (id === request.apiKeyId) throw new HttpError('ERR_CONFLICT', 'A key cannot revoke itself: revoke it with another API key, or with `tokpost api-keys revoke`.');
    const apiKey = await engine.apiKeys.revoke(id);
    request.log.info({ apiKeyId: id }, 'API key revoked');
    return { apiKey };
  });
}
