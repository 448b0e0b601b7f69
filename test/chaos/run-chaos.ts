// One chaos run (docs/reliability.md): a fresh PostgreSQL database on a cluster of the run's own,
// restarted mid-run (where there can be none: on the shared server, behind a TCP proxy that is
// cut), the emulator bin over real HTTP, one `tokpost serve --no-worker` and N `tokpost worker`
// processes, all on one scaled clock. The plan (./plan.ts) is carried out on TikTok time: posts due
// over the span, faults on every posting call, SIGKILLs and restarts, revocations and reconnects,
// the PostgreSQL restart. At the end the engine's posts are compared with the emulator's ground
// truth, and every log line, API response and notification is scanned for secrets.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createAdminClient, type AdminClient } from '@tokpost/tiktok-emulator';
import { freePort } from '@tokpost/server';
import { createScaledClock, type Clock } from '@tokpost/tiktok';
import { createEngine, createIdFactory, openStore, type Engine, type Store } from '../../packages/engine/src/index.js';
import { ffmpegFixture, goodMp4 } from '../support/fixtures.js';
import { startPgProxy, type PgProxy } from '../support/pg-proxy.js';
import { createPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { startEmulatorProcess, type EmulatorProcess } from '../support/processes.js';
import { findSecrets } from '../support/secret-scan.js';
import { buildPlan, planDigest, type ChaosOptions, type ChaosPlan } from './plan.js';
import { startTokpost, type TokpostProcess } from './processes.js';

export interface ChaosRunOptions extends ChaosOptions {
  /** TikTok milliseconds per real millisecond. */
  factor: number;
  /**
   * PostgreSQL server the run creates its database on when it cannot have a cluster of its own
   * (test/support/private-postgres.ts); then the planned restart is a cut of every connection.
   */
  postgresUrl: string;
  /** Real milliseconds without any post moving before the run gives up waiting. */
  stallRealMs: number;
  /** How long TikTok's moderation holds each post (TikTok ms). */
  moderationDelayMs: number;
  /** Progress lines. */
  log: (line: string) => void;
}

export interface ChaosFigures {
  seed: number;
  digest: string;
  posts: number;
  accounts: number;
  workers: number;
  spanMs: number;
  factor: number;
  realSeconds: number;
  /** How PostgreSQL went away mid-run: the restart command, or the proxy cut. */
  postgresOutage: string;
  lost: number;
  publishedTwice: number;
  nonTerminal: number;
  disagreeing: number;
  secretsFound: number;
  latenessP50Ms: number | undefined;
  latenessP99Ms: number | undefined;
  latenessCounted: number;
  /** Still scheduled at the end, moved to the next free slot by a TikTok cap. */
  heldByCaps: number;
  /** Failed on creators moderation accepts: TikTok failed every try (faulted pulls, expired windows). */
  failedUnderFaults: number;
  published: number;
  failed: number;
  kills: number;
  faultsInjected: number;
  webhooksDelivered: number;
  linesScanned: number;
  details: string[];
}

const APP = { client_key: 'aw_chaos_app', client_secret: `chaos-secret-${randomBytes(6).toString('hex')}` };
const OTHER_APP = { client_key: 'aw_other_app', client_secret: `other-secret-${randomBytes(6).toString('hex')}` };
const SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];
const SETTLED = new Set(['published', 'failed', 'cancelled', 'missed']);
const OTHER_APP_POSTS = 5;

const quantile = (xs: number[], q: number): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/**
 * fetch that tries again when the connection breaks before an answer (a busy emulator closing a
 * kept-alive socket): the run's own calls must not end it. Answers, errors included, pass through.
 */
async function steadyFetch(url: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  for (let tries = 1; ; tries++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      if (tries >= 6) throw e;
      await new Promise((r) => setTimeout(r, 250 * tries));
    }
  }
}

