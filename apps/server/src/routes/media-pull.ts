// The media endpoint TikTok pulls from (PULL_FROM_URL; docs/media.md, docs/architecture.md §2.3),
// mounted at the path of TOKPOST_MEDIA_PREFIX, outside /api and without an API key:
//   GET|HEAD {prefix}{token}/{index}
// Only a live per-attempt capability token opens a file (engine.media.openPull; the token says
// which post, the index which of its media). Unknown, revoked or expired tokens are 410, anything
// that is not a token and an index is 404 — so `..`, encoded slashes and the like never reach the
// disk: the path on disk comes from the media row, never from the URL. There is no listing: the
// prefix itself and anything else under it is 404. Range requests (one range: closed, open or
// suffix) answer 206, a range past the end 416. TikTok's URL-prefix verification file is served
// at {prefix}{file name} when configured (TOKPOST_MEDIA_VERIFY_FILE / _CONTENT).
import { open } from 'node:fs/promises';
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorBody } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';
import { parseRange } from './media-range.js';

export interface MediaPullOptions {
  /** The prefix's path, ending in "/" (e.g. `/media/`). */
  path: string;
  verify?: { fileName: string; content: string } | undefined;
}

const pullParams = z.object({ token: z.string(), index: z.string() });

const INDEX = /^\d{1,3}$/;

/** The URL for the log: a pull token is a capability, so its segment is replaced (docs/architecture.md §4.8). */
export function redactPullUrl(url: string, path: string): string {
  if (!url.startsWith(path)) return url;
  const rest = url.slice(path.length);
  const cut = rest.search(/[/?#]/);
  return `${path}[token]${cut < 0 ? '' : rest.slice(cut)}`;
}

const notFound = (reply: FastifyReply) => reply.status(404).send(errorBody('ERR_NOT_FOUND', 'No media at this address.'));

export function mediaPullRoutes(app: FastifyInstance, engine: Engine, o: MediaPullOptions): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: `${o.path}:token/:index`,
    exposeHeadRoute: false,
    schema: routeDoc({
      tag: 'media',
      summary: 'A media file for a TikTok URL pull (needs the live capability token of the post attempt)',
      public: true,
      params: pullParams,
      responses: { 200: 'The file', 206: 'The requested byte range', 404: 'Not a media address', 410: 'The token expired or was revoked', 416: 'The range lies outside the file' },
    }),
    handler: async (request, reply) => {
      const { token, index } = pullParams.parse(request.params);
      if (!INDEX.test(index)) return notFound(reply);
      const lookup = await engine.media.openPull(token, Number(index));
      if (!lookup.ok) {
        request.log.info({ reason: lookup.reason, status: lookup.status }, 'media pull refused');
        if (lookup.status === 410) return reply.status(410).send(errorBody('ERR_GONE', 'This media link has expired or was revoked; TikTok gets a new one with the next attempt.'));
        return notFound(reply);
      }
      let fh;
      try {
        fh = await open(lookup.asset.path, 'r');
      } catch (e) {
        request.log.warn({ err: e, mediaId: lookup.asset.id }, 'a media file to pull is missing from the disk');
        return notFound(reply);
      }
      const size = (await fh.stat()).size;
      const range = parseRange(request.headers.range, size);
      reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
      if (range.kind === 'unsatisfiable') {
        await fh.close();
        return reply.status(416).header('content-range', `bytes */${size}`).send(errorBody('ERR_RANGE_NOT_SATISFIABLE', `The range ${request.headers.range} lies outside the file's ${size} bytes.`));
      }
      const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
      reply.header('content-type', lookup.contentType).header('content-length', String(Math.max(0, end - start + 1)));
      if (range.kind === 'partial') reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);
      if (request.method === 'HEAD' || size === 0) {
        await fh.close();
        return reply.send();
      }
      return reply.send(fh.createReadStream({ start, end }));
    },
  });

  if (o.verify) {
    const { fileName, content } = o.verify;
    app.get(`${o.path}${fileName}`, { schema: routeDoc({ tag: 'media', summary: "TikTok's URL-prefix verification file", public: true, responses: { 200: 'The file, as text/plain' } }) }, async (_request, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send(content),
    );
  }
}
