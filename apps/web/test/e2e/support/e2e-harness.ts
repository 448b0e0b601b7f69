// The web UI end to end: a real `tokpost serve` (startTokpost on a free port over a temp data
// folder, the in-process worker, the built UI from apps/web/dist) talking to the TikTok emulator
// over HTTP on its own free port, and Debian's Chromium driven by playwright-core. One of these per
// test file: the server, the emulator and the browser are shared by the file's tests.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { AccountView } from '@tokpost/engine';
import { freePort, loadConfig, startTokpost, type Tokpost } from '@tokpost/server';
import { createEmulator, type Emulator } from '@tokpost/tiktok-emulator';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../../../../../test/support/browser.js';
import { ffmpegFixture } from '../../../../../test/support/fixtures.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../..', import.meta.url)));
export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist');
export const SCREENSHOT_DIR = join(REPO_ROOT, '.cache', 'screenshots');
export const APP_KEY = 'e2e_demo_client_key';
export const APP_SECRET = 'e2e-demo-secret-never-shown-8c1f';
export const UNAUDITED_KEY = 'e2e_unaudited_client_key';
const UNAUDITED_SECRET = 'e2e-unaudited-secret-3b7a';
const ENCRYPTION_KEY = '7'.repeat(64);
export const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'];

export interface E2e {
  tp: Tokpost;
  emu: Emulator;
  url: string;
  key: string;
  appId: string;
  unauditedAppId: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A creator in the emulator (not connected). */
  createCreator(username: string, extra?: Record<string, unknown>): Promise<string>;
  /** Connects a creator without the browser (for tests whose subject is elsewhere). */
  connectAccount(username: string, o?: { unaudited?: boolean; extra?: Record<string, unknown> }): Promise<AccountView & { openId: string }>;
  /** GET/POST the REST API with the key. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Uploads a file with POST /api/media; answers the media id. */
  uploadMedia(path: string): Promise<string>;
  /** Opens a hash route of the UI and waits for its heading. */
  goto(route: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2e(o: { signIn?: boolean } = {}): Promise<E2e> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build` first (the tests drive the built UI)');
  const dir = mkdtempSync(join(tmpdir(), 'tokpost-web-e2e-'));
  const emu = createEmulator({ onError: (e) => console.error('emulator bug', e) });
  const { url: emuUrl } = await emu.listen({ port: 0, host: '127.0.0.1' });
  // TikTok's processing and moderation take seconds to minutes; here a fraction of a second.
  await emu.admin.settings({ processing_delay_ms: 100, moderation_delay_ms: 200 });
  // The port is chosen first: the media prefix TikTok pulls photos from names it.
  const port = await freePort('127.0.0.1');
  const mediaPrefix = `http://127.0.0.1:${port}/media/`;
  const env = {
    TOKPOST_PORT: String(port),
    TOKPOST_MEDIA_PREFIX: mediaPrefix,
    TOKPOST_HOST: '127.0.0.1',
    TOKPOST_DATA_DIR: join(dir, 'data'),
    TOKPOST_ENCRYPTION_KEY: ENCRYPTION_KEY,
    TIKTOK_CLIENT_KEY: APP_KEY,
    TIKTOK_CLIENT_SECRET: APP_SECRET,
    TIKTOK_AUDITED: 'true',
    TIKTOK_API_BASE_URL: emuUrl,
    TIKTOK_AUTH_BASE_URL: emuUrl,
    TOKPOST_LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env, { cwd: dir });
  const redirectUri = `${config.publicUrl}/api/oauth/tiktok/callback`;
  const webhookUrl = `${config.publicUrl}/api/webhooks/tiktok`;
  await emu.admin.createApp({ client_key: APP_KEY, client_secret: APP_SECRET, redirect_uris: [redirectUri], audited: true, webhook_url: webhookUrl, verified_url_prefixes: [mediaPrefix] });
  await emu.admin.createApp({ client_key: UNAUDITED_KEY, client_secret: UNAUDITED_SECRET, redirect_uris: [redirectUri], audited: false, webhook_url: webhookUrl, verified_url_prefixes: [mediaPrefix] });
  const logLines: string[] = [];
  const tp = await startTokpost(config, { worker: true, handleSignals: false, webDist: WEB_DIST, stopGraceMs: 2_000, logStream: { write: (l) => void logLines.push(l) } });
  const { key } = await tp.engine.apiKeys.create({ name: 'web e2e' });
  const app = await tp.engine.apps.getByClientKey(APP_KEY);
  if (!app) throw new Error('the configured app was not registered');
  const unaudited = await tp.engine.apps.create({ clientKey: UNAUDITED_KEY, clientSecret: UNAUDITED_SECRET, audited: false, verifiedUrlPrefixes: [mediaPrefix] });
  const url = tp.url!;

  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris', locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  if (o.signIn !== false) await context.addInitScript((k) => window.localStorage.setItem('tokpost.apiKey', k), key);
  const page = await context.newPage();

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const createCreator = async (username: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await emu.admin.createCreator({ username, nickname: `${username[0]!.toUpperCase()}${username.slice(1)}`, ...extra })).open_id;

  return {
    tp,
    emu,
    url,
    key,
    appId: app.id,
    unauditedAppId: unaudited.id,
    browser,
    context,
    page,
    api,
    createCreator,
    async connectAccount(username, co = {}) {
      const openId = await createCreator(username, co.extra);
      const clientKey = co.unaudited ? UNAUDITED_KEY : APP_KEY;
      const { code } = await emu.admin.consent({ client_key: clientKey, open_id: openId, scopes: SCOPES, redirect_uri: redirectUri });
      const account = (await tp.engine.accounts.connectWithCode({ appId: co.unaudited ? unaudited.id : app.id, code, requestedScopes: SCOPES })).account;
      return { ...account, openId };
    },
    async uploadMedia(path) {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(path)]), basename(path));
      const res = await fetch(`${url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
      const body = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`POST /api/media → ${res.status}: ${JSON.stringify(body)}`);
      return body.id;
    },
    async goto(route) {
      await page.goto(`${url}/#/${route}`);
      await page.locator('h1').first().waitFor();
    },
    async close() {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await tp.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
      const bugs = emu.errors();
      if (bugs.length > 0) throw new Error(`the emulator recorded bugs: ${JSON.stringify(bugs)}`);
    },
  };
}

/** axe-core on the page as it is: the serious and critical violations (expected: none). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string | null | undefined; help: string; targets: string[] }>> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Saves the page at laptop (1280) and phone (390) widths under .cache/screenshots/<name>-<width>.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(before);
}

/** Waits until the locator (itself, not only a descendant) holds the text. */
export async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** A still JPEG of a solid colour with the test pattern's size (photos for carousels). */
export function photoFixture(colour: string, o: { width?: number; height?: number } = {}): Promise<string> {
  const size = `${o.width ?? 720}x${o.height ?? 1280}`;
  return ffmpegFixture(`photo-${colour}-${size}.jpg`, ['-f', 'lavfi', '-i', `color=c=${colour}:size=${size}`, '-frames:v', '1', '-q:v', '4']);
}
