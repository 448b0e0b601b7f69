// The REST API through Fastify's full request pipeline (inject): API-key auth, apps with a
// write-only secret, accounts, validation naming the field, bad input never a 500, and no secret
// or key in any log line written meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, APP_SECRET, startHarness, type Harness } from './support/harness.js';

let h: Harness;
const issuedKeys: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  issuedKeys.push(h.key);
});

afterAll(async () => {
  await h?.close();
});

const errorOf = (body: unknown) => (body as { error: { code: string; message: string; issues?: Array<{ field: string; message: string }> } }).error;

describe('auth', () => {
  it('refuses /api without a key, with a malformed header, or with an unknown key: 401 ERR_UNAUTHORIZED', async () => {
    const variants: Array<Record<string, string>> = [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer not-a-tokpost-key' }, { authorization: 'Bearer' }, { authorization: 'Bearer tp_unknownunknownunknownunknown' }];
    for (const headers of variants) {
      const r = await h.request('GET', '/api/apps', { key: false, headers });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(errorOf(r.body).code).toBe('ERR_UNAUTHORIZED');
    }
    // An unknown /api path without a key is refused too, before routing tells anything.
    expect((await h.request('GET', '/api/nothing-here', { key: false })).status).toBe(401);
  });

  it('accepts a live key and refuses it once revoked', async () => {
    const { apiKey, key } = await h.engine.apiKeys.create({ name: 'soon revoked' });
    issuedKeys.push(key);
    expect((await h.request('GET', '/api/apps', { key })).status).toBe(200);
    await h.engine.apiKeys.revoke(apiKey.id);
    const r = await h.request('GET', '/api/apps', { key });
    expect(r.status).toBe(401);
    expect(errorOf(r.body)).toEqual({ code: 'ERR_UNAUTHORIZED', message: 'The API key is not valid: it is unknown or was revoked.' });
  });

  it('leaves /healthz open and answers with a request id', async () => {
    await h.beat();
    const r = await h.request('GET', '/healthz', { key: false });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
    expect(r.headers['x-request-id']).toMatch(/^req_[0-9a-f]{20}$/);
    const kept = await h.request('GET', '/healthz', { key: false, headers: { 'x-request-id': 'proxy-42' } });
    expect(kept.headers['x-request-id']).toBe('proxy-42');
  });
});

describe('apps', () => {
  it('creates, lists, shows and patches an app; the client secret never comes back', async () => {
    const created = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_other_app', clientSecret: 'other-secret-9d2f', verifiedUrlPrefixes: ['https://media.example.test/m/'] } });
    expect(created.status).toBe(201);
    const app = (created.body as { app: Record<string, unknown> }).app;
    expect(app).toEqual({ id: app['id'], clientKey: 'aw_other_app', audited: false, verifiedUrlPrefixes: ['https://media.example.test/m/'], activeCreatorCap: null, createdAt: app['createdAt'], updatedAt: app['updatedAt'] });
    expect(app['id']).toMatch(/^app_/);

    const listed = await h.request('GET', '/api/apps');
    expect(listed.status).toBe(200);
    expect((listed.body as { apps: unknown[] }).apps).toContainEqual(app);

    const patched = await h.request('PATCH', `/api/apps/${String(app['id'])}`, { body: { clientSecret: 'rotated-secret-5e1a', audited: true, activeCreatorCap: 50 } });
    expect(patched.status).toBe(200);
    expect((patched.body as { app: Record<string, unknown> }).app).toMatchObject({ id: app['id'], audited: true, activeCreatorCap: 50 });

    const shown = await h.request('GET', `/api/apps/${String(app['id'])}`);
    expect((shown.body as { app: Record<string, unknown> }).app).toMatchObject({ audited: true });
    for (const r of [created, listed, patched, shown]) {
      expect(r.text).not.toContain('other-secret-9d2f');
      expect(r.text).not.toContain('rotated-secret-5e1a');
      expect(r.text).not.toContain('clientSecret');
    }
    // The rotated secret was stored: the engine reads it back from the store.
    expect((await h.engine.store.apps.get(String(app['id'])))?.clientSecret).toBe('rotated-secret-5e1a');
  });

  it('answers 400 ERR_VALIDATION naming the field', async () => {
    const missing = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_no_secret' } });
    expect(missing.status).toBe(400);
    expect(errorOf(missing.body).code).toBe('ERR_VALIDATION');
    expect(errorOf(missing.body).issues?.map((i) => i.field)).toEqual(['clientSecret']);

    const wrongType = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_x', clientSecret: 's', audited: 'yes' } });
    expect(wrongType.status).toBe(400);
    expect(errorOf(wrongType.body).issues?.map((i) => i.field)).toEqual(['audited']);

    // The engine's own checks come out the same way.
    const badPrefix = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_y', clientSecret: 's', verifiedUrlPrefixes: ['https://media.example.test/no-slash'] } });
    expect(badPrefix.status).toBe(400);
    expect(errorOf(badPrefix.body).issues?.map((i) => i.field)).toEqual(['verifiedUrlPrefixes']);

    const unknownField = await h.request('PATCH', '/api/apps/app_whatever', { body: { clientKey: 'aw_cannot_change' } });
    expect(unknownField.status).toBe(400);
    expect(errorOf(unknownField.body).issues).toEqual([{ field: 'clientKey', message: 'is not a known field' }]);
  });

  it('answers 409 for a client key registered already and 404 for an unknown app', async () => {
    await h.request('POST', '/api/apps', { body: { clientKey: 'aw_twice', clientSecret: 's1' } });
    const again = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_twice', clientSecret: 's2' } });
    expect(again.status).toBe(409);
    expect(errorOf(again.body).code).toBe('ERR_CONFLICT');
    const unknown = await h.request('PATCH', '/api/apps/app_unknown', { body: { audited: true } });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.body).code).toBe('ERR_NOT_FOUND');
  });
});

