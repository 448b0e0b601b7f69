// Connected TikTok accounts: list, show, refresh the token now, disconnect, and the doctor's
// checklist (docs/architecture.md §2.4, §2.8). Views never carry tokens (engine's AccountView);
// each carries `health`, a summary from the store alone (engine's accounts/health.ts, docs/connect.md).
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

const doctorQuery = z.strictObject({
  testPost: z.enum(['true', 'false'], "must be 'true' or 'false'").optional(),
});

const listQuery = z.strictObject({
  appId: z.string().min(1).optional(),
  status: z.enum(['active', 'needs_reconnect', 'disconnected']).optional(),
});

export function accountsRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/accounts', { schema: routeDoc({ tag: 'accounts', summary: 'List connected TikTok accounts, each with its health', query: listQuery, responses: { 200: '`{ accounts }` (each with `health`)' } }) }, async (request) => {
    const filter = parseWith(listQuery, request.query);
    return { accounts: await engine.accounts.listWithHealth(filter) };
  });

  app.get('/api/accounts/:id', { schema: routeDoc({ tag: 'accounts', summary: 'Show one account with its health (never its tokens)', params: idParams, responses: { 200: '`{ account }` (with `health`)' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return { account: await engine.accounts.getWithHealth(id) };
  });

  // The refresh runs as a job; 202 says it is queued, not done.
  app.post('/api/accounts/:id/refresh', { schema: routeDoc({ tag: 'accounts', summary: "Refresh the account's access token now (queued)", params: idParams, responses: { 202: "`{ refresh: 'queued' }`" } }) }, async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    await engine.accounts.requestRefresh(id);
    return reply.status(202).send({ refresh: 'queued' });
  });

  app.delete('/api/accounts/:id', { schema: routeDoc({ tag: 'accounts', summary: 'Disconnect an account (its posts and history stay)', params: idParams, responses: { 200: '`{ account }`' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return { account: await engine.accounts.disconnect(id, { actor: 'api' }) };
  });

  app.get('/api/accounts/:id/doctor', { schema: routeDoc({ tag: 'accounts', summary: "The account's maintenance checklist; `testPost=true` also publishes a private test clip and waits for it", params: idParams, query: doctorQuery, responses: { 200: '`{ report }`' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    const { testPost } = parseWith(doctorQuery, request.query);
    return { report: await engine.doctor(id, { testPost: testPost === 'true' }) };
  });
}
