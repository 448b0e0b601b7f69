// Every operation of the OpenAPI document that needs an API key, tried without a good one: no
// Authorization header, malformed ones, a key revoked through the API, and a well-formed key of a
// second installation (its own data folder and database). Each must be the catalog's 401 — never a
// 2xx, a 404 that tells a route's data apart, or a 500. The walk is driven by the document, so a
// route added later is covered without editing this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { errorOf } from './support/posts.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface OpenApiDoc {
  security?: unknown[];
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

let h: Harness;
let other: Harness;
let revoked: string;

beforeAll(async () => {
  [h, other] = await Promise.all([startHarness(), startHarness()]);
  const made = await h.request('POST', '/api/api-keys', { body: { name: 'to be revoked' } });
  const { apiKey, key } = made.body as { apiKey: { id: string }; key: string };
  expect((await h.request('DELETE', `/api/api-keys/${apiKey.id}`)).status).toBe(200);
  revoked = key;
});

afterAll(async () => {
  await Promise.all([h?.close(), other?.close()]);
});

/** The document's operations that need a key: those not marked `security: []`. */
async function protectedOperations(): Promise<{ all: number; ops: Array<{ method: Method; path: string }> }> {
  const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as OpenApiDoc;
  const ops: Array<{ method: Method; path: string }> = [];
  let all = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      all += 1;
      const security = op.security ?? doc.security ?? [];
      if (security.length === 0) continue;
      ops.push({ method: method.toUpperCase() as Method, path: path.replace(/\{[^}]+\}/g, 'zz_unknown') });
    }
  }
  return { all, ops };
}

const MALFORMED: ReadonlyArray<[string, string]> = [
  ['bare scheme', 'Bearer'],
  ['scheme and a space', 'Bearer '],
  ['not a tokpost key', 'Bearer x'],
  ['Basic credentials', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
  ['lower-case scheme, junk key', 'bearer tp_'],
  ['tp_ with junk', 'Bearer tp_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'],
  ['tp_ unknown but well-formed', `Bearer tp_${'A'.repeat(43)}`],
  ['two keys', `Bearer tp_${'A'.repeat(43)}, Bearer tp_${'B'.repeat(43)}`],
  ['overlong', `Bearer tp_${'x'.repeat(16_000)}`],
  ['control characters', 'Bearer tp_\u0001\u0002'],
];

describe('access to every protected route', () => {
  it('refuses a missing, malformed, revoked or other-install key with the catalog 401 on every operation', async () => {
    const { all, ops } = await protectedOperations();
    // All but the few public operations (health, metrics, OAuth callback, webhooks, the document
    // itself) need a key; the walk covers every one of them.
    const publicOps = all - ops.length;
    expect(publicOps).toBeGreaterThan(0);
    expect(ops.length).toBeGreaterThan(all / 2);
    const foreign = other.key;
    expect(foreign).toMatch(/^tp_[A-Za-z0-9_-]{43}$/);
    const attempts: Array<[string, string | false]> = [['no Authorization', false], ...MALFORMED, ['revoked key', `Bearer ${revoked}`], ['key of another install', `Bearer ${foreign}`]];
    let tried = 0;
    const covered = new Set<string>();
    for (const op of ops) {
      for (const [what, header] of attempts) {
        const r = await h.request(op.method, op.path, { key: false, headers: header === false ? {} : { authorization: header } });
        expect(r.status, `${op.method} ${op.path} with ${what}: ${r.text.slice(0, 200)}`).toBe(401);
        expect(errorOf(r.body).code, `${op.method} ${op.path} with ${what}`).toBe('ERR_UNAUTHORIZED');
        expect(typeof errorOf(r.body).message).toBe('string');
        // The answer never echoes what was presented.
        if (header !== false && header.length > 12) expect(r.text).not.toContain(header.slice(7));
        tried += 1;
      }
      covered.add(`${op.method} ${op.path}`);
    }
    expect(covered.size).toBe(ops.length);
    expect(tried).toBe(ops.length * attempts.length);
    // The good key still opens them: the refusals above are about the key, not the route.
    expect((await h.request('GET', '/api/apps')).status).toBe(200);
    expect((await other.request('GET', '/api/apps')).status).toBe(200);
  }, 120_000);
});