describe('bad input is never a 500', () => {
  it('malformed JSON → 400 ERR_MALFORMED_JSON', async () => {
    const r = await h.request('POST', '/api/apps', { raw: { payload: '{"clientKey": "aw_', contentType: 'application/json' } });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).code).toBe('ERR_MALFORMED_JSON');
  });

  it('an empty JSON body → 400; a JSON array → 400 naming the body', async () => {
    const empty = await h.request('POST', '/api/apps', { raw: { payload: '', contentType: 'application/json' } });
    expect(empty.status).toBe(400);
    const array = await h.request('POST', '/api/apps', { body: [1, 2] });
    expect(array.status).toBe(400);
    expect(errorOf(array.body).issues?.[0]?.field).toBe('body');
  });

  it('a body that is not JSON → 415 ERR_UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const r = await h.request('POST', '/api/apps', { raw: { payload: 'clientKey=aw', contentType } });
      expect(r.status, contentType).toBe(415);
      expect(errorOf(r.body).code).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a body over the limit → 413 ERR_PAYLOAD_TOO_LARGE', async () => {
    const r = await h.request('POST', '/api/apps', { body: { clientKey: 'aw_big', clientSecret: 'x'.repeat(5_000) } });
    expect(r.status).toBe(413);
    expect(errorOf(r.body).code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });

  it('an unknown route → 404 ERR_NOT_FOUND', async () => {
    const r = await h.request('GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(errorOf(r.body).code).toBe('ERR_NOT_FOUND');
  });
});