/** Receives tokpost's notification webhooks, keeping every body for the secrets scan. */
async function startNotificationSink(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(`${JSON.stringify(req.headers)} ${body}`);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hook`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

/** The other app's own direct inits for one creator: they count against the creator's daily posts. */
async function useUpCapFromOtherApp(emuUrl: string, admin: AdminClient, openId: string, redirect: string): Promise<void> {
  const { code } = await admin.consent({ client_key: OTHER_APP.client_key, open_id: openId, scopes: SCOPES, redirect_uri: redirect });
  const tokenRes = await steadyFetch(`${emuUrl}/v2/oauth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_key: OTHER_APP.client_key, client_secret: OTHER_APP.client_secret, code, grant_type: 'authorization_code', redirect_uri: redirect }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  for (let i = 0; i < OTHER_APP_POSTS; ) {
    const res = await steadyFetch(`${emuUrl}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ post_info: { title: `other app ${i}`, privacy_level: 'SELF_ONLY' }, source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 } }),
    });
    const json = (await res.json()) as { error?: { code?: string } };
    if (res.ok && json.error?.code === 'ok') i++;
    else await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runChaos(o: ChaosRunOptions): Promise<ChaosFigures> {
  const startedReal = Date.now();
  const plan: ChaosPlan = buildPlan(o);
  const digest = planDigest(plan);
  o.log(`chaos: seed ${o.seed}, plan ${digest}: ${o.posts} posts, ${o.accounts} accounts, ${o.workers} workers, ${(o.spanMs / 3_600_000).toFixed(1)} h at ×${o.factor}`);
  const lines: string[] = [];
  const onLine = (source: string, line: string) => lines.push(`${source}: ${line}`);
  const tmp = mkdtempSync(join(tmpdir(), 'tokpost-chaos-'));
  const dbName = `tokpost_chaos_${o.seed}_${process.pid}_${Date.now().toString(36)}`;
  // A cluster of the run's own, restarted for real mid-run; else the shared server behind the cut.
  const privatePg = await createPrivatePostgres();
  const cluster: PrivatePostgres | undefined = 'unavailable' in privatePg ? undefined : privatePg;
  const postgresOutage = 'unavailable' in privatePg ? `every connection cut through a proxy (no private cluster: ${privatePg.unavailable})` : privatePg.restartCommand;
  o.log(`chaos: PostgreSQL outage: ${postgresOutage}`);
  const pgUrl = cluster?.url ?? o.postgresUrl;
  const server = new URL(pgUrl);
  const adminDbUrl = new URL(pgUrl);
  adminDbUrl.pathname = '/postgres';
  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${dbName}`;

  let proxy: PgProxy | undefined;
  let emu: EmulatorProcess | undefined;
  let store: Store | undefined;
  let sink: Awaited<ReturnType<typeof startNotificationSink>> | undefined;
  let serve: TokpostProcess | undefined;
  const workers: Array<TokpostProcess | undefined> = [];
  const restarts: Array<Promise<void>> = [];
  try {
    const pgAdmin = new pg.Client({ connectionString: adminDbUrl.toString() });
    await pgAdmin.connect();
    await pgAdmin.query(`create database ${dbName}`);
    await pgAdmin.end();
    proxy = await startPgProxy({ host: server.hostname, port: Number(server.port || 5432) });

    // One clock for every process: the same origin, anchor and factor.
    const time = { originMs: Date.UTC(2026, 6, 6, 6), anchorRealMs: Date.now(), factor: o.factor };
    const clock: Clock = createScaledClock(time);
    const tiktokMs = (real: number) => Math.round(real * o.factor);
    emu = await startEmulatorProcess(['--time-scale', String(o.factor), '--time-origin', String(time.originMs), '--time-anchor', String(time.anchorRealMs), '--data-dir', join(tmp, 'emulator')]);
    emu.child.stderr?.on('data', (d: Buffer) => onLine('emulator stderr', d.toString()));
    const admin = createAdminClient((url, init) => steadyFetch(url, init), () => emu!.url);

    const port = await freePort('127.0.0.1');
    const publicUrl = `http://127.0.0.1:${port}`;
    const redirect = `${publicUrl}/api/oauth/tiktok/callback`;
    const key = randomBytes(32).toString('hex');
    // Engine timings in real terms, whatever the factor: leases, heartbeats, the catch-up window,
    // the wait for an init's lost answer, the rate-limit margin.
    const engineSettings = {
      leaseMs: tiktokMs(10_000),
      heartbeatMs: tiktokMs(2_000),
      workerDeadAfterMs: tiktokMs(60_000),
      watchdogIntervalMs: tiktokMs(5_000),
      catchUpGraceMs: tiktokMs(120_000),
      unknownOutcomeWaitMs: tiktokMs(60_000),
      rateLimitMarginMs: tiktokMs(300),
      stuckScheduledMs: tiktokMs(60_000),
      stuckPublishingMs: tiktokMs(120_000),
      // TikTok re-sends a failed webhook with its first signature: five real minutes, as unscaled.
      webhookToleranceMs: tiktokMs(300_000),
    };
    const env: Record<string, string> = {
      DATABASE_URL: proxy.urlFor(dbUrl.toString()),
      TOKPOST_ENCRYPTION_KEY: key,
      TIKTOK_CLIENT_KEY: APP.client_key,
      TIKTOK_CLIENT_SECRET: APP.client_secret,
      TIKTOK_AUDITED: 'true',
      TIKTOK_API_BASE_URL: emu.url,
      TIKTOK_AUTH_BASE_URL: emu.url,
      TOKPOST_PORT: String(port),
      TOKPOST_PUBLIC_URL: publicUrl,
      TOKPOST_MEDIA_PREFIX: `${publicUrl}/media/`,
      TOKPOST_DATA_DIR: join(tmp, 'data'),
      TOKPOST_LOG_LEVEL: 'info',
      TOKPOST_TIME_SCALE: String(o.factor),
      TOKPOST_TIME_ORIGIN: String(time.originMs),
      TOKPOST_TIME_ANCHOR: String(time.anchorRealMs),
      TOKPOST_ENGINE_SETTINGS: JSON.stringify(engineSettings),
    };
    const startServe = () => startTokpost('serve', ['serve', '--no-worker', '--json'], env, onLine);
    const startWorker = (i: number) => startTokpost(`worker-${i}`, ['worker', '--json'], env, onLine);

    await admin.createApp({ ...APP, redirect_uris: [redirect], audited: true, verified_url_prefixes: [`${publicUrl}/media/`], webhook_url: `${publicUrl}/api/webhooks/tiktok` });
    await admin.createApp({ ...OTHER_APP, redirect_uris: [redirect], audited: true });
    // Moderation takes hours; every webhook may come twice.
    await admin.settings({ processing_delay_ms: 3_000, moderation_delay_ms: o.moderationDelayMs, webhook_duplicates: true });
    serve = await startServe();

    // The run's own view of the store (direct, not through the proxy): setup, progress, the end.
    store = await openStore({ databaseUrl: dbUrl.toString(), encryptionKey: Buffer.from(key, 'hex'), ids: createIdFactory() });
    const engine: Engine = createEngine({ store, clock, tiktok: { baseUrls: emu.url, redirectUri: redirect }, settings: { mediaBaseUrl: `${publicUrl}/media/` } });
    const app = (await engine.apps.getByClientKey(APP.client_key))!;
    const apiKey = (await engine.apiKeys.create({ name: 'chaos' })).key;
    sink = await startNotificationSink();
    const hook = await engine.notifications.endpoints.create({ kind: 'webhook', url: sink.url });

    const video = await engine.media.register({ path: await goodMp4() });
    const photos: Array<{ id: string }> = [];
    for (const n of [1, 2]) photos.push(await engine.media.register({ path: await ffmpegFixture(`chaos-photo-${n}.jpg`, ['-f', 'lavfi', '-i', `testsrc2=size=1080x1350:rate=1:duration=${n}`, '-frames:v', '1', '-q:v', '5']) }));

    const openIds: string[] = [];
    const accountIds: string[] = [];
    for (const a of plan.accounts) {
      const { open_id } = await admin.createCreator({ username: `chaos.${a.index}`, moderation: a.rejected ? 'spam_risk' : 'approve', ...(a.capUsedByOtherApp ? { daily_post_cap: OTHER_APP_POSTS } : {}) });
      const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: SCOPES, redirect_uri: redirect });
      openIds.push(open_id);
      accountIds.push((await engine.accounts.connectWithCode({ appId: app.id, code })).account.id);
      if (a.capUsedByOtherApp) await useUpCapFromOtherApp(emu.url, admin, open_id, redirect);
    }
    workers.push(...(await Promise.all(Array.from({ length: o.workers }, (_, i) => startWorker(i)))));
    // The span starts once every post can be created ahead of its time (8 at a time, up to about
    // 40 real ms each on a busy 2-core machine).
    const t0 = clock.now() + tiktokMs(3_000 + 40 * plan.posts.length);
    const queue = [...plan.posts].sort((a, b) => a.dueAt - b.dueAt);
    const createNext = async (): Promise<void> => {
      const p = queue.shift();
      if (!p) return;
      await engine.posts.create({
        accountId: accountIds[p.account]!,
        mediaIds: p.kind === 'photo' ? photos.map((x) => x.id) : [video.id],
        source: p.source,
        mode: p.mode,
        title: p.title,
        privacyLevel: p.privacy,
        scheduledAt: t0 + p.dueAt,
      });
      return createNext();
    };
    await Promise.all(Array.from({ length: 8 }, createNext));
    if (clock.now() > t0) o.log(`chaos: post creation overran the span's start by ${((clock.now() - t0) / 60_000).toFixed(1)} TikTok minutes`);
    for (const f of plan.faults) await admin.addFault(f);
    o.log(`chaos: setup done in ${((Date.now() - startedReal) / 1000).toFixed(1)} s real; span starts`);

    // The plan's events on TikTok time, in order.
    type Action = { at: number; what: string; run: () => Promise<void> };
    // The first failure of an event or a restart; the progress loop ends the run with it.
    let runError: unknown;
    const actions: Action[] = [];
    for (const k of plan.kills) {
      const name = k.target === 'serve' ? 'serve' : `worker-${k.target.worker}`;
      actions.push({
        at: k.at,
        what: `SIGKILL ${name}`,
        run: async () => {
          const w = k.target === 'serve' ? undefined : k.target.worker;
          const proc = w === undefined ? serve : workers[w];
          if (!proc) return;
          await proc.kill();
          if (w === undefined) serve = undefined;
          else workers[w] = undefined;
          const restart = (async () => {
            await new Promise((r) => setTimeout(r, k.downForRealMs));
            // A start can meet the PostgreSQL cut: try again.
            for (let tries = 1; ; tries++) {
              try {
                if (w === undefined) serve = await startServe();
                else workers[w] = await startWorker(w);
                return;
              } catch (e) {
                if (tries >= 5) throw e;
                await new Promise((r) => setTimeout(r, 1_000));
              }
            }
          })();
          // Awaited at the end; a failure ends the run at the next progress round.
          restart.catch((e: unknown) => (runError ??= e));
          restarts.push(restart);
        },
      });
    }
    actions.push(
      cluster
        ? { at: plan.pgOutage.at, what: `PostgreSQL restarted (${cluster.restartCommand})`, run: () => cluster.restart() }
        : { at: plan.pgOutage.at, what: 'PostgreSQL connections cut', run: async () => proxy!.cut(plan.pgOutage.refuseRealMs) },
    );
    for (const a of plan.accounts) {
      if (!a.revocation) continue;
      actions.push({ at: a.revocation.at, what: `revoke chaos.${a.index}`, run: async () => void (await admin.revoke(openIds[a.index]!, { client_key: APP.client_key, reason: 1 })) });
      actions.push({
        at: a.revocation.reconnectAt,
        what: `reconnect chaos.${a.index}`,
        run: async () => {
          for (let tries = 0; ; tries++) {
            try {
              const { code } = await admin.consent({ client_key: APP.client_key, open_id: openIds[a.index]!, scopes: SCOPES, redirect_uri: redirect });
              await engine.accounts.connectWithCode({ appId: app.id, code });
              return;
            } catch (e) {
              if (tries >= 5) throw e;
            }
          }
        },
      });
    }
    actions.sort((a, b) => a.at - b.at);
    let kills = 0;
    const runActions = (async () => {
      for (const a of actions) {
        const wait = t0 + a.at - clock.now();
        if (wait > 0) await clock.sleep(wait);
        await a.run();
        if (a.what.startsWith('SIGKILL')) kills += 1;
        o.log(`chaos: +${((clock.now() - t0) / 3_600_000).toFixed(2)} h ${a.what}`);
      }
    })();

    // Until the span is over, every planned event has run, and every post has settled (or
    // nothing moved for stallRealMs). Creators finish their inbox drafts in the TikTok app.
    const completed = new Set<string>();
    let lastChange = Date.now();
    let lastSignature = '';
    let actionsDone = false;
    runActions.then(
      () => (actionsDone = true),
      (e: unknown) => (runError ??= e),
    );
    for (;;) {
      await new Promise((r) => setTimeout(r, 1_000));
      if (runError !== undefined) throw runError;
      // The run's own reads meet the PostgreSQL restart too: the next round reads again.
      const posts = await engine.posts.list().catch(() => undefined);
      if (!posts) continue;
      for (const p of posts) {
        if (p.state === 'inbox_pending' && p.publishId && !completed.has(p.publishId)) {
          try {
            await admin.completeInbox(p.publishId, { title: p.title });
            completed.add(p.publishId);
          } catch {
            // Not ready yet (still processing): next round.
          }
        }
      }
      const open = posts.filter((p) => !SETTLED.has(p.state));
      const signature = posts.map((p) => p.state).join(',');
      if (signature !== lastSignature) {
        lastSignature = signature;
        lastChange = Date.now();
      }
      // Past the span, and past the latest publish, by TikTok's moderation delay and a margin: a
      // published post may still be taken down, and one the faults made hours late is no exception.
      const lastPublished = posts.reduce((m, p) => Math.max(m, p.publishedAt ?? 0), t0 + o.spanMs);
      const spanOver = clock.now() > lastPublished + o.moderationDelayMs + 3_600_000;
      if (actionsDone && spanOver && open.length === 0) break;
      if (actionsDone && spanOver && Date.now() - lastChange > o.stallRealMs) break;
      if (Date.now() - lastChange > o.stallRealMs * 3) throw new Error(`the run stalled before its end: ${open.length} posts open`);
    }
    await runActions;
    await Promise.all(restarts);

    // The REST API's answers, scanned with the rest.
    const api = async (path: string) => {
      const res = await steadyFetch(`${publicUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
      const text = await res.text();
      lines.push(`api ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    for (let cursor: string | null = null, pages = 0; pages < 100; pages++) {
      const page = await api(`/api/posts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = (page['nextCursor'] as string | null | undefined) ?? null;
      if (!cursor) break;
    }
    await api('/api/accounts');
    await api('/api/apps');
    await api('/api/notification-endpoints');
    await api('/api/events?limit=100');
    const engPosts = await engine.posts.list();
    for (const p of engPosts.slice(0, 50)) await api(`/api/posts/${p.id}`);

    // Ground truth.
    const truth = (await admin.posts()).filter((t) => t.client_key === APP.client_key);
    const perTitle = new Map<string, typeof truth>();
    for (const t of truth) perTitle.set(t.title, [...(perTitle.get(t.title) ?? []), t]);
    const details: string[] = [];
    let lost = 0;
    let twice = 0;
    let nonTerminal = 0;
    let disagreeing = 0;
    let heldByCaps = 0;
    let failedUnderFaults = 0;
    const lateness: number[] = [];
    const engByTitle = new Map(engPosts.map((p) => [p.title, p]));
    for (const planned of plan.posts) {
      const p = engByTitle.get(planned.title);
      const onTikTok = perTitle.get(planned.title) ?? [];
      if (!p) {
        lost += 1;
        details.push(`lost: ${planned.title} is not in tokpost`);
        continue;
      }
      if (onTikTok.length > 1) {
        twice += 1;
        details.push(`published twice: ${planned.title} (${onTikTok.length} TikTok posts)`);
      }
      // Moved past the run's end by one of TikTok's caps (drafts left pending by orphaned inbox
      // inits count too): TikTok's rules, not a loss, as long as TikTok has no post for it.
      if (p.state === 'scheduled' && /_cap_reached(_elsewhere)?$/.test(p.stateReason ?? '') && onTikTok.length === 0) {
        heldByCaps += 1;
        continue;
      }
      if (!SETTLED.has(p.state)) {
        nonTerminal += 1;
        details.push(`non-terminal: ${planned.title} ${p.state} ${p.stateReason ?? ''} ${p.stateMessage ?? ''}`);
        continue;
      }
      const pub = p.publishId ? await admin.publish(p.publishId).catch(() => undefined) : undefined;
      const live = onTikTok.filter((t) => !t.removed);
      const account = plan.accounts[planned.account]!;
      if (p.state === 'published') {
        if (live.length === 0) {
          if (onTikTok.length === 0) lost += 1;
          disagreeing += 1;
          details.push(`disagrees: ${planned.title} published in tokpost, ${onTikTok.length === 0 ? 'absent' : 'taken down'} on TikTok (${String(pub?.['status'])} ${String(pub?.['fail_reason'] ?? '')})`);
        }
      } else if (p.state === 'failed') {
        const reason = pub?.['fail_reason'];
        if (live.length > 0 || (pub?.['status'] === 'FAILED' && reason && p.stateReason !== reason)) {
          disagreeing += 1;
          details.push(`disagrees: ${planned.title} failed in tokpost (${p.stateReason}), TikTok: ${String(pub?.['status'])} ${String(reason ?? '')}, ${live.length} live`);
        }
        // Failed without TikTok's word (no FAILED publish behind it): tokpost gave the post up on its own.
        if (onTikTok.length === 0 && pub?.['status'] !== 'FAILED' && p.stateReason !== 'publish_retries_exhausted') {
          lost += 1;
          details.push(`lost: ${planned.title} failed (${p.stateReason}: ${p.stateMessage}) without TikTok failing it`);
        }
        if (!account.rejected) failedUnderFaults += 1;
      } else {
        disagreeing += 1;
        details.push(`unexpected: ${planned.title} ${p.state} ${p.stateReason ?? ''}`);
      }
      // Lateness of posts TikTok's rules did not hold back (caps, a revoked grant).
      const heldByRevocation = account.revocation && planned.dueAt >= account.revocation.at - tiktokMs(5_000) && planned.dueAt <= account.revocation.reconnectAt + tiktokMs(5_000);
      if (pub && typeof pub['created_at'] === 'number' && !account.capUsedByOtherApp && !heldByRevocation) lateness.push((pub['created_at'] as number) - (t0 + planned.dueAt));
    }

    // Secrets: everything printed, answered and notified, against every secret handed out.
    const accounts = await store.accounts.list({});
    const known = [APP.client_secret, OTHER_APP.client_secret, key, apiKey, hook.secret ?? undefined, ...accounts.flatMap((a) => [a.accessToken, a.refreshToken])];
    for (const s of [serve, ...workers]) await s?.stop();
    serve = undefined;
    workers.length = 0;
    const scanned = [...lines, ...sink.bodies.map((b) => `notification: ${b}`)];
    const secrets = findSecrets(scanned, known);
    for (const f of secrets.slice(0, 5)) details.push(`secret: ${f.what} in ${f.line.slice(0, 200)}`);

    const requests = await admin.requests();
    const deliveries = await admin.webhooks();
    return {
      seed: o.seed,
      digest,
      posts: o.posts,
      accounts: o.accounts,
      workers: o.workers,
      spanMs: o.spanMs,
      factor: o.factor,
      realSeconds: Math.round((Date.now() - startedReal) / 1000),
      postgresOutage,
      lost,
      publishedTwice: twice,
      nonTerminal,
      disagreeing,
      secretsFound: secrets.length,
      latenessP50Ms: quantile(lateness, 0.5),
      latenessP99Ms: quantile(lateness, 0.99),
      latenessCounted: lateness.length,
      heldByCaps,
      failedUnderFaults,
      published: engPosts.filter((p) => p.state === 'published').length,
      failed: engPosts.filter((p) => p.state === 'failed').length,
      kills,
      faultsInjected: requests.filter((r) => r.fault).length,
      webhooksDelivered: deliveries.filter((d) => d['delivered'] === true).length,
      linesScanned: scanned.length,
      details,
    };
  } catch (e) {
    // A run that breaks leaves its processes' output behind, with the secrets masked, for the why.
    const known = [APP.client_secret, OTHER_APP.client_secret];
    const file = join(tmpdir(), `tokpost-chaos-${o.seed}-${process.pid}.log`);
    writeFileSync(file, lines.map((l) => known.reduce((t, k) => t.split(k).join('[secret]'), l)).join('\n'));
    const exits = lines.filter((l) => / exit: /.test(l)).slice(-10);
    throw new Error(`${e instanceof Error ? e.message : String(e)}; process exits: ${exits.join(' | ') || 'none'}; output of every process in ${file}`, { cause: e });
  } finally {
    await Promise.allSettled(restarts);
    for (const s of [serve, ...workers]) await s?.kill();
    await store?.close();
    await sink?.close();
    await emu?.stop();
    await proxy?.close();
    if (cluster) await cluster.drop();
    else {
      const pgAdmin = new pg.Client({ connectionString: adminDbUrl.toString() });
      await pgAdmin.connect();
      await pgAdmin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await pgAdmin.end();
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}
