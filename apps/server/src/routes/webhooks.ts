// POST /api/webhooks/tiktok: TikTok's deliveries (docs/tiktok-api.md §13, docs/rest-api.md
// "TikTok webhooks"). No API key: the signature is the authentication, and it is computed over the
// body's exact bytes, so this route alone keeps the body as the Buffer received (a content-type
// parser scoped to it) rather than parsed JSON. The engine verifies, records and queues the event
// (pipeline/webhook-receipt.ts) and the answer goes out at once: 200 for an event accepted or a
// duplicate, a catalog error for a bad signature, a stale or replayed delivery, or an unknown app.
import type { Engine, WebhookRefusal } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { HttpError, type ErrorCode } from '../errors/catalog.js';
import { routeDoc } from '../openapi/route-doc.js';

const REFUSALS: Record<WebhookRefusal, ErrorCode> = {
  invalid_body: 'ERR_VALIDATION',
  unknown_app: 'ERR_WEBHOOK_UNKNOWN_APP',
  signature: 'ERR_WEBHOOK_SIGNATURE',
  stale: 'ERR_WEBHOOK_STALE',
  replayed: 'ERR_WEBHOOK_REPLAYED',
};

/** TikTok's envelopes are a few hundred bytes. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

export async function webhooksRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  await app.register(async (scope) => {
    // Whatever the content type TikTok sends, the bytes are kept as they came. A missing, empty or
    // malformed Content-Type would never reach the catch-all parser (Fastify answers 415 first) and
    // a correctly signed delivery would be lost to a header the signature does not cover; the
    // signature is the authentication here, so the header is read as plain bytes whatever it says.
    scope.addHook('onRequest', async (request) => {
      request.headers['content-type'] = 'application/octet-stream';
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/webhooks/tiktok',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: routeDoc({
          tag: 'operations',
          summary: "TikTok's webhook receiver (signed with the app's client secret)",
          public: true,
          bodyContentType: 'application/json',
          responses: { 200: '`{ ok: true, duplicate }`' },
        }),
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = request.headers['tiktok-signature'];
        const result = await engine.receiveTikTokWebhook({ rawBody: raw, signatureHeader: Array.isArray(header) ? header[0] : header, now: engine.clock.now() });
        if (result.status === 'refused') throw new HttpError(REFUSALS[result.reason], result.message);
        return { ok: true, duplicate: result.status === 'duplicate' };
      },
    );
  });
}
