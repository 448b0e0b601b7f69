// Driving the emulator's time from outside: POST /_emulator/clock moves it, POST /_emulator/idle
// returns once the work that made due (processing, downloads, webhook deliveries) has finished,
// and the CLI's --time-scale / --time-origin / --time-anchor flags put it on a scaled clock that
// another process can compute for itself.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock } from '@tokpost/tiktok/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { createAdminClient } from '../src/index.js';
import { createCliRunner, listening } from './cli-process.js';
import { APP, connectCreator, PATHS, post, putChunk, rawRequest, startEmulator, tokenRequest, wholeFile, type Harness } from './harness.js';
import { startMediaServer, startWebhookReceiver } from './servers.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('POST /_emulator/idle', () => {
  let h: Harness | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    for (const c of closers.splice(0)) await c();
  });

  it('answers at once when nothing is in flight', async () => {
    h = await startEmulator();
    const res = await rawRequest(h, 'POST', '/_emulator/idle');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ now_ms: Date.UTC(2026, 10, 1, 12) });
  });

  it('after a clock advance, returns once the processing, download and webhook work it started is done', async () => {
    const video = await goodMp4({ seconds: 1 });
    const media = await startMediaServer({ 'clip.mp4': { file: video, type: 'video/mp4' } });
    const receiver = await startWebhookReceiver();
    closers.push(media.close, receiver.close);
    h = await startEmulator({ app: { verified_url_prefixes: [media.prefix], webhook_url: `${receiver.url}/hook` } });
    const t = await connectCreator(h);
    const admin = (path: string, body?: unknown) => rawRequest(h!, 'POST', `/_emulator${path}`, { headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });

    const init = await post(h, PATHS.videoInit, t.access_token, { post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: `${media.prefix}clip.mp4` } });
    const id = init.json.data.publish_id as string;
    // The download runs in the background; idle waits for it.
    expect((await admin('/idle')).status).toBe(200);
    expect(media.hits).toEqual(['clip.mp4']);
    expect(await h.emu.admin.publish(id)).toMatchObject({ status: 'PROCESSING_DOWNLOAD', downloaded_bytes: readFileSync(video).length });

    // The processing delay is 1 s of emulator time: nothing happens until the clock moves.
    expect((await admin('/clock', { advance_ms: 1_000 })).json).toEqual({ now_ms: Date.UTC(2026, 10, 1, 12) + 1_000 });
    expect((await admin('/idle')).json).toEqual({ now_ms: Date.UTC(2026, 10, 1, 12) + 1_000 });
    expect((await h.emu.admin.publish(id)).status).toBe('PUBLISH_COMPLETE');
    expect((await h.emu.admin.posts()).map((p) => p.publish_id)).toEqual([id]);
    // …and the webhook the transition fired has been delivered.
    expect(receiver.received.map((w) => JSON.parse(w.body).event)).toEqual(['post.publish.complete']);
    expect((await h.emu.admin.webhooks()).map((d) => d['delivered'])).toEqual([true]);
  });

  it('through the admin client: advanceClock then idle', async () => {
    h = await startEmulator();
    const t = await connectCreator(h);
    const data = readFileSync(await goodMp4({ seconds: 1 }));
    const init = await post(h, PATHS.inboxInit, t.access_token, { source_info: wholeFile(data.length) });
    expect((await putChunk(init.json.data.upload_url, data, 0, data.length - 1, data.length)).status).toBe(201);
    await h.emu.admin.advanceClock(1_000);
    expect(await h.emu.admin.idle()).toEqual({ now_ms: Date.UTC(2026, 10, 1, 12) + 1_000 });
    expect((await h.emu.admin.publish(init.json.data.publish_id)).status).toBe('SEND_TO_USER_INBOX');
  });
});

describe('tiktok-emulator CLI time and data flags', () => {
  const cli = createCliRunner();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emu-cli-time-'));
  });
  afterEach(() => cli.killAll());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--time-scale/--time-origin/--time-anchor: the emulator reads the time another process computes from the same numbers', async () => {
    const origin = Date.UTC(2026, 5, 1);
    const anchor = Date.now();
    const p = cli.run(['--port', '0', '--time-scale', '3600', '--time-origin', String(origin), '--time-anchor', String(anchor)]);
    const url = await listening(p);
    const mine = createScaledClock({ originMs: origin, factor: 3600, anchorRealMs: anchor });
    const before = mine.now();
    const { now_ms } = (await (await fetch(`${url}/_emulator/clock`)).json()) as { now_ms: number };
    const after = mine.now();
    expect(now_ms).toBeGreaterThanOrEqual(before);
    expect(now_ms).toBeLessThanOrEqual(after);
    // An hour of emulator time per real second.
    expect(now_ms - origin).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.err()).toBe('');
  });

  it('a nearly frozen clock only moves when told: clock then idle from this process finishes the publish', async () => {
    const dataDir = join(dir, 'media');
    const p = cli.run(['--port', '0', '--time-scale', '1e-9', '--data-dir', dataDir]);
    const url = await listening(p);
    const admin = createAdminClient((input, init) => fetch(input, init), () => url);
    const remote = { url };
    await admin.createApp({ ...APP, redirect_uris: [APP.redirect_uri] });
    const { open_id } = await admin.createCreator({ username: 'remote.creator' });
    const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: ['video.publish'], redirect_uri: APP.redirect_uri });
    const tokens = (await tokenRequest(remote, { grant_type: 'authorization_code', code, redirect_uri: APP.redirect_uri })).json as { access_token: string };

    const data = readFileSync(await goodMp4({ seconds: 1 }));
    const init = await post(remote, PATHS.videoInit, tokens.access_token, { post_info: { privacy_level: 'SELF_ONLY', title: 'remote' }, source_info: wholeFile(data.length) });
    expect((await putChunk(init.json.data.upload_url, data, 0, data.length - 1, data.length)).status).toBe(201);
    const id = init.json.data.publish_id as string;
    // The upload landed in --data-dir.
    expect(readdirSync(dataDir).filter((f) => f.startsWith('upload-'))).toHaveLength(1);

    // Default processing delay: 2 s of emulator time, which this clock takes ~60 years to reach.
    await admin.idle();
    expect((await admin.publish(id)).status).toBe('PROCESSING_UPLOAD');
    await admin.advanceClock(2_000);
    await admin.idle();
    expect((await admin.publish(id)).status).toBe('PUBLISH_COMPLETE');
    expect((await admin.posts()).map((x) => x.title)).toEqual(['remote']);
    expect(await admin.errors()).toEqual([]);

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    // A data dir given on the command line is the caller's: it stays.
    expect(existsSync(dataDir)).toBe(true);
  });

  it('bad time flags exit non-zero naming the flag', async () => {
    const runs = [
      ['--time-scale', '0'],
      ['--time-scale=-2'],
      ['--time-scale', 'fast'],
      ['--time-origin', 'yesterday'],
      ['--time-anchor', '1.5'],
    ].map((args) => ({ args, p: cli.run(['--port', '0', ...args]) }));
    for (const { args, p } of runs) {
      expect({ args, code: await p.exited }).toEqual({ args, code: 2 });
      expect(p.err()).toContain(`${args[0]!.split('=')[0]} must be`);
      expect(p.out()).not.toContain('listening');
    }
  });

  it('documents the flags in --help', async () => {
    const p = cli.run(['--help']);
    expect(await p.exited).toBe(0);
    for (const flag of ['--time-scale', '--time-origin', '--time-anchor', '--data-dir']) expect(p.out()).toContain(flag);
  });
});
