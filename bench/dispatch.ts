// Dispatch under a burst: 10,000 posts across 2,000 accounts, all due in the same second, published
// by engine workers in their own processes through the emulator (a separate process, over real
// HTTP), with 0 and 50 ms added to every TikTok call. Runs on SQLite with 1 worker and on
// PostgreSQL with 1 and 4 workers, and prints per run:
//   - the time until every post's init was sent, and p50/p99 lateness from due time to init
//     (all posts, and each account's first post),
//   - TikTok calls per post by endpoint, 429s received, duplicates (posts TikTok got twice, and
//     posts with more than one successful init),
//   - peak RSS of every worker process and of the emulator.
// Goals (docs/architecture.md §3.3): p99 lateness of each account's first post ≤ 1 s on PostgreSQL
// with 4 workers, 0 × 429, 0 duplicates, ≤ 3 non-upload calls per post before status (token
// refresh excluded), RSS ≤ 300 MB per worker. The figures say what is reached.
//
// Every post is a FILE_UPLOAD direct post of a small MP4, so each one also uploads. An account's
// posts go out one at a time (one unit of work per account in flight), so the burst is limited by
// accounts in parallel × per-call latency and by CPU.
//
// The workers' clock is the real one shifted so that the posts, created beforehand, come due just
// after the workers start: lateness measures dispatch, not how long the setup took.
//
// Reproduce: npm run build && npm run bench:dispatch
//   (POSTS=2000 ACCOUNTS=400 RUNS=pg4 LATENCIES=50 for a quicker run; CONCURRENCY=32 per worker)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminClient, type AdminClient } from '@tokpost/tiktok-emulator';
import { createEngine, createIdFactory, openStore, type Engine, type Store } from '@tokpost/engine';
import { goodMp4 } from '../test/support/fixtures.js';
import { startWorkerProcess, type WorkerProcess, type WorkerProcessConfig } from '../test/support/processes.js';
import { createTestDatabase, type TestDatabase } from '../packages/engine/test/support/databases.js';
import { mib, startEmulatorProcess, type EmulatorProcess } from './support.js';

