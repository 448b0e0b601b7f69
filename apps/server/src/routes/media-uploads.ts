// Resumable uploads for large files (docs/media.md): POST /api/media/uploads `{ fileName, size }`
// starts one (201 `{ uploadId, uploadUrl, received: 0 }`); each PUT to the upload URL carries one
// chunk as application/octet-stream with `Content-Range: bytes a-b/size`, and must start where the
// upload stands (a 409 names the expected offset); GET answers `{ received, size }` so a client
// that lost its connection resumes from there. The PUT with the last byte answers 201 with the
// media view; the others 200 `{ received, size }`.
import type { Readable } from 'node:stream';
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';
import { parseWith } from './body.js';
import { passBodyThrough } from './media.js';
import { parseContentRange } from './media-range.js';

const beginBody = z.strictObject({
  fileName: z.string().trim().min(1, 'required: the name of the file, e.g. clip.mp4').max(255),
  size: z.number().int('must be a whole number of bytes').min(1, 'must be at least 1 byte'),
});

const uploadParams = z.object({ uploadId: z.string().min(1) });

export async function mediaUploadRoutes(app: FastifyInstance, engine: Engine, o: { maxUploadBytes: number; publicUrl: string }): Promise<void> {
  const uploadUrl = (id: string) => `${o.publicUrl}/api/media/uploads/${id}`;

  app.post('/api/media/uploads', { schema: routeDoc({ tag: 'media', summary: 'Start a resumable upload of a large file', body: beginBody, responses: { 201: '`{ uploadId, uploadUrl, received, size, expiresAt }`', 413: 'Over TOKPOST_MAX_UPLOAD_BYTES' } }) }, async (request, reply) => {
    const input = parseWith(beginBody, request.body);
    const u = await engine.media.uploads.begin({ ...input, maxBytes: o.maxUploadBytes });
    return reply.status(201).send({ uploadId: u.uploadId, uploadUrl: uploadUrl(u.uploadId), received: u.received, size: u.size, expiresAt: u.expiresAt });
  });

  app.get('/api/media/uploads/:uploadId', { schema: routeDoc({ tag: 'media', summary: 'Where a resumable upload stands: the offset to resume from', params: uploadParams, responses: { 200: '`{ uploadId, received, size, expiresAt, mediaId }`' } }) }, async (request) => {
    const { uploadId } = parseWith(uploadParams, request.params);
    const u = await engine.media.uploads.status(uploadId);
    return { uploadId: u.uploadId, received: u.received, size: u.size, expiresAt: u.expiresAt, mediaId: u.mediaId };
  });

  // Chunks are bytes: in a scope of its own, any body reaches the handler unread, to be streamed
  // to disk (or refused with a 400 naming Content-Type).
  await app.register(async (scope) => {
    passBodyThrough(scope);
    chunkRoute(scope, engine);
  });
}

function chunkRoute(app: FastifyInstance, engine: Engine): void {
  app.put(
    '/api/media/uploads/:uploadId',
    {
      schema: routeDoc({
        tag: 'media',
        summary: 'Send one chunk of a resumable upload (application/octet-stream, Content-Range: bytes a-b/size)',
        params: uploadParams,
        bodyContentType: 'application/octet-stream',
        responses: { 200: '`{ received, size }`', 201: 'The media view, once the last byte is in', 409: 'The chunk does not start at the expected offset (the message names it)' },
      }),
    },
    async (request, reply) => {
      const { uploadId } = parseWith(uploadParams, request.params);
      const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
      if (type !== 'application/octet-stream') {
        throw new HttpError('ERR_VALIDATION', 'Send the chunk as application/octet-stream.', [{ field: 'Content-Type', message: 'must be application/octet-stream' }]);
      }
      const range = parseContentRange(request.headers['content-range']);
      if (!range) {
        throw new HttpError('ERR_VALIDATION', 'Each chunk needs a Content-Range header of the form `bytes first-last/size`, e.g. `bytes 0-1048575/4000000`.', [
          { field: 'Content-Range', message: 'required: bytes first-last/size' },
        ]);
      }
      const { upload, media } = await engine.media.uploads.append(uploadId, { ...range, body: (request.body as Readable | undefined) ?? request.raw });
      if (media) return reply.status(201).send(media);
      return { received: upload.received, size: upload.size };
    },
  );
}
