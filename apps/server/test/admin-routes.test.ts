// The admin routes through Fastify's full pipeline: API keys (the key shown once at creation, never
// in a listing, a revoked key refused, a key unable to revoke itself), notification endpoints (a
// webhook's secret shown once, a bad URL a 400 naming the field), the notification log, and the
// doctor's test post switch. No key or secret reaches any log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, APP_SECRET, startHarness, type Harness } from './support/harness.js';

let h: Harness;
const secrets: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  secrets.push(h.key, APP_SECRET);
});

afterAll(async () => {
  const log = h.logLines.join('');
  for (const s of secrets) expect(log).not.toContain(s);
  await h?.close();
});

type ErrorAnswer = { error: { code: string; message: string; issues?: Array<{ field: string; message: string }> } };
const errorOf = (body: unknown) => (body as ErrorAnswer).error;

describe('API keys', () => {
  it('shows a new key once, lists keys without it, and a revoked key gets 401', async () => {
    const created = await h.request('POST', '/api/api-keys', { body: { name: 'deploy script' } });
    expect(created.status).toBe(201);
    const { apiKey, key } = created.body as { apiKey: { id: string; name: string; prefix: string; revokedAt: null }; key: string };
    secrets.push(key);
    expect(key).toMatch(/^tp_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'deploy script', prefix: key.slice(0, 7), revokedAt: null });
    expect(Object.keys(apiKey).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'revokedAt']);

    const listed = await h.request('GET', '/api/api-keys');
    expect(listed.status).toBe(200);
    expect((listed.body as { apiKeys: Array<{ name: string }> }).apiKeys.map((k) => k.name)).toEqual(['tests', 'deploy script']);
    expect(listed.text).not.toContain(key);
    expect(listed.text).not.toContain(h.key);
    expect(listed.text).not.toContain('keyHash');

    expect((await h.request('GET', '/api/apps', { key })).status).toBe(200);
    // A key cannot revoke itself (409); another key can.
    const self = await h.request('DELETE', `/api/api-keys/${apiKey.id}`, { key });
    expect(self.status).toBe(409);
    expect(errorOf(self.body)).toEqual({ code: 'ERR_CONFLICT', message: 'A key cannot revoke itself: revoke it with another API key, or with `tokpost api-keys revoke`.' });
    const revoked = await h.request('DELETE', `/api/api-keys/${apiKey.id}`);
    expect(revoked.status).toBe(200);
    expect((revoked.body as { apiKey: { id: string; revokedAt: number } }).apiKey).toMatchObject({ id: apiKey.id, revokedAt: expect.any(Number) });
    const refused = await h.request('GET', '/api/apps', { key });
    expect(refused.status).toBe(401);
    expect(errorOf(refused.body).code).toBe('ERR_UNAUTHORIZED');
    expect(revoked.text).not.toContain(key);
  });

  it('names the field of a bad request, and 404s an unknown key', async () => {
    for (const body of [{}, { name: '   ' }, { name: 'x', scope: 'all' }]) {
      const r = await h.request('POST', '/api/api-keys', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r.body).issues?.[0]?.field).toBe(Object.keys(body).includes('scope') ? 'scope' : 'name');
    }
    const missing = await h.request('DELETE', '/api/api-keys/key_unknown');
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).code).toBe('ERR_NOT_FOUND');
    expect((await h.request('GET', '/api/api-keys', { key: false })).status).toBe(401);
  });
});