const POSTS = Number(process.env.POSTS ?? '10000');
const ACCOUNTS = Number(process.env.ACCOUNTS ?? '2000');
const CONCURRENCY = Number(process.env.CONCURRENCY ?? '32');
const LATENCIES = (process.env.LATENCIES ?? '0,50').split(',').map(Number);
const RUNS = (process.env.RUNS ?? 'sqlite1,pg1,pg4').split(',');
const KEY = createHash('sha256').update('dispatch bench key').digest();
const APP = { client_key: 'aw_dispatch', client_secret: 'dispatch-bench-secret', redirect: 'https://bench.tokpost.test/cb' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Posts are due this long after the workers' clock starts, so every worker is claiming by then.
const LEAD_MS = 3_000;

interface RunSpec {
  name: string;
  dialect: 'sqlite' | 'postgres';
  workers: number;
  latencyMs: number;
}

interface Figures {
  run: string;
  allInitsS: number;
  p50S: number;
  p99S: number;
  firstP50S: number;
  firstP99S: number;
  callsPerPost: Record<string, number>;
  nonUploadBeforeStatus: number;
  http429: number;
  duplicates: number;
  workerRss: number[];
  workerMemoryAtEnd: unknown[];
  emulatorRss: number;
  workerCpuS: number[];
  emulatorCpuS: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function setUp(engine: Engine, admin: AdminClient): Promise<void> {
  await admin.createApp({ client_key: APP.client_key, client_secret: APP.client_secret, redirect_uris: [APP.redirect] });
  // Status answers come quickly; the bench ends once every init is sent.
  await admin.settings({ processing_delay_ms: 1_000, moderation_delay_ms: 1_000 });
  const app = await engine.apps.create({ clientKey: APP.client_key, clientSecret: APP.client_secret, audited: true });
  // A small clip (about 100 KB): the bench measures dispatch, not upload bandwidth (bench/client-upload.ts does).
  const video = await engine.media.register({ path: await goodMp4({ width: 360, height: 640, seconds: 1 }) });
  const accountIds: string[] = [];
  await inParallel(
    Array.from({ length: ACCOUNTS }, (_, i) => i),
    16,
    async (i) => {
      const { open_id } = await admin.createCreator({ username: `dispatch.${i}`, daily_post_cap: 100 });
      const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic', 'video.publish', 'video.upload'], redirect_uri: APP.redirect });
      accountIds[i] = (await engine.accounts.connectWithCode({ appId: app.id, code })).account.id;
    },
  );
  // Posts are made account by account, so no creation order favours anyone's first post.
  const due = engine.clock.now() + 30 * 60_000;
  const perAccount = Math.ceil(POSTS / ACCOUNTS);
  const inputs = [];
  for (let a = 0; a < ACCOUNTS; a++) for (let p = 0; p < perAccount && inputs.length < POSTS; p++) inputs.push({ a, title: `dispatch-${a}-${p}` });
  await inParallel(inputs, 8, async ({ a, title }) => {
    await engine.posts.create({ accountId: accountIds[a]!, mediaIds: [video.id], source: 'FILE_UPLOAD', title, privacyLevel: 'PUBLIC_TO_EVERYONE', scheduledAt: due });
  });
}

async function measure(spec: RunSpec): Promise<Figures> {
  const run = `${spec.name} (${spec.latencyMs} ms)`;
  process.stdout.write(`\n${run}: setting up ${ACCOUNTS} accounts and ${POSTS} posts…\n`);
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  let emu: EmulatorProcess | undefined;
  let store: Store | undefined;
  let workers: WorkerProcess[] = [];
  try {
    emu = await startEmulatorProcess();
    // Setting up thousands of posts leaves the admin connection idle long enough for the emulator to
    // close it; a call that meets the closed socket never reached the emulator, so it is sent again.
    const admin = createAdminClient((url, init) => fetch(url, init).catch(() => fetch(url, init)), () => emu!.url);
    if (spec.dialect === 'postgres') db = await createTestDatabase('postgres');
    else dataDir = mkdtempSync(join(tmpdir(), 'tokpost-dispatch-'));
    store = await openStore({ databaseUrl: db?.databaseUrl, sqlitePath: dataDir ? join(dataDir, 'tokpost.db') : undefined, encryptionKey: KEY, ids: createIdFactory() });
    const engine = createEngine({ store, tiktok: { baseUrls: emu.url, redirectUri: APP.redirect } });
    await setUp(engine, admin);
    const due = (await engine.posts.list({ limit: 1 }))[0]!.scheduledAt!;
    if (spec.latencyMs > 0) await admin.addFault({ endpoint: '*', kind: 'delay', probability: 1, delay_ms: spec.latencyMs });
    const requestsBefore = (await admin.requests()).length;

    // The workers' clock reads `due - LEAD_MS` now.
    const time = { originMs: due - LEAD_MS, anchorRealMs: Date.now(), factor: 1 };
    const realDue = time.anchorRealMs + LEAD_MS;
    const config: WorkerProcessConfig = { databaseUrl: db?.databaseUrl, dataDir, encryptionKey: KEY.toString('hex'), tiktokUrl: emu.url, redirectUri: APP.redirect, time, concurrency: CONCURRENCY, pollMs: 200 };
    workers = await Promise.all(Array.from({ length: spec.workers }, () => startWorkerProcess(config)));
    if (Date.now() > realDue) process.stdout.write(`  (the workers took ${Date.now() - time.anchorRealMs} ms to start, longer than the ${LEAD_MS} ms lead)\n`);

    // Until every post has an init on record (or nothing moved for a minute).
    const inits = async () => (await store!.attempts.list({ kind: 'init' })).filter((x) => x.postId);
    let seen = 0;
    for (let still = 0; still < 120; ) {
      await sleep(500);
      const n = new Set((await inits()).map((x) => x.postId)).size;
      if (n >= POSTS) break;
      still = n === seen ? still + 1 : 0;
      seen = n;
    }
    const workerCpu = workers.map((w) => w.cpuSeconds());
    const emulatorCpu = emu.cpuSeconds();
    const stats = await Promise.all(workers.map(async (w) => (await w.stop(), w.stats())));
    workers = [];

    const all = await inits();
    const firstInit = new Map<string, number>();
    const okInits = new Map<string, number>();
    for (const x of all) {
      firstInit.set(x.postId!, Math.min(firstInit.get(x.postId!) ?? Infinity, x.startedAt));
      if (x.outcome === 'ok') okInits.set(x.postId!, (okInits.get(x.postId!) ?? 0) + 1);
    }
    if (firstInit.size < POSTS) process.stdout.write(`  only ${firstInit.size} of ${POSTS} posts had an init when the run stopped\n`);
    const posts = await engine.posts.list();
    const accountOf = new Map(posts.map((p) => [p.id, p.accountId]));
    const lateness = [...firstInit.values()].map((t) => t - due).sort((a, b) => a - b);
    const firstPerAccount = new Map<string, number>();
    for (const [postId, t] of firstInit) {
      const acc = accountOf.get(postId)!;
      firstPerAccount.set(acc, Math.min(firstPerAccount.get(acc) ?? Infinity, t - due));
    }
    const firsts = [...firstPerAccount.values()].sort((a, b) => a - b);

    await admin.call('POST', '/idle');
    const requests = (await admin.requests()).slice(requestsBefore);
    const byEndpoint: Record<string, number> = {};
    for (const r of requests) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
    const callsPerPost = Object.fromEntries(Object.entries(byEndpoint).sort().map(([k, n]) => [k, Number((n / POSTS).toFixed(2))]));
    const nonUpload = ['creator_info', 'video_init', 'inbox_video_init', 'content_init', 'user_info'].reduce((s, k) => s + (byEndpoint[k] ?? 0), 0);
    const truth = await admin.posts();
    const perTitle = new Map<string, number>();
    for (const t of truth) perTitle.set(t.title, (perTitle.get(t.title) ?? 0) + 1);
    const duplicates = [...perTitle.values()].filter((n) => n > 1).length + [...okInits.values()].filter((n) => n > 1).length;
    const figures: Figures = {
      run,
      allInitsS: seconds(lateness.at(-1) ?? NaN),
      p50S: seconds(quantile(lateness, 0.5)),
      p99S: seconds(quantile(lateness, 0.99)),
      firstP50S: seconds(quantile(firsts, 0.5)),
      firstP99S: seconds(quantile(firsts, 0.99)),
      callsPerPost,
      nonUploadBeforeStatus: Number((nonUpload / POSTS).toFixed(2)),
      http429: requests.filter((r) => r.status === 429).length,
      duplicates,
      workerRss: stats.map((s) => s?.maxRssBytes ?? 0),
      workerMemoryAtEnd: stats.map((s) => s?.memory),
      emulatorRss: emu.peakRss(),
      workerCpuS: workerCpu,
      emulatorCpuS: emulatorCpu,
    };
    process.stdout.write(`  ${JSON.stringify(figures)}\n`);
    return figures;
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
    await store?.close();
    await emu?.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const specs: RunSpec[] = [];
for (const latencyMs of LATENCIES) {
  for (const name of RUNS) {
    const m = /^(sqlite|pg)(\d+)$/.exec(name);
    if (!m) throw new Error(`RUNS: "${name}" is not sqliteN or pgN`);
    specs.push({ name, dialect: m[1] === 'pg' ? 'postgres' : 'sqlite', workers: Number(m[2]), latencyMs });
  }
}
const results: Figures[] = [];
for (const spec of specs) results.push(await measure(spec));

process.stdout.write(`\n${POSTS} posts, ${ACCOUNTS} accounts, all due at once; ${CONCURRENCY} jobs in flight per worker\n`);
process.stdout.write('run                 all inits   p50     p99     first p50  first p99  non-upload/post  429s  dups  worker RSS          emulator RSS\n');
for (const f of results) {
  process.stdout.write(
    `${f.run.padEnd(20)}${`${f.allInitsS} s`.padEnd(12)}${`${f.p50S} s`.padEnd(8)}${`${f.p99S} s`.padEnd(8)}${`${f.firstP50S} s`.padEnd(11)}${`${f.firstP99S} s`.padEnd(11)}` +
      `${String(f.nonUploadBeforeStatus).padEnd(17)}${String(f.http429).padEnd(6)}${String(f.duplicates).padEnd(6)}${f.workerRss.map(mib).join(', ').padEnd(20)}${mib(f.emulatorRss)}\n`,
  );
}
process.stdout.write(`calls per post by endpoint: ${results.map((f) => `${f.run} ${JSON.stringify(f.callsPerPost)}`).join('; ')}\n`);
process.stdout.write('Reproduce: npm run build && npm run bench:dispatch   (POSTS, ACCOUNTS, RUNS=sqlite1,pg1,pg4, LATENCIES=0,50, CONCURRENCY)\n');
