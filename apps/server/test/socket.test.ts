// Over a real socket: the server listening on a free port, called with fetch. On SQLite (auth,
// an app created and listed, /healthz answering 503 once the database is gone) and a smoke test on
// PostgreSQL (127.0.0.1:5432, database `test`, or TOKPOST_TEST_DATABASE_URL) in a schema of its own.
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

const POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let h: Harness | undefined;
let dropSchema: (() => Promise<void>) | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await dropSchema?.();
  dropSchema = undefined;
});

async function listen(harness: Harness): Promise<string> {
  await harness.server.listen({ port: 0, host: '127.0.0.1' });
  const address = harness.server.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

/** GET with the path sent exactly as given. */
function rawGet(base: string, path: string): Promise<number> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function createSchema(): Promise<string> {
  const schema = `srv_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL cannot be reached at ${POSTGRES_URL} (${(e as Error).message}); start it with \`bash scripts/start-postgres.sh\``);
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  dropSchema = async () => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  };
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

describe('over HTTP', () => {
  it('SQLite: healthz, auth and an app round trip; healthz 503 when the database is gone', async () => {
    h = await startHarness();
    const base = await listen(h);
    const auth = { authorization: `Bearer ${h.key}` };
    await h.beat();

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const refused = await fetch(`${base}/api/apps`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ERR_UNAUTHORIZED');

    const created = await fetch(`${base}/api/apps`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ clientKey: 'aw_socket', clientSecret: 'socket-secret-81c0' }) });
    expect(created.status).toBe(201);
    const listed = await fetch(`${base}/api/apps`, { headers: auth });
    const text = await listed.text();
    expect(JSON.parse(text)).toMatchObject({ apps: [{ clientKey: 'aw_socket', audited: false }] });
    expect(text).not.toContain('socket-secret-81c0');

    // A raw path (no client normalizing it) cannot borrow an exempt route's prefix.
    for (const path of ['/api/media/../apps', '/api/oauth/tiktok/callback/../../apps', '/api/media/%2e%2e/apps']) expect(await rawGet(base, path), path).not.toBe(200);

    const malformed = await fetch(`${base}/api/apps`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"clientKey":' });
    expect(malformed.status).toBe(400);

    await h.engine.close();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, failed: [{ check: 'database', message: 'the database does not answer' }] });
    expect(h.logLines.join('')).not.toContain('socket-secret-81c0');
    expect(h.logLines.join('')).not.toContain(h.key);
  });

  it('PostgreSQL: healthz and apps', async () => {
    h = await startHarness({ databaseUrl: await createSchema() });
    const base = await listen(h);
    await h.beat();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const created = await fetch(`${base}/api/apps`, { method: 'POST', headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ clientKey: 'aw_pg', clientSecret: 'pg-secret-3b9e', audited: true }) });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${base}/api/apps`, { headers: { authorization: `Bearer ${h.key}` } })).json()) as { apps: Array<{ clientKey: string; audited: boolean }> };
    expect(listed.apps.map((a) => [a.clientKey, a.audited])).toEqual([['aw_pg', true]]);
  });
});
