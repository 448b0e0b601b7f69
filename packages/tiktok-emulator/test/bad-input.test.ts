// Conformance: whatever a client throws at the emulator, it answers the way TikTok would — the
// `{data, error}` envelope with a non-ok code on data endpoints, the flat OAuth error on OAuth
// endpoints — never a 500 unless a fault was injected, and it keeps serving afterwards. Also the
// admin API's input validation and the `tiktok-emulator` CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCliRunner, listening } from './cli-process.js';
import { APP, PATHS, connectCreator, get, post, postForm, rawRequest, startEmulator, wholeFile, type Harness, type RawResponse, type Tokens } from './harness.js';

const LOG_ID = /^\d{14}[0-9A-F]{8,}$/;
const POST_ENDPOINTS = [PATHS.creatorInfo, PATHS.videoInit, PATHS.inboxInit, PATHS.contentInit, PATHS.status, PATHS.cancel] as const;
const BIG = 1024 * 1024 + 1;

/** A v2 envelope with a non-ok code, `data: {}` and a log_id — and not a 5xx. */
function expectEnvelopeError(res: RawResponse, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.json).toEqual({ data: {}, error: { code: expect.any(String), message: expect.any(String), log_id: expect.stringMatching(LOG_ID) } });
  expect(res.json.error.code).not.toBe('ok');
  if (code) expect(res.json.error.code).toBe(code);
}

function expectOAuthError(res: RawResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error, error_description: expect.any(String), log_id: expect.stringMatching(LOG_ID) });
}

