// The newcomer's path end to end: `npm start`'s script (scripts/start.js, which runs `tokpost serve`
// in demo mode, the emulator in the same process), `tokpost accounts connect` and the emulator's
// consent page submitted as a browser does, `tokpost posts create --file` one minute ahead, and the
// post published — nothing reaches TikTok before its minute, then TikTok's side (the emulator's
// ground truth) holds the video under the id of the link `tokpost posts show` gives. TikTok pulls
// the file from tokpost's media endpoint (demo mode sets the media prefix).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@tokpost/server';
import { createAdminClient } from '@tokpost/tiktok-emulator';
import { describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { spawnTokpost, START_SCRIPT, tempDir, tokpost } from './support/cli-harness.js';

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** A browser on the emulator's consent page: picks the creator, keeps every permission ticked, approves, follows the redirect. */
async function consentAsBrowser(authorizeUrl: string, openId: string): Promise<{ status: number; html: string }> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(openId);
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBeDefined();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(decode(m[1]!), decode(m[2]!));
  for (const m of html.matchAll(/<input type="checkbox" name="grant" value="([^"]*)"/g)) form.append('grant', decode(m[1]!));
  form.set('open_id', openId);
  form.set('decision', 'approve');
  const submitted = await fetch(new URL(decode(action!), authorizeUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual' });
  expect(submitted.status).toBe(302);
  const back = await fetch(submitted.headers.get('location')!, { redirect: 'manual' });
  return { status: back.status, html: await back.text() };
}

describe('demo mode end to end', () => {
  it('npm start, connect a demo creator on the consent page, schedule a video one minute ahead, see it published with its link', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const port = await freePort('127.0.0.1');
    const env = { TOKPOST_PORT: String(port), TOKPOST_DATA_DIR: join(dir, 'data') };
    const video = await goodMp4({ seconds: 3 });
    const sha256 = createHash('sha256').update(readFileSync(video)).digest('hex');
    const serve = await spawnTokpost([], { entry: START_SCRIPT, env, cwd: dir, ready: /accounts again\.\n/, timeoutMs: 120_000 });
    try {
      // The first address printed is the UI's, and it answers.
      const firstUrl = /https?:\/\/[^\s]+/.exec(serve.stdout())?.[0];
      expect(firstUrl).toBe(`http://127.0.0.1:${port}/`);
      expect((await fetch(firstUrl!)).status).toBe(200);
      const emuUrl = /TikTok emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.stdout())![1]!;
      const admin = createAdminClient((url, init) => fetch(url, init), () => emuUrl);

      // The CLI finds the demo key in the data folder and the server from the configuration.
      const connect = await tokpost(['accounts', 'connect', '--json'], { env, cwd: dir });
      expect(connect.code).toBe(0);
      const { authorizeUrl } = JSON.parse(connect.stdout) as { authorizeUrl: string };
      expect(authorizeUrl.startsWith(`${emuUrl}/`)).toBe(true);
      const callback = await consentAsBrowser(authorizeUrl, 'demo-creator-public');
      expect(callback.status).toBe(200);
      expect(callback.html).toContain('data-outcome="connected"');
      const { accounts } = JSON.parse((await tokpost(['accounts', 'list', '--json'], { env, cwd: dir })).stdout) as { accounts: { id: string; username: string }[] };
      const account = accounts.find((a) => a.username === 'demo.creator');
      expect(account).toBeDefined();

      const asked = Date.now();
      const created = await tokpost(['posts', 'create', '--account', account!.id, '--file', video, '--title', 'hello from the demo', '--privacy', 'PUBLIC_TO_EVERYONE', '--at', '+1m', '--json'], { env, cwd: dir });
      expect(created.stderr).toBe('');
      const { post } = JSON.parse(created.stdout) as { post: { id: string; state: string; scheduledAt: string | number } };
      expect(post.state).toBe('scheduled');
      const due = new Date(post.scheduledAt).getTime();
      expect(due - asked).toBeGreaterThanOrEqual(59_000);
      expect(due - asked).toBeLessThanOrEqual(61_000 + (Date.now() - asked));

      // The post moves on its own (worker at its minute, emulator processing and moderation, then
      // TikTok's public id); the CLI is asked until it shows the post published with its link.
      // Until its minute, TikTok has nothing of it.
      let shown: { post: { state: string }; publicUrl: string | null } | undefined;
      for (const deadline = due + 90_000; Date.now() < deadline; ) {
        const before = Date.now();
        const onTikTok = await admin.posts();
        if (before < due - 1_000) expect(onTikTok.filter((p) => p.title === 'hello from the demo')).toEqual([]);
        shown = JSON.parse((await tokpost(['posts', 'show', post.id, '--json'], { env, cwd: dir })).stdout) as typeof shown;
        if ((shown!.post.state === 'published' && shown!.publicUrl) || shown!.post.state === 'failed') break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(shown?.post.state).toBe('published');
      expect(shown?.publicUrl).toMatch(/^https:\/\/www\.tiktok\.com\/@demo\.creator\/video\/\d{15,20}$/);

      // TikTok's ground truth: one public post of that creator, with this file, under the link's id,
      // made no earlier than the minute it was scheduled for.
      const videoId = /\/video\/(\d+)$/.exec(shown!.publicUrl!)![1]!;
      const mine = (await admin.posts()).filter((p) => p.title === 'hello from the demo');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ post_id: videoId, open_id: 'demo-creator-public', username: 'demo.creator', privacy_level: 'PUBLIC_TO_EVERYONE', sha256: [sha256], publicly_available: true, removed: false });
      expect(mine[0]!.created_at).toBeGreaterThanOrEqual(due);

      const human = await tokpost(['posts', 'show', post.id], { env, cwd: dir });
      expect(human.stdout).toContain(`${post.id} published`);
      expect(human.stdout).toContain(`link     ${shown!.publicUrl}`);
      expect(await admin.errors()).toEqual([]);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
  });
});
