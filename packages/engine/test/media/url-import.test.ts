// Importing media from a URL: only public addresses unless a range is allowed, every redirect hop
// checked, the connection pinned to the checked address, size and time bounded. Against real
// local HTTP servers; names are pinned to addresses with the `resolve` option.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFromUrl, isFetchableAddress, parseAllowedRanges } from '../../src/media/url-import.js';

const BODY = Buffer.from('not really a video, but bytes all the same '.repeat(100));
let server: Server;
let base: string;
let port: number;
let dir: string;
const hosts: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokpost-import-'));
  server = createServer((req, res) => {
    hosts.push(String(req.headers.host));
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/clip.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      res.end(BODY);
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/redirect' });
      res.end();
    } else if (url.pathname === '/big-declared') {
      res.writeHead(200, { 'content-length': 10_000_000 });
      res.end();
    } else if (url.pathname === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      for (let i = 0; i < 20; i++) res.write(Buffer.alloc(1024, 1));
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
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const LOOPBACK_ALLOWED = { allowedRanges: ['127.0.0.1/32'], maxBytes: 1_000_000, timeoutMs: 5_000 };
let n = 0;
const dest = () => join(dir, `file-${n++}`);

describe('isFetchableAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['2001:4860:4860::8888', true],
    ['::ffff:8.8.8.8', true],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['0.0.0.0', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isFetchableAddress(address)).toBe(expected);
  });

  it('an allowed range opens private addresses inside it only', () => {
    const allowed = parseAllowedRanges(['10.0.0.0/8', 'fd00::1']);
    expect(isFetchableAddress('10.9.8.7', allowed)).toBe(true);
    expect(isFetchableAddress('fd00::1', allowed)).toBe(true);
    expect(isFetchableAddress('fd00::2', allowed)).toBe(false);
    expect(isFetchableAddress('192.168.1.1', allowed)).toBe(false);
    expect(() => parseAllowedRanges(['10.0.0.0/99'])).toThrow('the allowed range "10.0.0.0/99" is not an IP address or CIDR range (e.g. 10.0.0.0/8)');
  });
});

describe('importFromUrl', () => {
  it('refuses a loopback server by default, naming the address and the setting, and leaves no file', async () => {
    const out = dest();
    await expect(importFromUrl(`${base}/clip.mp4`, out, { maxBytes: 1_000_000, timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ field: 'url', message: expect.stringMatching(/127\.0\.0\.1, a private or local address.*TOKPOST_IMPORT_ALLOWED_RANGES/) }],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('downloads from an allowed range', async () => {
    const out = dest();
    const r = await importFromUrl(`${base}/clip.mp4`, out, LOOPBACK_ALLOWED);
    expect(r).toEqual({ path: out, bytes: BODY.length, contentType: 'video/mp4', finalUrl: `${base}/clip.mp4` });
    expect(readFileSync(out).equals(BODY)).toBe(true);
  });

  it('connects to the address it checked, not to a second lookup', async () => {
    const lookups: string[] = [];
    const r = await importFromUrl(`http://media.example.test:${port}/clip.mp4`, dest(), {
      ...LOOPBACK_ALLOWED,
      resolve: async (host) => {
        lookups.push(host);
        return ['127.0.0.1'];
      },
    });
    expect(r.bytes).toBe(BODY.length);
    expect(lookups).toEqual(['media.example.test']);
    expect(hosts.at(-1)).toBe(`media.example.test:${port}`);
  });

  it('refuses a name that resolves to a private address without connecting', async () => {
    const before = hosts.length;
    await expect(importFromUrl(`http://cdn.example.test:${port}/clip.mp4`, dest(), { maxBytes: 1000, timeoutMs: 5_000, resolve: async () => ['93.184.216.34', '10.0.0.5'] })).rejects.toMatchObject({
      issues: [{ field: 'url', message: expect.stringContaining('cdn.example.test resolves to 10.0.0.5') }],
    });
    expect(hosts.length).toBe(before);
  });

  it('checks every redirect hop: into loopback outside the allowed range, or the metadata address, is refused', async () => {
    await expect(importFromUrl(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${port}/clip.mp4`)}`, dest(), LOOPBACK_ALLOWED)).rejects.toMatchObject({
      issues: [{ message: expect.stringContaining('127.0.0.2') }],
    });
    await expect(importFromUrl(`${base}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`, dest(), LOOPBACK_ALLOWED)).rejects.toMatchObject({
      issues: [{ message: expect.stringContaining('169.254.169.254') }],
    });
    // A redirect inside the allowed range is followed.
    const r = await importFromUrl(`${base}/redirect?to=/clip.mp4`, dest(), LOOPBACK_ALLOWED);
    expect(r.finalUrl).toBe(`${base}/clip.mp4`);
  });

  it('refuses other schemes, credentials in the URL and endless redirects', async () => {
    await expect(importFromUrl('file:///etc/passwd', dest(), LOOPBACK_ALLOWED)).rejects.toMatchObject({ issues: [{ message: 'file: links cannot be imported; give an http(s) URL' }] });
    await expect(importFromUrl(`http://user:pw@127.0.0.1:${port}/clip.mp4`, dest(), LOOPBACK_ALLOWED)).rejects.toMatchObject({ issues: [{ message: 'must not carry a user name or password' }] });
    await expect(importFromUrl(`${base}/redirect?to=/redirect`, dest(), { ...LOOPBACK_ALLOWED, maxRedirects: 3 })).rejects.toMatchObject({ issues: [{ message: 'redirected more than 3 times' }] });
  });

  it('bounds the size, declared or not, and removes the partial file', async () => {
    await expect(importFromUrl(`${base}/big-declared`, dest(), { ...LOOPBACK_ALLOWED, maxBytes: 4096 })).rejects.toMatchObject({
      issues: [{ message: 'the file is 10000000 bytes, over the import limit of 4096 bytes' }],
    });
    const out = dest();
    await expect(importFromUrl(`${base}/big-chunked`, out, { ...LOOPBACK_ALLOWED, maxBytes: 4096 })).rejects.toMatchObject({
      issues: [{ message: 'the file is larger than the import limit of 4096 bytes' }],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('gives up on a server that stops sending, at the deadline', async () => {
    const out = dest();
    await expect(importFromUrl(`${base}/stall`, out, { ...LOOPBACK_ALLOWED, timeoutMs: 300 })).rejects.toMatchObject({
      issues: [{ message: 'the download did not finish within 300 ms' }],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('says what the server answered for a missing file', async () => {
    await expect(importFromUrl(`${base}/missing.mp4`, dest(), LOOPBACK_ALLOWED)).rejects.toMatchObject({
      issues: [{ message: `the server answered 404 for ${base}/missing.mp4; check the link works in a browser` }],
    });
  });
});
