// Media over the API (docs/media.md): POST /api/media takes one file as multipart/form-data (field
// `file`), streamed to the media folder as it arrives — never held in memory whole — and answers
// the media view (probe + findings) with 201; GET /api/media/:id shows it with its latest fix;
// POST /api/media/:id/fix queues a fix a worker runs, 202 at once (progress in GET).
import multipart from '@fastify/multipart';
import type { Engine } from '@tokpost/engine';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

/** Room for the multipart framing around the file (boundaries, part headers). */
const MULTIPART_SLACK = 64 * 1024;

const needFile = (message: string): HttpError =>
  new HttpError('ERR_VALIDATION', `${message} Send the file as multipart/form-data in a field named \`file\`.`, [{ field: 'file', message: 'required: one file, as multipart/form-data' }]);

/** How long a file part may sit starved after the request's body ended before it counts as cut short. */
const CUT_SHORT_MS = 200;

/**
 * The file part as a stream that fails when the form was cut short. A body that ends inside the
 * file part never ends the part's stream: the multipart parser destroys it (without an error) or
 * leaves it starved, and a reader waits forever. Once the request's body has ended no more bytes
 * can come, so a part that has not ended and is destroyed, or has nothing buffered, is cut short.
 * Answers the stream to read and the function that stops watching.
 */
function cutShortAware(raw: Readable, file: Readable): { body: Readable; stop: () => void } {
  const body = file.pipe(new PassThrough());
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    if (file.readableEnded) return;
    if (!file.destroyed && file.readableLength > 0) {
      timer = setTimeout(check, CUT_SHORT_MS);
      return;
    }
    body.destroy(needFile('The form ended inside the file: the body was cut short.'));
  };
  const onEnd = () => {
    timer = setTimeout(check, CUT_SHORT_MS);
  };
  if (raw.readableEnded) onEnd();
  else raw.once('end', onEnd);
  return {
    body,
    stop: () => {
      clearTimeout(timer);
      raw.off('end', onEnd);
    },
  };
}

/** A parser that hands any body over unread, so the handler streams it (or refuses it in its own words). */
export function passBodyThrough(scope: FastifyInstance): void {
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

export async function mediaRoutes(app: FastifyInstance, engine: Engine, o: { maxUploadBytes: number }): Promise<void> {
  // Multipart is parsed for the upload route only, in a scope of its own; any other body reaches
  // its handler, which answers 400 naming `file`.
  await app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true });
    passBodyThrough(scope);
    uploadRoute(scope, engine, o);
  });

  app.get('/api/media/:id', { schema: routeDoc({ tag: 'media', summary: 'Show a media asset: probe, findings and its latest fix', params: idParams, responses: { 200: 'The media view, with `fix: { id, status, progress, fixedMediaId?, error? }` once a fix was asked for' } }) }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return engine.media.view(id);
  });

  app.post(
    '/api/media/:id/fix',
    { schema: routeDoc({ tag: 'media', summary: 'Fix a media asset TikTok would refuse (a worker transcodes it into a new asset)', params: idParams, responses: { 202: '`{ fix: { id, status, progress } }`; follow it with GET /api/media/:id' } }) },
    async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(202).send({ fix: await engine.media.fix(id) });
    },
  );
}

function uploadRoute(app: FastifyInstance, engine: Engine, o: { maxUploadBytes: number }): void {
  app.post(
    '/api/media',
    {
      schema: routeDoc({
        tag: 'media',
        summary: 'Upload a video or photo (multipart/form-data, field `file`); answers its probe and findings',
        bodyContentType: 'multipart/form-data',
        responses: { 201: 'The media view `{ id, kind, contentType, sizeBytes, sha256, probe, findings, createdAt }`', 413: 'Over TOKPOST_MAX_UPLOAD_BYTES' },
      }),
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw needFile(`The body is ${request.headers['content-type'] ?? 'missing'}, not multipart/form-data.`);
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > o.maxUploadBytes + MULTIPART_SLACK) {
        throw new HttpError('ERR_PAYLOAD_TOO_LARGE', `The upload is larger than the limit of ${o.maxUploadBytes} bytes; send a smaller file (or raise TOKPOST_MAX_UPLOAD_BYTES).`);
      }
      // One byte over the limit is let through so the engine sees it and answers in its words. A
      // form the parser cannot read at all (no boundary) is the caller's mistake, not ours.
      const part = await request.file({ limits: { fileSize: o.maxUploadBytes + 1, files: 1 } }).catch((e: unknown) => {
        throw needFile(`The multipart form cannot be read (${e instanceof Error ? e.message : 'malformed'}).`);
      });
      if (!part) throw needFile('The form holds no file.');
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw needFile(`The file came in a field named \`${part.fieldname}\`.`);
      }
      const { body, stop } = cutShortAware(request.raw, part.file);
      try {
        const media = await engine.media.uploads.receive({ fileName: part.filename || 'upload', body, maxBytes: o.maxUploadBytes });
        return await reply.status(201).send(media);
      } finally {
        stop();
      }
    },
  );
}
