// REST API latency with a full database: 100,000 posts stored across 100 accounts, then
// autocannon drives `tokpost serve --no-worker` (its own process, the real bin) at a fixed
// 500 requests/s with:
//   - GET /api/posts?limit=50                        (the newest page)
//   - GET /api/posts?accountId=…&state=scheduled     (one account's queue, filtered)
//   - GET /api/posts?cursor=…                        (a page deep in the list)
//   - POST /api/posts                                (creation with every check: creator info from
//                                                     the emulator (cached), caps ledger, media)
// on SQLite and on PostgreSQL, and prints p50/p99 latency, throughput and non-2xx answers.
// Goal (issue: server): p99 ≤ 50 ms at 500 req/s.
//
// Seeding writes posts through the store's own insert (the rows the API would write) in batches,
// since creating 100,000 posts over HTTP would measure the seeding, not the API.
//
// Reproduce: npm run build && npm run bench:api
//   (POSTS=20000 DIALECTS=sqlite SECONDS=5 for a quicker run; RATE=500)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { createEngine, createIdFactory, openStore, type Engine, type Post, type Store } from '@tokpost/engine';
import { createAdminClient } from '@tokpost/tiktok-emulator';
import { goodMp4 } from '../test/support/fixtures.js';
import { createTestDatabase } from '../packages/engine/test/support/databases.js';
import { ROOT, startEmulatorProcess } from './support.js';

const POSTS = Number(process.env.POSTS ?? '100000');
const ACCOUNTS = Number(process.env.ACCOUNTS ?? '100');
const RATE = Number(process.env.RATE ?? '500');
const SECONDS = Number(process.env.SECONDS ?? '15');
const DIALECTS = (process.env.DIALECTS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const KEY_HEX = createHash('sha256').update('api bench key').digest('hex');
const APP = { client_key: 'aw_api_bench', client_secret: 'api-bench-secret-3f9a', redirect: 'http://127.0.0.1/api/oauth/tiktok/callback' };
const SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Seeded {
  accountIds: string[];
  mediaId: string;
  apiKey: string;
  deepCursorPostId: string;
}

async function seed(engine: Engine, store: Store, emulatorUrl: string): Promise<Seeded> {
  const admin = createAdminClient(fetch, () => emulatorUrl);
  await admin.createApp({ client_key: APP.client_key, client_secret: APP.client_secret, redirect_uris: [APP.redirect], audited: true });
  const app = await engine.apps.create({ clientKey: APP.client_key, clientSecret: APP.client_secret, audited: true });
  const accountIds: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const { open_id } = await admin.createCreator({ username: `api.bench.${i}`, nickname: `API Bench ${i}` });
    const { code } = await admin.consent({ client_key: APP.client_key, open_id, scopes: SCOPES, redirect_uri: APP.redirect });
    accountIds.push((await engine.accounts.connectWithCode({ appId: app.id, code, requestedScopes: SCOPES })).account.id);
  }
  const media = await engine.media.register({ path: await goodMp4() });
  // One template post through the service (so every field is what the API writes), then copies.
  const { post: template } = await engine.posts.create({
    accountId: accountIds[0]!,
    mediaIds: [media.id],
    title: 'template',
    privacyLevel: 'PUBLIC_TO_EVERYONE',
    scheduledAt: engine.clock.now() + 30 * 86_400_000,
  });
  const ids = createIdFactory();
  const states: Post['state'][] = ['scheduled', 'scheduled', 'scheduled', 'published', 'published', 'failed', 'cancelled', 'draft'];
  const start = engine.clock.now();
  let deepCursorPostId = template.id;
  for (let done = 0; done < POSTS; ) {
    const n = Math.min(1000, POSTS - done);
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        const k = done + i;
        const post: Post = { ...template, id: ids.next('post'), accountId: accountIds[k % accountIds.length]!, title: `bench post ${k}`, state: states[k % states.length]!, scheduledAt: start + (k % 40_000) * 60_000, createdAt: start + k, updatedAt: start + k };
        await tx.posts.insert(post);
        if (k === Math.floor(POSTS / 2)) deepCursorPostId = post.id;
      }
    });
    done += n;
    if (done % 20_000 === 0) process.stdout.write(`  seeded ${done} posts\n`);
  }
  const { key } = await engine.apiKeys.create({ name: 'api bench' });
  return { accountIds, mediaId: media.id, apiKey: key, deepCursorPostId };
}

interface Figures {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
}