describe('notification endpoints and events', () => {
  it('shows a webhook secret once, never in the list; removes endpoints', async () => {
    const hook = await h.request('POST', '/api/notification-endpoints', { body: { kind: 'webhook', url: 'https://hooks.example.com/tokpost', events: ['post_failed'] } });
    expect(hook.status).toBe(201);
    const { endpoint, secret } = hook.body as { endpoint: { id: string; kind: string; url: string; signed: boolean; events: string[] }; secret: string };
    secrets.push(secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(endpoint).toMatchObject({ kind: 'webhook', url: 'https://hooks.example.com/tokpost', signed: true, events: ['post_failed'] });

    const chosen = 'my-own-webhook-secret-5f1e2d3c';
    secrets.push(chosen);
    const own = await h.request('POST', '/api/notification-endpoints', { body: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: chosen } });
    expect(own.status).toBe(201);
    expect((own.body as { secret: string }).secret).toBe(chosen);

    const mail = await h.request('POST', '/api/notification-endpoints', { body: { kind: 'email', to: 'ops@example.com' } });
    expect(mail.status).toBe(201);
    expect(mail.body).toMatchObject({ endpoint: { kind: 'email', to: 'ops@example.com', signed: false }, secret: null });

    const listed = await h.request('GET', '/api/notification-endpoints');
    expect(listed.status).toBe(200);
    expect((listed.body as { endpoints: Array<{ kind: string }> }).endpoints.map((e) => e.kind)).toEqual(['webhook', 'webhook', 'email']);
    expect(listed.text).not.toContain(secret);
    expect(listed.text).not.toContain(chosen);

    const removed = await h.request('DELETE', `/api/notification-endpoints/${endpoint.id}`);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect((await h.request('DELETE', `/api/notification-endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await h.request('GET', '/api/notification-endpoints')).body).toMatchObject({ endpoints: [{ url: 'http://127.0.0.1:9/hook' }, { to: 'ops@example.com' }] });
  });

  it('answers 400 naming the field for a bad URL, address, kind, event or secret', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'webhook', url: 'not a url' }, 'url'],
      [{ kind: 'webhook', url: 'ftp://files.example.com/x' }, 'url'],
      [{ kind: 'webhook' }, 'url'],
      [{ kind: 'email', to: 'nobody' }, 'to'],
      [{ kind: 'sms', to: '+15550100' }, 'kind'],
      [{ kind: 'webhook', url: 'https://hooks.example.com/x', events: ['post_exploded'] }, 'events'],
      [{ kind: 'webhook', url: 'https://hooks.example.com/x', secret: 'short' }, 'secret'],
      [{ kind: 'email', to: 'ops@example.com', url: 'https://x.example' }, 'url'],
    ];
    const before = (await h.engine.notifications.endpoints.list()).length;
    for (const [body, field] of cases) {
      const r = await h.request('POST', '/api/notification-endpoints', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r.body).code).toBe('ERR_VALIDATION');
      expect(errorOf(r.body).issues?.map((i) => i.field), JSON.stringify(body)).toContain(field);
    }
    expect(await h.engine.notifications.endpoints.list()).toHaveLength(before);
  });

  it('lists the notification log, newest first and paged, and checks its query', async () => {
    for (const [i, type] of (['post_failed', 'post_held', 'account_needs_reconnect'] as const).entries()) {
      await h.engine.store.notifications.record({ type, dedupeKey: `test:${i}`, at: 1_780_000_000_000 + i * 1_000, accountId: null, postId: null, summary: `event ${i}`, data: { i } });
    }
    const all = await h.request('GET', '/api/events');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ nextCursor: null, events: [{ type: 'account_needs_reconnect', summary: 'event 2', deliveries: [] }, { type: 'post_held' }, { type: 'post_failed' }] });
    const first = (await h.request('GET', '/api/events?limit=2')).body as { events: Array<{ summary: string }>; nextCursor: string };
    expect(first.events.map((e) => e.summary)).toEqual(['event 2', 'event 1']);
    const next = (await h.request('GET', `/api/events?limit=2&cursor=${first.nextCursor}`)).body as { events: Array<{ summary: string }>; nextCursor: string | null };
    expect(next).toMatchObject({ events: [{ summary: 'event 0' }], nextCursor: null });
    for (const [query, field] of [['limit=0', 'limit'], ['limit=lots', 'limit'], ['cursor=bm9wZQ', 'cursor'], ['after=1', 'after']] as const) {
      const r = await h.request('GET', `/api/events?${query}`);
      expect(r.status, query).toBe(400);
      expect(errorOf(r.body).issues?.[0]?.field, query).toBe(field);
    }
  });
});

describe('doctor', () => {
  it('runs the test post only with testPost=true (here refused: the grant is revoked), and checks the flag', async () => {
    const account = await h.connectAccount();
    await h.emu.admin.revoke(account.openId, { client_key: APP_KEY });
    const plain = await h.request('GET', `/api/accounts/${account.id}/doctor`);
    expect(plain.status).toBe(200);
    expect((plain.body as { report: Record<string, unknown> }).report).not.toHaveProperty('testPost');
    const withPost = await h.request('GET', `/api/accounts/${account.id}/doctor?testPost=true`);
    expect(withPost.status).toBe(200);
    expect((withPost.body as { report: { status: string; testPost: unknown } }).report).toMatchObject({ status: 'failing', testPost: { status: 'failing', postId: null } });
    const bad = await h.request('GET', `/api/accounts/${account.id}/doctor?testPost=yes`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.[0]?.field).toBe('testPost');
  });
});

describe('openapi', () => {
  it('describes the connect, callback, API key and notification routes; the callback needs no key', async () => {
    const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; security?: unknown[] }>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/accounts/connect', '/api/oauth/tiktok/callback', '/api/api-keys', '/api/api-keys/{id}', '/api/notification-endpoints', '/api/notification-endpoints/{id}', '/api/events']),
    );
    const callback = doc.paths['/api/oauth/tiktok/callback']?.['get'];
    expect(callback?.security).toEqual([]);
    expect(callback?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:code', 'query:state', 'query:scopes', 'query:error', 'query:error_description']);
    expect(doc.paths['/api/accounts/{id}/doctor']?.['get']?.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('query:testPost');
  });
});
