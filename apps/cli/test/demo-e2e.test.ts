// The newcomer's path end to end, through the real binary: `tokpost serve` in demo mode (the
// emulator in the same process), `tokpost accounts connect` and the consent, `tokpost posts create
// --file` a few seconds ahead, and the post published — TikTok's side (the emulator's ground truth)
// holds it, and `tokpost posts show` gives its link. TikTok pulls the file from tokpost's media
// endpoint (demo mode sets the media prefix).
import { join } from 'node:path';
import { freePort } from '@tokpost/server';
import { createAdminClient } from '@tokpost/tiktok-emulator';
import { describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { spawnTokpost, tempDir, tokpost } from './support/cli-harness.js';

describe('demo mode end to end', () => {
  it('connect a demo creator, schedule a video a few seconds ahead, see it published with its link', async () => {
    const dir = tempDir();
    const port = await freePort('127.0.0.1');
    const env = { TOKPOST_PORT: String(port), TOKPOST_DATA_DIR: join(dir, 'data') };
    const video = await goodMp4({ seconds: 3 });
    const serve = await spawnTokpost(['serve'], { env, cwd: dir, ready: /accounts again\.\n/ });
    try {
      const emuUrl = /TikTok emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.stdout())![1]!;
      const admin = createAdminClient((url, init) => fetch(url, init), () => emuUrl);
      // The CLI finds the demo key in the data folder and the server from the configuration.
      const connect = await tokpost(['accounts', 'connect', '--json'], { env, cwd: dir });
      expect(connect.code).toBe(0);
      const u = new URL((JSON.parse(connect.stdout) as { authorizeUrl: string }).authorizeUrl);
      const { code } = await admin.consent({
        client_key: 'demo_client_key',
        open_id: 'demo-creator-public',
        scopes: u.searchParams.get('scope')!,
        redirect_uri: u.searchParams.get('redirect_uri')!,
        state: u.searchParams.get('state')!,
        code_challenge: u.searchParams.get('code_challenge')!,
        code_challenge_method: 'S256',
      });
      const back = await fetch(`${u.searchParams.get('redirect_uri')}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(u.searchParams.get('state')!)}&scopes=${encodeURIComponent(u.searchParams.get('scope')!)}`);
      expect(back.status).toBe(200);
      const { accounts } = JSON.parse((await tokpost(['accounts', 'list', '--json'], { env, cwd: dir })).stdout) as { accounts: { id: string; username: string }[] };
      const account = accounts.find((a) => a.username === 'demo.creator');
      expect(account).toBeDefined();

      const created = await tokpost(['posts', 'create', '--account', account!.id, '--file', video, '--title', 'hello from the demo', '--privacy', 'PUBLIC_TO_EVERYONE', '--at', '+3s', '--json'], { env, cwd: dir });
      expect(created.stderr).toBe('');
      const postId = (JSON.parse(created.stdout) as { post: { id: string } }).post.id;

      // The post moves on its own (worker, emulator processing and moderation, then TikTok's public
      // id); the CLI is asked until it shows the post published with its link, within the demo
      // scenario's delays and a margin.
      let shown: { post: { state: string }; publicUrl: string | null } | undefined;
      for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
        shown = JSON.parse((await tokpost(['posts', 'show', postId, '--json'], { env, cwd: dir })).stdout) as typeof shown;
        if ((shown!.post.state === 'published' && shown!.publicUrl) || shown!.post.state === 'failed') break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(shown?.post.state).toBe('published');
      expect(shown?.publicUrl).toMatch(/^https:\/\/www\.tiktok\.com\/@demo\.creator\/video\/\d{15,20}$/);
      const onTikTok = await admin.posts();
      expect(onTikTok).toContainEqual(expect.objectContaining({ open_id: 'demo-creator-public', title: 'hello from the demo' }));
      const human = await tokpost(['posts', 'show', postId], { env, cwd: dir });
      expect(human.stdout).toContain(`${postId} published`);
      expect(human.stdout).toContain(`link     ${shown!.publicUrl}`);
      expect(await admin.errors()).toEqual([]);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
  });
});
