// POST /api/webhooks/tiktok: TikTok's signature checked on the exact bytes received (HMAC-SHA256 of
// `${t}.${body}` with the app's client secret, computed here with node:crypto), stale and replayed
// deliveries refused, a duplicate acknowledged without effect, and the event handed to the engine
// durably — then the emulator's own deliveries, signed by it, including its bad-signature and stale
// modes. On SQLite, and once on PostgreSQL.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, APP_SECRET, startHarness, type Harness } from './support/harness.js';
import { createPgSchema } from './support/postgres.js';
import { errorOf } from './support/posts.js';

const sign = (secret: string, t: number, body: string) => `t=${t},s=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
const nowSec = () => Math.floor(Date.now() / 1000);

/** An authorization.removed envelope written by hand, spacing and key order TikTok's own, not ours. */
const removedBody = (openId: string, createTime: number, clientKey = APP_KEY) =>
  `{"client_key":"${clientKey}",  "event":"authorization.removed","create_time":${createTime},"user_openid":"${openId}","content":"{\\"reason\\": 1 }"}`;

const deliver = (h: Harness, body: string, signature: string | undefined) =>
  h.request('POST', '/api/webhooks/tiktok', { key: false, raw: { payload: body, contentType: 'application/json' }, headers: signature === undefined ? {} : { 'TikTok-Signature': signature } });

async function processQueued(h: Harness): Promise<void> {
  const worker = h.engine.createWorker({ watchdog: false, kinds: ['webhook'] });
  try {
    await worker.whenIdle();
  } finally {
    await worker.stop();
  }
}

const countWebhookJobs = (h: Harness) => h.engine.store.jobs.count({ kind: 'webhook' });

describe('SQLite', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a valid delivery: 200 at once, recorded and queued durably, and its effect once processed', async () => {
    const account = await h.connectAccount();
    const createTime = nowSec();
    const body = removedBody(account.openId, createTime);
    const r = await deliver(h, body, sign(APP_SECRET, nowSec(), body));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, duplicate: false });
    // Durable before the answer: the event row and its job exist, nothing processed yet.
    expect(await countWebhookJobs(h)).toBe(1);
    expect((await h.engine.accounts.get(account.id)).status).toBe('active');
    await processQueued(h);
    const after = await h.engine.accounts.get(account.id);
    expect(after).toMatchObject({ status: 'needs_reconnect', statusReason: 'authorization_removed' });
  });

  it('refuses a bad, missing or malformed signature (401), a stale or future one (400), an unknown app (404) and a body that is not an envelope (400); nothing is queued', async () => {
    const account = await h.connectAccount();
    const body = removedBody(account.openId, nowSec());
    const jobs = await countWebhookJobs(h);
    const cases: Array<[string, string | undefined, number, string]> = [
      [body, sign('not-the-secret', nowSec(), body), 401, 'ERR_WEBHOOK_SIGNATURE'],
      [body, sign(APP_SECRET, nowSec(), `${body} `), 401, 'ERR_WEBHOOK_SIGNATURE'],
      [body, undefined, 401, 'ERR_WEBHOOK_SIGNATURE'],
      [body, 'sha256=abc', 401, 'ERR_WEBHOOK_SIGNATURE'],
      [body, sign(APP_SECRET, nowSec() - 301, body), 400, 'ERR_WEBHOOK_STALE'],
      [body, sign(APP_SECRET, nowSec() + 400, body), 400, 'ERR_WEBHOOK_STALE'],
      [removedBody(account.openId, nowSec(), 'aw_unknown_app'), sign(APP_SECRET, nowSec(), removedBody(account.openId, nowSec(), 'aw_unknown_app')), 404, 'ERR_WEBHOOK_UNKNOWN_APP'],
      ['not json at all', sign(APP_SECRET, nowSec(), 'not json at all'), 400, 'ERR_VALIDATION'],
    ];
    for (const [payload, signature, status, code] of cases) {
      const r = await deliver(h, payload, signature);
      expect(r.status, `${code} ${signature}`).toBe(status);
      expect(errorOf(r.body).code).toBe(code);
    }
    expect(await countWebhookJobs(h)).toBe(jobs);
    expect((await h.engine.accounts.get(account.id)).status).toBe('active');
    // The message says what is wrong, and never the secret.
    const stale = await deliver(h, body, sign(APP_SECRET, nowSec() - 301, body));
    expect(errorOf(stale.body).message).toBe("The signature's timestamp is more than 300 s from now; the delivery is refused as stale (check the server's clock if this repeats).");
  });

  it('a replay of the same signed delivery is refused (409); the same event delivered again under its own signature is acknowledged without effect', async () => {
    const account = await h.connectAccount();
    const body = removedBody(account.openId, nowSec());
    const t = nowSec();
    const first = await deliver(h, body, sign(APP_SECRET, t, body));
    expect(first.status).toBe(200);
    const jobs = await countWebhookJobs(h);

    const replay = await deliver(h, body, sign(APP_SECRET, t, body));
    expect(replay.status).toBe(409);
    expect(errorOf(replay.body).code).toBe('ERR_WEBHOOK_REPLAYED');

    const redelivery = await deliver(h, body, sign(APP_SECRET, t - 1, body));
    expect(redelivery.status).toBe(200);
    expect(redelivery.body).toEqual({ ok: true, duplicate: true });
    expect(await countWebhookJobs(h)).toBe(jobs);
    await processQueued(h);
    expect((await h.engine.accounts.get(account.id)).status).toBe('needs_reconnect');
  });

  it("the emulator's own deliveries: accepted when signed right; its bad-signature and stale modes refused, and retried by it", async () => {
    const account = await h.connectAccount();
    await h.emu.admin.settings({ webhook_bad_signature: true });
    await h.emu.admin.revoke(account.openId, { client_key: APP_KEY, reason: 1 });
    await h.emu.idle();
    await h.emu.admin.settings({ webhook_bad_signature: false, webhook_stale_seconds: 600 });
    const other = await h.connectAccount();
    await h.emu.admin.revoke(other.openId, { client_key: APP_KEY, reason: 1 });
    await h.emu.idle();
    await h.emu.admin.settings({ webhook_stale_seconds: 0 });
    const good = await h.connectAccount();
    await h.emu.admin.revoke(good.openId, { client_key: APP_KEY, reason: 5 });
    await h.emu.idle();

    const deliveries = (await h.emu.admin.webhooks()) as Array<{ body: string; attempts: Array<{ status?: number }>; delivered: boolean }>;
    const of = (openId: string) => deliveries.find((d) => d.body.includes(openId))!;
    expect(of(account.openId).attempts[0]!.status).toBe(401);
    expect(of(account.openId).delivered).toBe(false);
    expect(of(other.openId).attempts[0]!.status).toBe(400);
    expect(of(good.openId).attempts.map((a) => a.status)).toEqual([200]);
    await processQueued(h);
    expect((await h.engine.accounts.get(good.id)).status).toBe('needs_reconnect');
    expect((await h.engine.accounts.get(account.id)).status).toBe('active');
    expect((await h.engine.accounts.get(other.id)).status).toBe('active');
  });

  it('keeps the bytes whatever the content type; a body over 64 KiB is a 413', async () => {
    // A missing, empty or malformed Content-Type too: the signature covers the bytes, not the header.
    for (const contentType of ['application/json; charset=utf-8', 'text/plain', '', 'ünïcode/☃', 'application/octet-stream']) {
      const account = await h.connectAccount();
      const body = removedBody(account.openId, nowSec());
      const r = await h.request('POST', '/api/webhooks/tiktok', { key: false, raw: { payload: body, contentType }, headers: { 'tiktok-signature': sign(APP_SECRET, nowSec(), body) } });
      expect(r.status, contentType).toBe(200);
    }
    const big = `{"client_key":"${APP_KEY}","pad":"${'x'.repeat(70_000)}"}`;
    const r = await deliver(h, big, sign(APP_SECRET, nowSec(), big));
    expect(r.status).toBe(413);
    expect(errorOf(r.body).code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });

  it('accepts an event whose content holds integers past 2^63 (kept as their exact digits), where JSON.stringify would throw', async () => {
    const content = '{"post_id":73123456789012345678901,"nested":[{"id":18446744073709551616}]}';
    const body = `{"client_key":"${APP_KEY}","event":"some.future.event","create_time":${nowSec()},"content":${JSON.stringify(content)}}`;
    const r = await deliver(h, body, sign(APP_SECRET, nowSec(), body));
    expect(r.status, r.text).toBe(200);
    const db = new BetterSqlite3(join(h.config.dataDir, 'tokpost.db'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare(`select payload from webhook_events where event = 'some.future.event'`).get() as { payload: string };
      expect(JSON.parse(row.payload)).toMatchObject({ type: 'unknown', content: { post_id: '73123456789012345678901', nested: [{ id: '18446744073709551616' }] } });
    } finally {
      db.close();
    }
  });

  it('no log line carries the client secret or a signature', async () => {
    const text = h.logLines.join('');
    expect(text).not.toContain(APP_SECRET);
    expect(text).not.toMatch(/s=[0-9a-f]{64}/);
  });
});

describe('PostgreSQL', () => {
  let h: Harness | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await h?.close();
    await drop?.();
  });

  it('accepts a signed delivery once, refuses its replay, acknowledges a redelivery', async () => {
    const schema = await createPgSchema();
    drop = schema.drop;
    h = await startHarness({ databaseUrl: schema.databaseUrl });
    const account = await h.connectAccount();
    const body = removedBody(account.openId, nowSec());
    const t = nowSec();
    expect((await deliver(h, body, sign(APP_SECRET, t, body))).status).toBe(200);
    expect((await deliver(h, body, sign(APP_SECRET, t, body))).status).toBe(409);
    expect((await deliver(h, body, sign(APP_SECRET, t + 1, body))).body).toEqual({ ok: true, duplicate: true });
    await processQueued(h);
    expect((await h.engine.accounts.get(account.id)).status).toBe('needs_reconnect');
  });
});
