// `tokpost accounts connect` against the server's connect routes (POST /api/accounts/connect and
// GET /api/oauth/tiktok/callback): the printed address is TikTok's consent page for the configured
// app, and completing it connects the account that `accounts list` then shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, startCliServer, tokpost, type CliServer } from './support/cli-harness.js';

let s: CliServer;
beforeAll(async () => {
  s = await startCliServer();
});
afterAll(async () => {
  await s?.close();
});

const rest = (): string[] => ['--url', s.url, '--key', s.key];

describe('tokpost accounts connect', () => {
  it('prints the consent page address; the consent and TikTok’s redirect connect the account', async () => {
    const human = await tokpost(['accounts', 'connect', ...rest()]);
    expect(human.code).toBe(0);
    const printed = new URL(human.stdout.trim());
    expect(`${printed.origin}${printed.pathname}`).toBe(`${s.emu.baseUrl}/v2/auth/authorize/`);
    expect(printed.searchParams.get('client_key')).toBe(APP_KEY);
    expect(printed.searchParams.get('redirect_uri')).toBe(`${s.url}/api/oauth/tiktok/callback`);
    expect(human.stderr).toContain('Open this address in a browser and approve');

    const json = await tokpost(['accounts', 'connect', '--app', s.appId, ...rest(), '--json']);
    expect(json.code).toBe(0);
    const { authorizeUrl } = JSON.parse(json.stdout) as { authorizeUrl: string; expiresAt: number };
    const u = new URL(authorizeUrl);
    const { open_id } = await s.emu.admin.createCreator({ username: 'connected.by.cli' });
    const { code } = await s.emu.admin.consent({
      client_key: APP_KEY,
      open_id,
      scopes: u.searchParams.get('scope')!,
      redirect_uri: u.searchParams.get('redirect_uri')!,
      state: u.searchParams.get('state')!,
      code_challenge: u.searchParams.get('code_challenge')!,
      code_challenge_method: 'S256',
    });
    const callback = await fetch(`${s.url}/api/oauth/tiktok/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(u.searchParams.get('state')!)}&scopes=${encodeURIComponent(u.searchParams.get('scope')!)}`);
    expect(callback.status).toBe(200);
    const list = await tokpost(['accounts', 'list', ...rest()]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('connected.by.cli');
  });

  it('an unknown app is refused (3)', async () => {
    const r = await tokpost(['accounts', 'connect', '--app', 'app_missing', ...rest()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error ERR_(NOT_FOUND|VALIDATION): /);
  });
});
