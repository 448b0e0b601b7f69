// POST /api/posts/batch: bulk scheduling (the CLI's CSV import sends its rows here). Each row is
// checked and created on its own, in order — an earlier row counts against the caps a later row
// meets — and answers `{ index, ok: true, post, warnings }` or `{ index, ok: false, error }` with
// the same error body a single POST /api/posts would have answered. A bad row never stops the
// others; only a body that is not a list of rows is refused as a whole.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { toHttpError } from '../errors/to-http.js';
import { routeDoc } from '../openapi/route-doc.js';
import { parseWith } from './body.js';
import { batchBody, createPostBody, MAX_BATCH_ROWS, toPostInput } from './posts-schemas.js';

/** 500 rows of a few hundred bytes each fit with room to spare. */
const BATCH_BODY_LIMIT = 2 * 1_048_576;

export function postsBatchRoutes(app: FastifyInstance, engine: Engine): void {
  app.post(
    '/api/posts/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: routeDoc({
        tag: 'posts',
        summary: `Create up to ${MAX_BATCH_ROWS} posts, each accepted or refused on its own`,
        body: batchBody,
        responses: { 200: '`{ results: [{ index, ok: true, post, warnings } | { index, ok: false, error }] }`' },
      }),
    },
    async (request) => {
      const { posts } = parseWith(batchBody, request.body);
      const results: unknown[] = [];
      for (const [index, row] of posts.entries()) {
        try {
          const input = toPostInput(parseWith(createPostBody, row));
          const { post, warnings } = await engine.posts.create(input, { composerRules: true });
          results.push({ index, ok: true, post, warnings });
        } catch (e) {
          const answer = toHttpError(e);
          if (answer.internal) request.log.error({ err: e, index }, 'batch row failed');
          results.push({ index, ok: false, error: answer.body.error });
        }
      }
      return { results };
    },
  );
}