async function drive(name: string, o: { url: string; method?: 'GET' | 'POST'; body?: () => string; key: string }): Promise<Figures> {
  const result = await autocannon({
    url: o.url,
    method: o.method ?? 'GET',
    connections: 25,
    overallRate: RATE,
    duration: SECONDS,
    headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
    ...(o.body ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: o.body!() }) }] } : {}),
  });
  return { name, p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

async function runDialect(dialect: 'sqlite' | 'postgres'): Promise<Figures[]> {
  const db = await createTestDatabase(dialect);
  // The server finds SQLite at <data dir>/tokpost.db: the test database's own folder.
  const dataDir = db.sqlitePath ? dirname(db.sqlitePath) : mkdtempSync(join(tmpdir(), 'tokpost-bench-api-'));
  const emulator = await startEmulatorProcess([]);
  const store = await openStore({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath, encryptionKey: Buffer.from(KEY_HEX, 'hex'), ids: createIdFactory() });
  const engine = createEngine({ store, tiktok: { baseUrls: emulator.url, redirectUri: APP.redirect } });
  process.stdout.write(`${dialect}: seeding ${POSTS} posts over ${ACCOUNTS} accounts\n`);
  const seeded = await seed(engine, store, emulator.url);
  await store.close();

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOKPOST_PORT: String(port),
    TOKPOST_HOST: '127.0.0.1',
    TOKPOST_DATA_DIR: dataDir,
    TOKPOST_ENCRYPTION_KEY: KEY_HEX,
    TOKPOST_LOG_LEVEL: 'warn',
    TIKTOK_CLIENT_KEY: APP.client_key,
    TIKTOK_CLIENT_SECRET: APP.client_secret,
    TIKTOK_AUDITED: 'true',
    TIKTOK_API_BASE_URL: emulator.url,
    TIKTOK_AUTH_BASE_URL: emulator.url,
  };
  if (db.databaseUrl) env['DATABASE_URL'] = db.databaseUrl;
  const server = spawn(process.execPath, [join(ROOT, 'apps/cli/bin/tokpost.js'), 'serve', '--no-worker'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/apps`, { headers: { authorization: `Bearer ${seeded.apiKey}` } }).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 300) throw new Error('tokpost serve did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const figures: Figures[] = [];
  try {
    const deep = (await (await fetch(`${base}/api/posts?limit=50`, { headers: { authorization: `Bearer ${seeded.apiKey}` } })).json()) as { nextCursor: string | null };
    figures.push(await drive(`${dialect} list newest`, { url: `${base}/api/posts?limit=50`, key: seeded.apiKey }));
    // Account 8's posts are every 100th from the 8th: half scheduled, so its page is full (for
    // account 7 the seeding's state cycle leaves none scheduled and the page would be empty).
    figures.push(await drive(`${dialect} list account+state`, { url: `${base}/api/posts?limit=50&accountId=${seeded.accountIds[8]}&state=scheduled`, key: seeded.apiKey }));
    if (deep.nextCursor) figures.push(await drive(`${dialect} list next page`, { url: `${base}/api/posts?limit=50&cursor=${encodeURIComponent(deep.nextCursor)}`, key: seeded.apiKey }));
    let n = 0;
    const start = Date.now();
    figures.push(
      await drive(`${dialect} create`, {
        url: `${base}/api/posts`,
        method: 'POST',
        key: seeded.apiKey,
        body: () => {
          n += 1;
          return JSON.stringify({
            accountId: seeded.accountIds[n % seeded.accountIds.length],
            mediaIds: [seeded.mediaId],
            title: `created ${n}`,
            privacyLevel: 'SELF_ONLY',
            allowComment: false,
            allowDuet: false,
            allowStitch: false,
            disclosure: { yourBrand: false, brandedContent: false },
            aiGenerated: false,
            mode: 'direct',
            scheduledAt: new Date(start + 7 * 86_400_000 + n * 60_000).toISOString(),
          });
        },
      }),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await emulator.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

const all: Figures[] = [];
for (const d of DIALECTS) all.push(...(await runDialect(d)));
process.stdout.write(`\nAPI at ${RATE} req/s for ${SECONDS} s each, ${POSTS} posts stored (${ACCOUNTS} accounts)\n`);
process.stdout.write('run                         p50 ms  p99 ms  req/s  non-2xx  errors\n');
for (const f of all) process.stdout.write(`${f.name.padEnd(27)} ${String(f.p50).padStart(6)}  ${String(f.p99).padStart(6)}  ${f.rps.toFixed(0).padStart(5)}  ${String(f.non2xx).padStart(7)}  ${String(f.errors).padStart(6)}\n`);
process.stdout.write('\nReproduce: npm run build && npm run bench:api\n');
