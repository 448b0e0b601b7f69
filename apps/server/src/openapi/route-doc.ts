// One description per route for the OpenAPI document (GET /api/openapi.json). The zod schemas the
// handlers validate with are the source: `routeDoc` turns them into JSON Schema for @fastify/swagger,
// so a field is declared once. Fastify does not validate or serialize with these schemas (server.ts
// turns both compilers off): validation stays with zod in the handler, which names the field in
// our own words, and answers are never trimmed to a documented shape.
import type { FastifySchema } from 'fastify';
import { z } from 'zod';

export interface RouteDoc {
  summary: string;
  tag: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Status → what the answer holds (the error answers are shared: components.schemas.Error). */
  responses?: Record<number, string>;
  /** No API key needed (the paths of auth.ts PUBLIC_PATHS). */
  public?: boolean;
  /** A body that is not JSON (multipart, bytes): documented by its media type only. */
  bodyContentType?: string;
}

/** The zod schema as JSON Schema of what a caller sends (input side, no `$schema` header). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorRef = { description: 'An error: `{ error: { code, message, issues? } }` (codes in ERR_*)', content: { 'application/json': { schema: { $ref: 'Error#' } } } };

export function routeDoc(d: RouteDoc): FastifySchema {
  const response: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(d.responses ?? { 200: 'OK' })) response[status] = { description, type: 'object', additionalProperties: true };
  response['4xx'] = errorRef;
  return {
    summary: d.summary,
    tags: [d.tag],
    ...(d.description ? { description: d.description } : {}),
    ...(d.params ? { params: jsonSchemaOf(d.params) } : {}),
    ...(d.query ? { querystring: jsonSchemaOf(d.query) } : {}),
    ...(d.body ? { body: jsonSchemaOf(d.body) } : d.bodyContentType ? { consumes: [d.bodyContentType] } : {}),
    ...(d.public ? { security: [] } : {}),
    response,
  } as FastifySchema;
}
