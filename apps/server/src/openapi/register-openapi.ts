// The OpenAPI 3.1 document at GET /api/openapi.json and a browsable page at /api/docs. Both are
// open (auth.ts PUBLIC_PATHS): they describe the API's shape and hold no data. Every route
// declares itself through routeDoc (route-doc.ts); routes without a summary are left out.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ERROR_CATALOG } from '../errors/catalog.js';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

export async function registerOpenApi(app: FastifyInstance, o: { version: string; publicUrl?: string }): Promise<void> {
  app.addSchema({
    $id: 'Error',
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CATALOG) },
          message: { type: 'string' },
          issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'tokpost', version: o.version, description: 'Schedule and publish TikTok videos and photo posts. Authenticate with `Authorization: Bearer tp_…`.' },
      ...(o.publicUrl ? { servers: [{ url: o.publicUrl }] } : {}),
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A tokpost API key (tp_…), made with `tokpost api-keys create`.' } } },
      security: [{ apiKey: [] }],
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH, uiConfig: { docExpansion: 'list' }, staticCSP: true });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