describe('data endpoints and OAuth under bad input', () => {
  let h: Harness;
  let t: Tokens;
  beforeEach(async () => {
    h = await startEmulator();
    t = await connectCreator(h);
  });
  afterEach(() => h.close());

  /** The emulator still answers a good request normally. */
  async function stillServing() {
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe('ok');
  }

  it('malformed JSON is 400 invalid_params on every POST endpoint', async () => {
    for (const path of POST_ENDPOINTS) {
      for (const body of ['{"post_info":', '{publish_id: 1}', "{'a': 1}", '\u0000\u0001', '{"a":1}}']) {
        const res = await post(h, path, t.access_token, body);
        expectEnvelopeError(res, 400, 'invalid_params');
      }
    }
    await stillServing();
  });

  it('a body declared as JSON but empty is invalid on the inits, status and cancel', async () => {
    for (const path of [PATHS.videoInit, PATHS.inboxInit, PATHS.contentInit, PATHS.status, PATHS.cancel]) {
      const res = await post(h, path, t.access_token, '');
      expect(res.status).toBe(400);
      expectEnvelopeError(res, 400);
    }
  });

  it('a wrong content type is 400 invalid_params', async () => {
    const good: Record<string, unknown> = {
      [PATHS.creatorInfo]: {},
      [PATHS.videoInit]: { post_info: { privacy_level: 'SELF_ONLY' }, source_info: wholeFile(1000) },
      [PATHS.inboxInit]: { source_info: wholeFile(1000) },
      [PATHS.contentInit]: { media_type: 'PHOTO', post_mode: 'MEDIA_UPLOAD', post_info: {}, source_info: { source: 'PULL_FROM_URL', photo_images: ['https://x.test/a.jpg'], photo_cover_index: 0 } },
      [PATHS.status]: { publish_id: 'v_pub_file~v2-1.1' },
      [PATHS.cancel]: { publish_id: 'v_pub_file~v2-1.1' },
    };
    for (const path of POST_ENDPOINTS) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await post(h, path, t.access_token, JSON.stringify(good[path]), { 'content-type': type });
        expectEnvelopeError(res, 400, 'invalid_params');
        expect(res.json.error.message).toMatch(/Content-Type/);
      }
    }
    await stillServing();
  });

  it('non-object JSON bodies ([], null, "x", 42) get a 4xx envelope error on every POST endpoint', async () => {
    for (const path of POST_ENDPOINTS) {
      for (const body of ['[]', 'null', '"x"', '42', 'true']) {
        const res = await post(h, path, t.access_token, body);
        expect(res.status, `${path} ${body}`).toBe(400);
        expectEnvelopeError(res, 400);
        expect(['invalid_params', 'invalid_publish_id']).toContain(res.json.error.code);
      }
    }
    await stillServing();
  });

  it('numbers out of range, wrong types and unknown enum values are invalid_params, not crashes', async () => {
    const bodies = [
      '{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD","video_size":1e400,"chunk_size":1,"total_chunk_count":1}}',
      '{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD","video_size":-5,"chunk_size":-5,"total_chunk_count":0}}',
      '{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD","video_size":"10","chunk_size":"10","total_chunk_count":"1"}}',
      '{"post_info":"title","source_info":{"source":"PULL_FROM_URL","video_url":123}}',
      '{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD","video_size":1.5,"chunk_size":1.5,"total_chunk_count":1}}',
    ];
    for (const body of bodies) expectEnvelopeError(await post(h, PATHS.videoInit, t.access_token, body), 400, 'invalid_params');
    await stillServing();
  });

  it('a missing or malformed Authorization header is 401 access_token_invalid, on GET and POST alike', async () => {
    const headers: Array<Record<string, string>> = [{}, { authorization: '' }, { authorization: 'Bearer' }, { authorization: 'Bearer ' }, { authorization: `Token ${t.access_token}` }, { authorization: `Bearer ${t.access_token}, Bearer x` }, { authorization: 'Bearer act.unknown-token' }];
    for (const hdr of headers) {
      expectEnvelopeError(await rawRequest(h, 'GET', `${PATHS.userInfo}?fields=open_id`, { headers: hdr }), 401, 'access_token_invalid');
      for (const path of POST_ENDPOINTS) {
        expectEnvelopeError(await rawRequest(h, 'POST', path, { headers: { 'content-type': 'application/json', ...hdr }, body: '{}' }), 401, 'access_token_invalid');
      }
    }
    // The scheme is case-insensitive (RFC 7235).
    expect((await rawRequest(h, 'POST', PATHS.creatorInfo, { headers: { authorization: `bearer ${t.access_token}` } })).status).toBe(200);
  });

  it('a wrong HTTP method gets a TikTok-shaped error (405), never a 500', async () => {
    for (const path of POST_ENDPOINTS) {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        const res = await rawRequest(h, method, path, { headers: { authorization: `Bearer ${t.access_token}` } });
        expectEnvelopeError(res, 405);
      }
    }
    expectEnvelopeError(await rawRequest(h, 'POST', `${PATHS.userInfo}?fields=open_id`, { headers: { authorization: `Bearer ${t.access_token}` } }), 405);
    const authz = await rawRequest(h, 'DELETE', '/v2/auth/authorize/');
    expect(authz.status).toBe(405);
    await stillServing();
  });

  it('a wrong HTTP method on the OAuth endpoints gets the full flat OAuth error (405)', async () => {
    for (const path of ['/v2/oauth/token/', '/v2/oauth/revoke/']) {
      for (const method of ['GET', 'PUT', 'DELETE']) expectOAuthError(await rawRequest(h, method, path), 405, 'invalid_request');
    }
  });

  it('an unknown path is a 404 envelope (paths keep TikTok’s trailing slash)', async () => {
    for (const path of ['/v2/post/publish/video/init', '/v2/post/publish/nope/', '/', '/v1/oauth/access_token/', '/v2/user/info']) {
      const res = await rawRequest(h, 'POST', path, { headers: { authorization: `Bearer ${t.access_token}`, 'content-type': 'application/json' }, body: '{}' });
      expectEnvelopeError(res, 404);
    }
    const hinted = await rawRequest(h, 'GET', '/v2/post/publish/video/init');
    expect(hinted.json.error.message).toContain('/v2/post/publish/video/init/');
  });

  it('a body over 1 MB is refused with the endpoint’s own error shape, and the connection stays usable', async () => {
    const huge = JSON.stringify({ post_info: { title: 'x'.repeat(BIG) } });
    for (const path of POST_ENDPOINTS) {
      const res = await post(h, path, t.access_token, huge);
      expectEnvelopeError(res, 400, 'invalid_params');
      expect(res.json.error.message).toMatch(/too large/);
      await stillServing();
    }
    // Refused before the body is read (no token): the unread body must not poison the connection.
    expectEnvelopeError(await post(h, PATHS.videoInit, undefined, huge), 401, 'access_token_invalid');
    await stillServing();
    const token = await postForm(h, '/v2/oauth/token/', { client_key: APP.client_key, client_secret: APP.client_secret, grant_type: 'refresh_token', refresh_token: 'r'.repeat(BIG) });
    expectOAuthError(token, 400, 'invalid_request');
    expect(token.json.error_description).toMatch(/too large/);
    const revoke = await postForm(h, '/v2/oauth/revoke/', { client_key: APP.client_key, client_secret: APP.client_secret, token: 't'.repeat(BIG) });
    expectOAuthError(revoke, 400, 'invalid_request');
    const consent = await postForm(h, '/v2/auth/authorize/', { client_key: APP.client_key, redirect_uri: APP.redirect_uri, state: 's'.repeat(BIG) });
    expect(consent.status).toBe(413);
    expect(consent.headers.get('content-type')).toMatch(/^text\/html/);
    expect(consent.headers.get('location')).toBeNull();
    await stillServing();
    // And the OAuth endpoint itself still works.
    expect((await postForm(h, '/v2/oauth/token/', { client_key: APP.client_key, client_secret: APP.client_secret, grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
  });

  it('OAuth endpoints answer every malformed body with the flat error', async () => {
    const cases: Array<[string, Record<string, string>, string | undefined]> = [
      ['application/json', { 'content-type': 'application/json' }, '{"grant_type":"client_credentials"}'],
      ['no content type', {}, 'grant_type=client_credentials'],
      ['empty form', { 'content-type': 'application/x-www-form-urlencoded' }, ''],
      ['garbage form', { 'content-type': 'application/x-www-form-urlencoded' }, '%%%&&&==='],
    ];
    for (const [label, headers, body] of cases) {
      const res = await rawRequest(h, 'POST', '/v2/oauth/token/', { headers, body });
      expect(res.status, label).toBe(400);
      expectOAuthError(res, 400, 'invalid_request');
    }
    await stillServing();
  });

  it('the consent page survives malformed queries without a 500', async () => {
    for (const q of ['', '?client_key=', '?client_key=%E0%A4%A', `?client_key=${APP.client_key}`, `?client_key=${APP.client_key}&redirect_uri=not-a-url`]) {
      const res = await rawRequest(h, 'GET', `/v2/auth/authorize/${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('location')).toBeNull();
    }
    const noDecision = await postForm(h, '/v2/auth/authorize/', { client_key: APP.client_key, redirect_uri: APP.redirect_uri, scope: 'video.publish', response_type: 'code', decision: 'approve', open_id: 'nobody' });
    expect(noDecision.status).toBe(400);
    expect(noDecision.headers.get('location')).toBeNull();
  });

  it('a 5xx appears only when a fault is injected', async () => {
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', count: 1 });
    const res = await post(h, PATHS.creatorInfo, t.access_token, {});
    expectEnvelopeError(res, 500, 'internal_error');
    await h.emu.admin.addFault({ endpoint: 'oauth_token', kind: 'error', count: 1 });
    const oauth = await postForm(h, '/v2/oauth/token/', { client_key: APP.client_key, client_secret: APP.client_secret, grant_type: 'client_credentials' });
    expectOAuthError(oauth, 500, 'server_error');
    await stillServing();
    const log = await h.emu.admin.requests();
    expect(log.filter((r) => r.status >= 500).map((r) => r.fault)).toEqual(['error', 'error']);
  });
});

describe('admin API bad input', () => {
  let h: Harness;
  let openId: string;
  beforeEach(async () => {
    h = await startEmulator();
    openId = (await h.emu.admin.createCreator({ username: 'admin.target' })).open_id;
  });
  afterEach(() => h.close());

  const admin = (method: string, path: string, body?: unknown) =>
    rawRequest(h, method, `/_emulator${path}`, {
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function expectAdminError(res: RawResponse, status: number, mention: string) {
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error: expect.any(String) });
    expect(res.json.error).toContain(mention);
  }

  it('invalid fields are 400 with a message naming the field', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/apps', {}, 'client_key'],
      ['POST', '/apps', { client_key: 'k', client_secret: '' }, 'client_secret'],
      ['POST', '/apps', { client_key: 'k', client_secret: 's', redirect_uris: ['not a url'] }, 'redirect_uris.0'],
      ['POST', '/apps', { client_key: 'k', client_secret: 's', access_token_ttl_s: 0 }, 'access_token_ttl_s'],
      ['POST', '/apps', { client_key: 'k', client_secret: 's', audited: 'yes' }, 'audited'],
      ['POST', '/creators', { username: 5 }, 'username'],
      ['POST', '/creators', { username: 'x', daily_post_cap: -1 }, 'daily_post_cap'],
      ['POST', '/creators', { username: 'x', moderation: 'maybe' }, 'moderation'],
      ['PATCH', `/creators/${encodeURIComponent(openId)}`, { is_private: 'yes' }, 'is_private'],
      ['POST', '/consent', { client_key: APP.client_key, open_id: openId, redirect_uri: APP.redirect_uri, scopes: ['video.everything'] }, 'scopes'],
      ['POST', '/consent', { client_key: APP.client_key, scopes: ['video.publish'], redirect_uri: APP.redirect_uri }, 'open_id'],
      ['POST', `/creators/${encodeURIComponent(openId)}/revoke`, {}, 'client_key'],
      ['POST', `/creators/${encodeURIComponent(openId)}/revoke`, { client_key: APP.client_key, reason: 9 }, 'reason'],
      ['POST', '/faults', { endpoint: 'nowhere', kind: 'error' }, 'endpoint'],
      ['POST', '/faults', { endpoint: 'video_init', kind: 'explode' }, 'kind'],
      ['POST', '/faults', { endpoint: 'video_init', kind: 'error', status: 100 }, 'status'],
      ['POST', '/faults', { endpoint: 'video_init', kind: 'delay' }, 'delay_ms'],
      ['POST', '/clock', { advance_ms: -5 }, 'advance_ms'],
      ['POST', '/clock', {}, 'advance_ms or now_ms'],
      ['POST', '/settings', { rate_limits: { user_info: 0 } }, 'rate_limits.user_info'],
      ['POST', '/settings', { pkce_encoding: 'rot13' }, 'pkce_encoding'],
      ['POST', '/settings', { processing_delay_ms: 'soon' }, 'processing_delay_ms'],
    ];
    for (const [method, path, body, mention] of cases) {
      const res = await admin(method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 400 });
      await expectAdminError(res, 400, mention);
    }
    // Nothing half-applied: the settings are unchanged and the creator is still public.
    expect((await h.emu.admin.settings()).pkce_encoding).toBe('either');
    expect((await admin('GET', '/creators')).json.find((c: { open_id: string }) => c.open_id === openId).is_private).toBe(false);
  });

  it('bodies that are not JSON objects are 400', async () => {
    await expectAdminError(await admin('POST', '/apps', '{not json'), 400, 'JSON');
    for (const body of ['[]', 'null', '"x"', '7']) {
      for (const path of ['/apps', '/creators', '/consent', '/faults', '/clock', '/settings']) {
        const res = await admin('POST', path, body);
        expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
        expect(typeof res.json.error).toBe('string');
      }
    }
    await expectAdminError(await admin('POST', '/apps', JSON.stringify({ pad: 'x'.repeat(BIG) })), 400, 'too large');
  });

  it('unknown ids are 404 and unknown routes 404 with a pointer to the docs', async () => {
    await expectAdminError(await admin('PATCH', '/creators/nobody', { is_private: true }), 404, 'open_id');
    await expectAdminError(await admin('GET', '/publishes/v_pub_file~v2-1.1'), 404, 'publish_id');
    await expectAdminError(await admin('POST', '/inbox/v_inbox_file~v2.1/complete', {}), 404, 'publish_id');
    await expectAdminError(await admin('POST', '/consent', { client_key: 'nope', open_id: openId, scopes: ['video.publish'], redirect_uri: APP.redirect_uri }), 404, 'client_key');
    await expectAdminError(await admin('GET', '/no-such-thing'), 404, 'README');
    // Still serving.
    expect((await get(h, '/_emulator/clock')).status).toBe(200);
  });
});

describe('tiktok-emulator CLI', () => {
  const cli = createCliRunner();
  const run = (args: string[]) => cli.run(args);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emu-cli-test-'));
  });
  afterEach(() => cli.killAll());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--port 0 with the demo scenario prints its URL and serves the demo creators; SIGTERM stops it', async () => {
    const p = run(['--port', '0', '--scenario', 'packages/tiktok-emulator/scenarios/demo.json']);
    const url = await listening(p);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const creators = (await (await fetch(`${url}/_emulator/creators`)).json()) as Array<{ open_id: string; username: string }>;
    expect(creators.map((c) => c.open_id).sort()).toEqual(['demo-creator-capped', 'demo-creator-private', 'demo-creator-public']);
    expect(creators.find((c) => c.open_id === 'demo-creator-private')!.username).toBe('quiet.creator');
    // It is a working TikTok: the demo app can take a client token.
    const tok = await fetch(`${url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: 'demo_client_key', client_secret: 'demo_client_secret', grant_type: 'client_credentials' }),
    });
    expect(tok.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a request with a malformed Host header is answered and does not take the server down', async () => {
    const p = run(['--port', '0']);
    const url = await listening(p);
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /_emulator/clock HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (b: Buffer) => (data += b.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(data));
    });
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 [24]\d\d /);
    expect(p.err()).not.toContain('TypeError');
    const after = await fetch(`${url}/_emulator/clock`);
    expect(after.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a bad --port exits non-zero with a clear message', async () => {
    const runs = ['abc', '70000', '0x10'].map((port) => ({ port, p: run([`--port=${port}`]) }));
    for (const { port, p } of runs) {
      expect({ port, code: await p.exited }).toEqual({ port, code: 2 });
      expect(p.err()).toContain('--port must be a number between 0 and 65535');
      expect(p.out()).not.toContain('listening');
    }
  });

  it('an unreadable or invalid scenario exits non-zero naming the problem', async () => {
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{ "apps": [ ');
    const badShape = join(dir, 'shape.json');
    writeFileSync(badShape, JSON.stringify({ apps: [{ client_key: 'k' }] }));
    const missing = join(dir, 'missing.json');
    const [p1, p2, p3] = [badJson, badShape, missing].map((file) => run(['--port', '0', '--scenario', file]));
    expect(await p1!.exited).not.toBe(0);
    expect(p1!.err()).toContain(`Cannot read scenario ${badJson}: not valid JSON`);
    expect(p1!.out()).not.toContain('listening');
    expect(await p2!.exited).not.toBe(0);
    expect(p2!.err()).toContain('Invalid scenario at apps.0.client_secret');
    expect(await p3!.exited).not.toBe(0);
    expect(p3!.err()).toContain(`Cannot read scenario ${missing}`);
  });

  it('an unknown option exits non-zero with the usage line', async () => {
    const p = run(['--prot', '4010']);
    expect(await p.exited).not.toBe(0);
    expect(p.err()).toContain('usage: tiktok-emulator');
  });
});
