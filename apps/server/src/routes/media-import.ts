// POST /api/media/import `{ url }`: media fetched from a URL the caller gives, answered like an
// upload (201, `{ id, probe, findings, … }`). The engine fetches under the import rules
// (media/url-import.ts, docs/security.md); each kind of refusal gets its own ERR_IMPORT_* code and
// a message that names the setting governing it, so an operator knows what to change.
import { ImportRefusedError, type Engine, type ImportRefusal } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerConfig } from '../config.js';
import { HttpError, type ErrorCode } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';
import { parseWith } from './body.js';

const importBody = z.strictObject({ url: z.string().trim().min(1, 'required: the http(s) address of the media file').max(8_192) });

const ANSWERS: Record<ImportRefusal, { code: ErrorCode; hint?: string }> = {
  url: { code: 'ERR_VALIDATION' },
  address: { code: 'ERR_IMPORT_ADDRESS_REFUSED' },
  size: { code: 'ERR_IMPORT_TOO_LARGE', hint: 'raise TOKPOST_IMPORT_MAX_BYTES to import larger files' },
  time: { code: 'ERR_IMPORT_TIMEOUT', hint: 'raise TOKPOST_IMPORT_TIMEOUT_MS for slower sources' },
  source: { code: 'ERR_IMPORT_FAILED' },
};

export function mediaImportRoutes(app: FastifyInstance, engine: Engine, o: { mediaImport: ServerConfig['mediaImport'] }): void {
  app.post(
    '/api/media/import',
    {
      schema: routeDoc({
        tag: 'media',
        summary: 'Import a video or photo from a public URL; answers its probe and findings like an upload',
        body: importBody,
        responses: {
          201: 'The media view `{ id, kind, contentType, sizeBytes, sha256, probe, findings, createdAt }`',
          413: 'ERR_IMPORT_TOO_LARGE: over TOKPOST_IMPORT_MAX_BYTES',
          422: 'ERR_IMPORT_ADDRESS_REFUSED (a private, loopback or link-local address, TOKPOST_IMPORT_ALLOWED_RANGES), ERR_IMPORT_TIMEOUT (TOKPOST_IMPORT_TIMEOUT_MS) or ERR_IMPORT_FAILED',
        },
      }),
    },
    async (request, reply) => {
      const { url } = parseWith(importBody, request.body);
      try {
        const media = await engine.media.importUrl({ url, ...o.mediaImport });
        return await reply.status(201).send(media);
      } catch (e) {
        if (!(e instanceof ImportRefusedError)) throw e;
        const { code, hint } = ANSWERS[e.refusal];
        const message = e.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
        throw new HttpError(code, hint ? `${message}; ${hint}` : message, e.issues);
      }
    },
  );
}