describe('accounts', () => {
  it('404 ERR_NOT_FOUND for an unknown account, on every account route', async () => {
    for (const [method, url] of [
      ['GET', '/api/accounts/acc_unknown'],
      ['POST', '/api/accounts/acc_unknown/refresh'],
      ['DELETE', '/api/accounts/acc_unknown'],
      ['GET', '/api/accounts/acc_unknown/doctor'],
    ] as const) {
      const r = await h.request(method, url);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(errorOf(r.body)).toEqual({ code: 'ERR_NOT_FOUND', message: 'account acc_unknown does not exist' });
    }
  });

  it('lists, shows, refreshes, runs the doctor for and disconnects a connected account', async () => {
    const account = await h.connectAccount();

    const listed = await h.request('GET', `/api/accounts?status=active`);
    expect(listed.status).toBe(200);
    expect((listed.body as { accounts: Array<{ id: string }> }).accounts.map((a) => a.id)).toContain(account.id);
    const badFilter = await h.request('GET', '/api/accounts?status=sleeping');
    expect(badFilter.status).toBe(400);
    expect(errorOf(badFilter.body).issues?.map((i) => i.field)).toEqual(['status']);

    const shown = await h.request('GET', `/api/accounts/${account.id}`);
    expect(shown.status).toBe(200);
    expect((shown.body as { account: Record<string, unknown> }).account).toMatchObject({ id: account.id, status: 'active', username: account.username });
    expect(shown.text).not.toMatch(/accessToken|refreshToken/);

    const refresh = await h.request('POST', `/api/accounts/${account.id}/refresh`);
    expect(refresh.status).toBe(202);
    expect(await h.engine.store.jobs.count({ kind: 'refresh' })).toBeGreaterThan(0);

    const doctor = await h.request('GET', `/api/accounts/${account.id}/doctor`);
    expect(doctor.status).toBe(200);
    const report = (doctor.body as { report: { accountId: string; items: Array<{ id: string }> } }).report;
    expect(report.accountId).toBe(account.id);
    expect(report.items.map((i) => i.id)).toContain('connection');

    const gone = await h.request('DELETE', `/api/accounts/${account.id}`);
    expect(gone.status).toBe(200);
    expect((gone.body as { account: { status: string } }).account.status).toBe('disconnected');
    const refreshAfter = await h.request('POST', `/api/accounts/${account.id}/refresh`);
    expect(refreshAfter.status).toBe(409);
    expect(errorOf(refreshAfter.body).code).toBe('ERR_CONFLICT');
  });
});

describe('logs', () => {
  it('no log line carries the client secret or an API key', async () => {
    // Requests whose headers and bodies carry both, logged at debug level.
    await h.request('POST', '/api/apps', { body: { clientKey: APP_KEY, clientSecret: APP_SECRET } });
    await h.request('GET', '/api/apps', { key: issuedKeys[1] });
    expect(h.logLines.length).toBeGreaterThan(20);
    expect(h.logLines.some((l) => l.includes('"reqId"'))).toBe(true);
    const text = h.logLines.join('');
    for (const secret of [APP_SECRET, 'other-secret-9d2f', 'rotated-secret-5e1a', ...issuedKeys]) expect(text).not.toContain(secret);
  });

  it("the server's logger redacts authorization headers and client secrets whoever logs them", async () => {
    const before = h.logLines.length;
    // (Fastify's request serializer drops headers from `req`; a handler logging headers itself is the risk.)
    h.server.log.info({ headers: { authorization: `Bearer ${h.key}` }, clientSecret: APP_SECRET, app: { clientSecret: APP_SECRET } }, 'probe');
    const line = JSON.parse(h.logLines.slice(before).join('')) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'probe', headers: { authorization: '[redacted]' }, clientSecret: '[redacted]', app: { clientSecret: '[redacted]' } });
  });
});

describe('openapi', () => {
  it('serves an OpenAPI 3.1 document without a key, listing the routes with their parameters and the bearer scheme', async () => {
    const r = await h.request('GET', '/api/openapi.json', { key: false });
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { schema: { required?: string[] } }> }; security?: unknown[] }>>; components: { securitySchemes: Record<string, { scheme: string }> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes['apiKey']?.scheme).toBe('bearer');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/apps', '/api/apps/{id}', '/api/accounts', '/api/accounts/{id}/doctor', '/healthz']));
    expect(doc.paths['/api/apps']?.['post']?.requestBody?.content['application/json']?.schema.required).toEqual(['clientKey', 'clientSecret']);
    expect(doc.paths['/api/accounts']?.['get']?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:appId', 'query:status']);
    // /healthz is open: an empty security list overrides the document's default.
    expect(doc.paths['/healthz']?.['get']?.security).toEqual([]);
    const page = await h.request('GET', '/api/docs', { key: false });
    expect(page.status).toBeLessThan(400);
  });
});
