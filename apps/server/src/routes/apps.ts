// TikTok apps: GET /api/apps, GET /api/apps/:id, POST /api/apps, PATCH /api/apps/:id. The client
// secret is write-only: it goes in with POST or PATCH and never comes out (engine's AppView).
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

const prefixes = z.array(z.string()).max(50);
const creatorCap = z.number().int().min(1).nullable();

const createBody = z.strictObject({
  clientKey: z.string().trim().min(1, 'required: the client key from TikTok'),
  clientSecret: z.string().trim().min(1, 'required: the client secret from TikTok'),
  audited: z.boolean().optional(),
  verifiedUrlPrefixes: prefixes.optional(),
  activeCreatorCap: creatorCap.optional(),
});

const patchBody = z.strictObject({
  clientSecret: z.string().trim().min(1, 'cannot be empty').optional(),
  audited: z.boolean().optional(),
  verifiedUrlPrefixes: prefixes.optional(),
  activeCreatorCap: creatorCap.optional(),
});

export function appsRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/apps', { schema: routeDoc({ tag: 'apps', summary: 'List the TikTok apps', responses: { 200: '`{ apps }`' } }) }, async () => ({ apps: await engine.apps.list() }));

  app.get('/api/apps/:id', { schema: routeDoc({ tag: 'apps', summary: 'Show one TikTok app', params: idParams, responses: { 200: '`{ app }`' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return { app: await engine.apps.get(id) };
  });

  app.post('/api/apps', { schema: routeDoc({ tag: 'apps', summary: 'Register a TikTok app (the client secret is write-only)', body: createBody, responses: { 201: '`{ app }`' } }) }, async (request, reply) => {
    const input = parseWith(createBody, request.body);
    return reply.status(201).send({ app: await engine.apps.create(input) });
  });

  app.patch('/api/apps/:id', { schema: routeDoc({ tag: 'apps', summary: "Change an app's secret, audit flag, verified URL prefixes or creator cap", params: idParams, body: patchBody, responses: { 200: '`{ app }`' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    const patch = parseWith(patchBody, request.body);
    return { app: await engine.apps.update(id, patch) };
  });
}
