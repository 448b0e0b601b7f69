// The error catalog and the mapping of every kind of failure to an answer: statuses are fixed
// facts of the API, written out here.
import { EngineError } from '@tokpost/engine';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, HttpError, toHttpError } from '../src/index.js';
import { startHarness } from './support/harness.js';

describe('ERROR_CATALOG', () => {
  it('gives each code its status', () => {
    expect(Object.fromEntries(Object.entries(ERROR_CATALOG).map(([code, e]) => [code, e.status]))).toEqual({
      ERR_VALIDATION: 400,
      ERR_MALFORMED_JSON: 400,
      ERR_UNAUTHORIZED: 401,
      ERR_NOT_FOUND: 404,
      ERR_METHOD_NOT_ALLOWED: 405,
      ERR_CONFLICT: 409,
      ERR_GONE: 410,
      ERR_PAYLOAD_TOO_LARGE: 413,
      ERR_URI_TOO_LONG: 414,
      ERR_UNSUPPORTED_MEDIA_TYPE: 415,
      ERR_RANGE_NOT_SATISFIABLE: 416,
      ERR_LOCKED: 423,
      ERR_RATE_LIMITED: 429,
      ERR_INTERNAL: 500,
      ERR_UNAVAILABLE: 503,
      ERR_ACCOUNT_NEEDS_RECONNECT: 409,
      ERR_CREATOR_CANNOT_POST: 409,
      ERR_TIKTOK_UNAVAILABLE: 502,
      ERR_WEBHOOK_SIGNATURE: 401,
      ERR_WEBHOOK_STALE: 400,
      ERR_WEBHOOK_REPLAYED: 409,
      ERR_WEBHOOK_UNKNOWN_APP: 404,
      ERR_IMPORT_ADDRESS_REFUSED: 422,
      ERR_IMPORT_TOO_LARGE: 413,
      ERR_IMPORT_TIMEOUT: 422,
      ERR_IMPORT_FAILED: 422,
    });
  });
});

describe('toHttpError', () => {
  it("maps the engine's errors with their message and issues", () => {
    expect(toHttpError(new EngineError('invalid_input', 'name: required', [{ field: 'name', message: 'required' }]))).toEqual({
      status: 400,
      body: { error: { code: 'ERR_VALIDATION', message: 'name: required', issues: [{ field: 'name', message: 'required' }] } },
      internal: false,
    });
    expect(toHttpError(new EngineError('not_found', 'account a does not exist')).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: 'account a does not exist' } });
    expect(toHttpError(new EngineError('conflict', 'c')).status).toBe(409);
    expect(toHttpError(new EngineError('locked', 'l')).status).toBe(423);
    expect(toHttpError(new EngineError('too_large', 'the file is over 4 GiB')).body).toEqual({ error: { code: 'ERR_PAYLOAD_TOO_LARGE', message: 'the file is over 4 GiB' } });
    expect(toHttpError(new EngineError('too_large', 't')).status).toBe(413);
    // Asking TikTok while the caller waits.
    expect(toHttpError(new EngineError('needs_reconnect', 'r')).body.error.code).toBe('ERR_ACCOUNT_NEEDS_RECONNECT');
    expect(toHttpError(new EngineError('cannot_post_now', 'p')).body.error.code).toBe('ERR_CREATOR_CANNOT_POST');
    expect(toHttpError(new EngineError('rate_limited', 'q')).status).toBe(429);
    expect(toHttpError(new EngineError('unavailable', 'u')).status).toBe(502);
  });

  it('maps a zod failure to 400 with dotted field paths', () => {
    const r = z.strictObject({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' }, extra: 1 });
    expect(r.success).toBe(false);
    const answer = toHttpError(r.error);
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues?.map((i) => i.field)).toEqual(['a.b', 'extra']);
  });

  it("maps Fastify's refusals of a body and any other 4xx", () => {
    const fst = (code: string, statusCode: number) => Object.assign(new Error('fastify says no'), { code, statusCode });
    expect(toHttpError(fst('FST_ERR_CTP_INVALID_JSON_BODY', 400)).body.error.code).toBe('ERR_MALFORMED_JSON');
    expect(toHttpError(fst('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).status).toBe(415);
    expect(toHttpError(fst('FST_ERR_CTP_BODY_TOO_LARGE', 413)).status).toBe(413);
    expect(toHttpError(fst('SOMETHING_ELSE', 429)).body.error.code).toBe('ERR_RATE_LIMITED');
    expect(toHttpError(new HttpError('ERR_UNAUTHORIZED')).status).toBe(401);
  });

  it('answers anything unexpected as ERR_INTERNAL without its message', () => {
    const answer = toHttpError(new Error('connect to postgres://user:pw@db failed'));
    expect(answer).toEqual({ status: 500, body: { error: { code: 'ERR_INTERNAL', message: ERROR_CATALOG.ERR_INTERNAL.message } }, internal: true });
  });
});

describe("the router's own refusals", () => {
  it('answers an overlong path segment with 414 and a malformed escape with 400, in the catalog shape, without echoing the URL', async () => {
    const h = await startHarness();
    try {
      const long = `/api/posts/${'a'.repeat(200)}`;
      const tooLong = await h.request('GET', long);
      expect(tooLong.status).toBe(414);
      expect(tooLong.body).toEqual({ error: { code: 'ERR_URI_TOO_LONG', message: 'The address is too long: a path segment is over 100 characters.' } });
      expect((await h.request('GET', `/api/media/${'b'.repeat(5_000)}`, { key: false })).status).toBe(414);
      for (const url of ['/api/%', '/api/posts/%zz', '/api/media/%E0%A4%A']) {
        const bad = await h.request('GET', url);
        expect(bad.status, url).toBe(400);
        expect(bad.body, url).toEqual({ error: { code: 'ERR_VALIDATION', message: 'The request is not valid.' } });
      }
    } finally {
      await h.close();
    }
  });
});
