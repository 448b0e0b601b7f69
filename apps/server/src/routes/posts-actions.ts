// Changing a post: PATCH (edit or reschedule), cancel, retry. The engine guards each against the
// worker (services/posts-service.ts): a post TikTok may already have is locked, a post in the wrong
// state is a 409 that says which states allow the action.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';
import { cancelBody, patchPostBody, retryBody, toPostEdit } from './posts-schemas.js';

export function postsActionsRoutes(app: FastifyInstance, engine: Engine): void {
  app.patch(
    '/api/posts/:id',
    { schema: routeDoc({ tag: 'posts', summary: 'Edit or reschedule a post not yet sent to TikTok', params: idParams, body: patchPostBody, responses: { 200: '`{ post, warnings }`' } }) },
    async (request) => {
      const { id } = parseWith(idParams, request.params);
      const { edit, version } = toPostEdit(parseWith(patchPostBody, request.body));
      return engine.posts.edit(id, edit, { expectedVersion: version, actor: 'api', composerRules: true });
    },
  );

  app.post(
    '/api/posts/:id/cancel',
    { schema: routeDoc({ tag: 'posts', summary: 'Cancel a post not yet sent to TikTok', params: idParams, body: cancelBody, responses: { 200: '`{ post }`' } }) },
    async (request) => {
      const { id } = parseWith(idParams, request.params);
      const { reason } = parseWith(cancelBody, request.body);
      return { post: await engine.posts.cancel(id, { actor: 'api', reason }) };
    },
  );

  app.post(
    '/api/posts/:id/retry',
    { schema: routeDoc({ tag: 'posts', summary: 'Queue a failed, missed or held post again', params: idParams, body: retryBody, responses: { 200: '`{ post }`' } }) },
    async (request) => {
      const { id } = parseWith(idParams, request.params);
      const { acknowledgeDuplicateRisk } = parseWith(retryBody, request.body);
      return { post: await engine.posts.retry(id, { actor: 'api', acknowledgeDuplicateRisk }) };
    },
  );
}
