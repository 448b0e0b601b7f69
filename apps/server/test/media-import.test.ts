// POST /api/media/import `{ url }` against a real local HTTP server: loopback, private and
// link-local addresses are refused (a name resolving to one too, and a redirect into one) with
// ERR_IMPORT_ADDRESS_REFUSED naming TOKPOST_IMPORT_ALLOWED_RANGES; with the range allowed a clip is
// fetched and answered like an upload; the size and time limits answer their own codes naming
// their settings; and a refused import leaves no row and no file behind.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { countRows, goodClip, mediaFiles, readBytes, sha256 } from './support/media.js';
import { errorOf } from './support/posts.js';

let server: Server;
let port: number;
let clip: Buffer;
let closed: Harness;
let open: Harness;

beforeAll(async () => {
  clip = readBytes(await goodClip());
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/clip.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': clip.length });
      res.end(clip);
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      res.end();
    } else if (url.pathname === '/big') {
      // No Content-Length: the limit must cut the body off as it grows.
      res.writeHead(200, { 'content-type': 'video/mp4' });
      // Twice the clip: over the limit (the clip's size and a little) whatever the clip weighs.
      for (let sent = 0; sent < 2 * clip.length; sent += 16 * 1024) res.write(Buffer.alloc(16 * 1024, 1));
      res.end();
    } else if (url.pathname === '/stall') {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(Buffer.alloc(10));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
  [closed, open] = await Promise.all([
    startHarness(),
    startHarness({ env: { TOKPOST_IMPORT_ALLOWED_RANGES: '127.0.0.1/32, 192.0.2.0/24', TOKPOST_IMPORT_MAX_BYTES: String(clip.length + 1024), TOKPOST_IMPORT_TIMEOUT_MS: '1000' } }),
  ]);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await Promise.all([closed?.close(), open?.close()]);
});

const importUrl = (h: Harness, url: string) => h.request('POST', '/api/media/import', { body: { url } });

