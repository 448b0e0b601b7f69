// Posts: create (TikTok's composer rules enforced, docs/rest-api.md "Posts"), list in pages, and
// show one with its timeline, its calls to TikTok (raw codes and log ids, as TikTok support asks
// for them), its diagnosis and its public link. Changes live in posts-actions.ts, bulk creation in
// posts-batch.ts, the shapes in posts-schemas.ts.
import { publicUrlOf, type Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';
import { createPostBody, listQuery, toPageQuery, toPostInput } from './posts-schemas.js';

export function postsRoutes(app: FastifyInstance, engine: Engine): void {
  app.post(
    '/api/posts',
    {
      schema: routeDoc({
        tag: 'posts',
        summary: 'Create a post (scheduled, or published as soon as possible)',
        description:
          "TikTok's composer rules are enforced against the creator's current info: no default privacy level, only the creator's options, interactions the creator allows, no SELF_ONLY branded content, the creator's maximum video length, media without preflight errors. A refusal is a 400 naming the field and the rule.",
        body: createPostBody,
        responses: { 201: '`{ post, warnings }`' },
      }),
    },
    async (request, reply) => {
      const input = toPostInput(parseWith(createPostBody, request.body));
      return reply.status(201).send(await engine.posts.create(input, { composerRules: true }));
    },
  );

  app.get(
    '/api/posts',
    { schema: routeDoc({ tag: 'posts', summary: 'List posts in time order, a page at a time', query: listQuery, responses: { 200: '`{ posts, nextCursor }` (nextCursor null on the last page)' } }) },
    async (request) => engine.posts.page(toPageQuery(parseWith(listQuery, request.query))),
  );

  app.get(
    '/api/posts/:id',
    { schema: routeDoc({ tag: 'posts', summary: 'Show a post with its timeline, attempts, diagnosis and public link', params: idParams, responses: { 200: '`{ post, timeline, attempts, diagnosis, publicUrl }`' } }) },
    async (request) => {
      const { id } = parseWith(idParams, request.params);
      const { diagnosis, ...post } = await engine.posts.get(id);
      const [timeline, attempts, account] = await Promise.all([engine.posts.timeline(id), engine.posts.attempts(id), engine.accounts.get(post.accountId).catch(() => undefined)]);
      return { post, timeline, attempts, diagnosis: diagnosis ?? null, publicUrl: publicUrlOf(post, account?.username || undefined) };
    },
  );
}
