// startTokpost over a real socket: the engine from the config, the configured app registered, the
// in-process worker beating, the home page (and the built UI when there is one), a clean stop.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, smtpSettingsOf, startTokpost, type Tokpost } from '../src/index.js';

const dirs: string[] = [];
const running: Tokpost[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tokpost-start-'));
  dirs.push(d);
  return d;
}

async function start(env: Record<string, string>, o: { worker?: boolean; webDist?: string } = {}): Promise<{ t: Tokpost; lines: string[] }> {
  const dir = tempDir();
  const config = loadConfig({ TOKPOST_PORT: '0', TOKPOST_DATA_DIR: join(dir, 'data'), TOKPOST_ENCRYPTION_KEY: 'a'.repeat(64), ...env }, { cwd: dir });
  const lines: string[] = [];
  const t = await startTokpost(config, { worker: o.worker ?? true, handleSignals: false, logStream: { write: (l) => void lines.push(l) }, webDist: o.webDist ?? join(dir, 'no-web') });
  running.push(t);
  return { t, lines };
}

describe('startTokpost', () => {
  it('listens on a free port named in the public URL, registers the configured app, runs a worker and logs the config without secrets', async () => {
    const { t, lines } = await start({ TIKTOK_CLIENT_KEY: 'configured_key', TIKTOK_CLIENT_SECRET: 'configured-secret-never-logged', TIKTOK_AUDITED: 'true', TOKPOST_MEDIA_PREFIX: 'https://media.example.com/media/' });
    expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.config.publicUrl).toBe(t.url);
    const app = await t.engine.apps.getByClientKey('configured_key');
    expect(app).toMatchObject({ clientKey: 'configured_key', audited: true, verifiedUrlPrefixes: ['https://media.example.com/media/'] });
    expect(t.engine.settings.mediaBaseUrl).toBe('https://media.example.com/media/');
    expect((await t.engine.liveness()).alive).toBe(true);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    const all = lines.join('');
    expect(all).toContain('TikTok app: client key configured_key, client secret set, audited');
    expect(all).not.toContain('configured-secret-never-logged');
    expect(all).not.toContain('a'.repeat(64));
    await t.stop();
    // Stopped: the socket is closed and the store with it.
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    expect(lines.join('')).toContain('"msg":"stopped"');
  });

  it("logs requests through the server's redaction: no OAuth code or state in the request log", async () => {
    const { t, lines } = await start({ TOKPOST_LOG_LEVEL: 'debug' }, { worker: false });
    await fetch(`${t.url}/api/oauth/tiktok/callback?code=oauth-code-never-logged&state=oauth-state-never-logged`);
    const all = lines.join('');
    expect(all).toContain('/api/oauth/tiktok/callback?code=[redacted]&state=[redacted]');
    expect(all).not.toContain('oauth-code-never-logged');
    expect(all).not.toContain('oauth-state-never-logged');
  });

  it('hands the SMTP settings to the engine for email notifications, the password kept out of the log', async () => {
    const { t, lines } = await start({ SMTP_URL: 'smtps://mailer:smtp-password-never-logged@mail.example.com:2465', SMTP_FROM: 'tokpost@example.com' }, { worker: false });
    expect(t.engine.settings.smtp).toEqual({ host: 'mail.example.com', port: 2465, secure: true, from: 'tokpost@example.com', auth: { user: 'mailer', pass: 'smtp-password-never-logged' } });
    expect(lines.join('')).toContain('mail: SMTP URL set, from tokpost@example.com');
    expect(lines.join('')).not.toContain('smtp-password-never-logged');
  });

  it('a second start with the same app configured keeps one app and takes a new secret', async () => {
    const dir = tempDir();
    const env = { TOKPOST_PORT: '0', TOKPOST_DATA_DIR: join(dir, 'data'), TIKTOK_CLIENT_KEY: 'k1', TIKTOK_CLIENT_SECRET: 'first-secret' };
    const first = await startTokpost(loadConfig(env, { cwd: dir }), { worker: false, handleSignals: false, logStream: { write: () => {} } });
    await first.stop();
    const second = await startTokpost(loadConfig({ ...env, TIKTOK_CLIENT_SECRET: 'second-secret' }, { cwd: dir }), { worker: false, handleSignals: false, logStream: { write: () => {} } });
    running.push(second);
    const apps = await second.engine.apps.list();
    expect(apps.map((a) => a.clientKey)).toEqual(['k1']);
    const stored = await second.engine.store.apps.get(apps[0]!.id);
    expect(stored?.clientSecret).toBe('second-secret');
  });

  it('asks every livenessMs whether a worker is alive, and says so in the log when none is', async () => {
    let seen: () => void = () => {};
    const noWorker = new Promise<void>((r) => (seen = r));
    const dir = tempDir();
    const config = loadConfig({ TOKPOST_PORT: '0', TOKPOST_DATA_DIR: join(dir, 'data') }, { cwd: dir });
    const t = await startTokpost(config, {
      worker: false,
      handleSignals: false,
      livenessMs: 20,
      logStream: { write: (l) => void (l.includes('no worker is alive') && seen()) },
    });
    running.push(t);
    await noWorker;
    const events = await t.engine.notifications.events.list({ limit: 10 });
    expect(events.events.map((e) => e.type)).toContain('no_worker_alive');
  });

  it('without http it opens the engine and the worker only', async () => {
    const { t } = await start({}, { worker: true });
    const dir = tempDir();
    const w = await startTokpost(loadConfig({ TOKPOST_DATA_DIR: join(dir, 'data') }, { cwd: dir }), { worker: true, http: false, handleSignals: false, logStream: { write: () => {} } });
    running.push(w);
    expect(w.server).toBeUndefined();
    expect(w.url).toBeUndefined();
    expect(w.worker).toBeDefined();
    expect(t.worker).toBeDefined();
  });

  it('serves a home page at / without a key when the UI is not built', async () => {
    const { t } = await start({}, { worker: false });
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<h1>tokpost</h1>');
    expect(html).toContain('href="/api/docs"');
    expect(html).toContain('tokpost accounts connect');
    // Unknown /api paths still need a key; unknown pages are plain 404s.
    expect((await fetch(`${t.url}/api/nothing`)).status).toBe(401);
    expect((await fetch(`${t.url}/somewhere`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('serves the built UI, with its index.html for the UI routes that accept HTML', async () => {
    const web = tempDir();
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>tokpost UI</title><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("ui")');
    const { t } = await start({}, { worker: false, webDist: web });
    expect(await (await fetch(`${t.url}/`)).text()).toContain('<title>tokpost UI</title>');
    const asset = await fetch(`${t.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("ui")');
    const deep = await fetch(`${t.url}/posts/pst_1`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
    // Not for the API, and not for a script asking for JSON.
    const api = await fetch(`${t.url}/api/nothing`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    expect((await fetch(`${t.url}/posts/pst_1`, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await fetch(`${t.url}/assets/../index.html`)).status).not.toBe(500);
  });
});

describe('smtpSettingsOf', () => {
  it('reads TLS, port and credentials from an SMTP URL, and a plain host as STARTTLS on its port', () => {
    expect(smtpSettingsOf({ url: 'smtps://mailer:p%40ss@mail.example.com', host: undefined, port: 587, from: 'tp@example.com' })).toEqual({ host: 'mail.example.com', port: 465, secure: true, from: 'tp@example.com', auth: { user: 'mailer', pass: 'p@ss' } });
    expect(smtpSettingsOf({ url: 'smtp://mail.example.com:2525', host: undefined, port: 587, from: 'tp@example.com' })).toEqual({ host: 'mail.example.com', port: 2525, secure: false, from: 'tp@example.com' });
    expect(smtpSettingsOf({ url: undefined, host: 'relay.local', port: 25, from: 'tp@example.com' })).toEqual({ host: 'relay.local', port: 25, secure: false, from: 'tp@example.com' });
    expect(smtpSettingsOf(undefined)).toBeUndefined();
  });
});