describe('POST /api/media/import', () => {
  it('refuses loopback, private, link-local and unique-local addresses, by address or by name, naming the setting; nothing stored', async () => {
    const urls = [
      `http://127.0.0.1:${port}/clip.mp4`,
      `http://localhost:${port}/clip.mp4`,
      'http://10.1.2.3/clip.mp4',
      'http://192.168.0.10/clip.mp4',
      'http://172.16.5.5/clip.mp4',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/clip.mp4',
      'http://[fd00::1]/clip.mp4',
      'http://[::ffff:10.0.0.1]/clip.mp4',
      'http://0.0.0.0/clip.mp4',
    ];
    for (const url of urls) {
      const r = await importUrl(closed, url);
      expect(r.status, `${url}: ${r.text}`).toBe(422);
      expect(errorOf(r.body).code, url).toBe('ERR_IMPORT_ADDRESS_REFUSED');
      expect(errorOf(r.body).message, url).toContain('TOKPOST_IMPORT_ALLOWED_RANGES');
      expect(errorOf(r.body).issues).toEqual([{ field: 'url', message: expect.stringContaining('a private or local address') }]);
    }
    expect(countRows(closed, 'media_assets')).toBe(0);
    expect(mediaFiles(closed)).toEqual([]);
  });

  it('fetches from an allowed range and answers like an upload (id, probe, findings)', async () => {
    const r = await importUrl(open, `http://127.0.0.1:${port}/clip.mp4`);
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: 'video', contentType: 'video/mp4', sizeBytes: clip.length, sha256: sha256(clip), findings: [], probe: { container: 'mp4', video: { codec: 'h264' } } });
    const id = (r.body as { id: string }).id;
    expect(id).toMatch(/^med_/);
    expect((await open.request('GET', `/api/media/${id}`)).body).toMatchObject({ id, sha256: sha256(clip) });
    expect(r.text).not.toContain(open.dataDir);
  });

  it('refuses a redirect into a range that is not allowed, even from an allowed one', async () => {
    const before = countRows(open, 'media_assets');
    const files = mediaFiles(open);
    for (const to of [`http://127.0.0.2:${port}/clip.mp4`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x']) {
      const r = await importUrl(open, `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(to)}`);
      expect(r.status, r.text).toBe(422);
      expect(errorOf(r.body).code).toBe('ERR_IMPORT_ADDRESS_REFUSED');
    }
    expect(countRows(open, 'media_assets')).toBe(before);
    expect(mediaFiles(open)).toEqual(files);
  });

  it('enforces the size and time limits, each naming its setting, and leaves no partial file', async () => {
    const before = countRows(open, 'media_assets');
    const files = mediaFiles(open);
    const big = await importUrl(open, `http://127.0.0.1:${port}/big`);
    expect(big.status, big.text).toBe(413);
    expect(errorOf(big.body)).toMatchObject({ code: 'ERR_IMPORT_TOO_LARGE', message: expect.stringContaining('TOKPOST_IMPORT_MAX_BYTES') });
    const slow = await importUrl(open, `http://127.0.0.1:${port}/stall`);
    expect(slow.status, slow.text).toBe(422);
    expect(errorOf(slow.body)).toMatchObject({ code: 'ERR_IMPORT_TIMEOUT', message: expect.stringContaining('TOKPOST_IMPORT_TIMEOUT_MS') });
    const missing = await importUrl(open, `http://127.0.0.1:${port}/nothing.mp4`);
    expect(errorOf(missing.body)).toMatchObject({ code: 'ERR_IMPORT_FAILED', message: expect.stringContaining('answered 404') });
    expect(countRows(open, 'media_assets')).toBe(before);
    expect(mediaFiles(open)).toEqual(files);
  });

  it('answers a body without a usable URL with ERR_VALIDATION naming `url`', async () => {
    for (const body of [{}, { url: '' }, { url: 'not a url' }, { url: 'file:///etc/passwd' }, { url: 42 }, { url: 'http://x.test/a', extra: 1 }]) {
      const r = await closed.request('POST', '/api/media/import', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r.body).code).toBe('ERR_VALIDATION');
    }
  });

  it('is in the OpenAPI document and needs an API key', async () => {
    const doc = (await closed.request('GET', '/api/openapi.json', { key: false })).body as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/media/import']).toHaveProperty('post');
    expect((await closed.request('POST', '/api/media/import', { key: false, body: { url: 'http://example.com/a.mp4' } })).status).toBe(401);
  });
});

describe('import settings', () => {
  it('parses the allowed ranges and limits, and names a bad one', () => {
    const c = loadConfig({ TOKPOST_IMPORT_ALLOWED_RANGES: '10.0.0.0/8, fd00::/8,192.0.2.7', TOKPOST_IMPORT_MAX_BYTES: '1048576', TOKPOST_IMPORT_TIMEOUT_MS: '30000' }, { cwd: '/nonexistent' });
    expect(c.mediaImport).toEqual({ allowedRanges: ['10.0.0.0/8', 'fd00::/8', '192.0.2.7'], maxBytes: 1_048_576, timeoutMs: 30_000 });
    expect(loadConfig({}, { cwd: '/nonexistent' }).mediaImport).toEqual({ allowedRanges: [], maxBytes: 4 * 1024 ** 3, timeoutMs: 600_000 });
    const bad: Array<[string, string]> = [
      ['TOKPOST_IMPORT_ALLOWED_RANGES', '10.0.0.0/8,not-a-range'],
      ['TOKPOST_IMPORT_ALLOWED_RANGES', '10.0.0.0/33'],
      ['TOKPOST_IMPORT_MAX_BYTES', '0'],
      ['TOKPOST_IMPORT_TIMEOUT_MS', 'soon'],
    ];
    for (const [name, value] of bad) {
      let error: unknown;
      try {
        loadConfig({ [name]: value }, { cwd: '/nonexistent' });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).setting).toBe(name);
      expect((error as Error).message).toMatch(new RegExp(`^${name} \\(environment\\): .* is not valid; expected `));
    }
  });
});
