// `tokpost serve` as a newcomer meets it: no TikTok app configured, so the emulator runs in the same
// process with the demo creators; the first address printed is the UI's; the home page and the API
// description answer; a demo API key is made once, kept in the data folder (0600) and printed again
// after a restart. Also: `npx tokpost --help` and `npx tiktok-emulator --help` through the linked bins.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, homePage } from '@tokpost/server';
import { describe, expect, it } from 'vitest';
import { baseEnv, REPO_ROOT, spawnTokpost, tempDir } from './support/cli-harness.js';

async function serveOnce(dir: string, port: number, flags: string[] = []) {
  const env = { TOKPOST_PORT: String(port), TOKPOST_DATA_DIR: join(dir, 'data') };
  return spawnTokpost(['serve', ...flags], { env, cwd: dir, ready: /API key\s+tp_\S+[\s\S]*accounts again\.\n/ });
}

describe('tokpost serve in demo mode', () => {
  it('prints the UI address first, says it runs against the emulator, serves / and the API, and keeps its demo key across a restart', async () => {
    const dir = tempDir();
    const port = await freePort('127.0.0.1');
    const ui = `http://127.0.0.1:${port}/`;
    const first = await serveOnce(dir, port);
    try {
      const out = first.stdout();
      expect(out.match(/https?:\/\/\S+/)?.[0]).toBe(ui);
      expect(out).toContain('Demo mode: no TikTok app is configured (TIKTOK_CLIENT_KEY), so tokpost runs against the TikTok emulator at http://127.0.0.1:');
      const key = /API key\s+(tp_\S+)\s+\(new; kept in (.+)\)/.exec(out);
      expect(key).not.toBeNull();
      const keyFile = key![2]!;
      expect(keyFile).toBe(join(dir, 'data', 'demo-api-key'));
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(key![1]);

      // The built web UI once `npm run build` made it, the home page before.
      const home = await fetch(ui);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toContain('text/html');
      const builtUi = join(REPO_ROOT, 'apps/web/dist/index.html');
      expect(await home.text()).toBe(existsSync(builtUi) ? readFileSync(builtUi, 'utf8') : homePage(ui.slice(0, -1)));
      const doc = await fetch(`${ui}api/openapi.json`);
      expect(doc.status).toBe(200);
      expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const apps = await fetch(`${ui}api/apps`, { headers: { authorization: `Bearer ${key![1]}` } });
      expect(apps.status).toBe(200);
      const { apps: list } = (await apps.json()) as { apps: { clientKey: string; verifiedUrlPrefixes: string[] }[] };
      expect(list).toEqual([expect.objectContaining({ clientKey: 'demo_client_key', verifiedUrlPrefixes: [`${ui}media/`] })]);
      // The demo creators are there to consent: the emulator's authorize page answers for the demo app.
      const emuUrl = /TikTok emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const consent = await fetch(`${emuUrl}/v2/auth/authorize/?client_key=demo_client_key&scope=user.info.basic,video.publish&redirect_uri=${encodeURIComponent(`${ui}api/oauth/tiktok/callback`)}&state=s1&response_type=code`);
      expect(consent.status).toBe(200);
      expect(await consent.text()).toContain('demo.creator');
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toContain('"msg":"stopped"');

    const second = await serveOnce(dir, port, ['--no-worker']);
    try {
      const key = readFileSync(join(dir, 'data', 'demo-api-key'), 'utf8').trim();
      expect(second.stdout()).toContain(`API key    ${key}  (kept in ${join(dir, 'data', 'demo-api-key')})`);
      expect(second.stdout().match(/https?:\/\/\S+/)?.[0]).toBe(ui);
      expect(second.stdout()).toContain('worker     none here (--no-worker): run `tokpost worker` next to it');
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);

    // --json: the same facts as one JSON line, first.
    const third = await spawnTokpost(['serve', '--json'], { env: { TOKPOST_PORT: String(port), TOKPOST_DATA_DIR: join(dir, 'data') }, cwd: dir, ready: /^\{.*\}\n/ });
    third.child.kill('SIGTERM');
    const first3 = JSON.parse(third.stdout().split('\n', 1)[0]!) as Record<string, unknown>;
    expect(first3).toMatchObject({ ui, docs: `${ui}api/docs`, demo: { apiKey: readFileSync(join(dir, 'data', 'demo-api-key'), 'utf8').trim(), created: false } });
    expect(await third.exited).toBe(0);
  });
});

describe('tokpost worker and tokpost emulator', () => {
  it('worker runs the job loop on the configured database and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const w = await spawnTokpost(['worker'], { env: { TOKPOST_DATA_DIR: join(dir, 'data') }, cwd: dir, ready: /"msg":"worker started"/ });
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.stdout()).toContain('"msg":"stopped"');
    expect(w.stderr()).toMatch(/tokpost worker wrk_\S+ is running against SQLite in /);
  });

  it('emulator serves the demo scenario on the port asked for', async () => {
    const e = await spawnTokpost(['emulator', '--port', '0'], { ready: /TikTok emulator listening on http:\/\/127\.0\.0\.1:\d+/ });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(e.stdout())![1]!;
      const page = await fetch(`${url}/v2/auth/authorize/?client_key=demo_client_key&scope=user.info.basic&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/api/oauth/tiktok/callback')}&state=s&response_type=code`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('busy.creator');
    } finally {
      e.child.kill('SIGTERM');
    }
    expect(await e.exited).toBe(0);
    const json = await spawnTokpost(['emulator', '--port', '0', '--json'], { ready: /\}\n/ });
    json.child.kill('SIGTERM');
    expect(JSON.parse(json.stdout())).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), scenario: expect.stringContaining('demo.json') });
    expect(await json.exited).toBe(0);
    const bad = await spawnTokpost(['emulator', '--port', 'x'], { ready: /never/ }).catch((err: Error) => err.message);
    expect(bad).toContain('exited (2)');
  });
});

describe('npx', () => {
  const npx = (args: string[]) =>
    new Promise<{ code: number; stdout: string }>((done) => {
      execFile('npx', ['--no-install', ...args], { cwd: REPO_ROOT, env: baseEnv(), timeout: 60_000 }, (error, stdout) => done({ code: error ? Number(error.code ?? 1) : 0, stdout }));
    });

  it('npx tokpost --help and npx tiktok-emulator --help work through the workspace bins', async () => {
    const [tp, emu] = await Promise.all([npx(['tokpost', '--help']), npx(['tiktok-emulator', '--help'])]);
    expect(tp.code).toBe(0);
    expect(tp.stdout).toContain('Usage: tokpost [options] [command]');
    expect(emu.code).toBe(0);
    expect(emu.stdout).toContain('usage: tiktok-emulator');
  });
});
