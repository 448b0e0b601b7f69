// GET /metrics: Prometheus's text format, open without a key, each server with its own registry;
// the named series follow the database: a post created and published moves posts by state, the
// job queue and TikTok calls by endpoint and code; a worker's heartbeat shows; a failure shows by family.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { createPgSchema } from './support/postgres.js';
import { postBody, postReaches, video } from './support/posts.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** `name{labels} value` lines of the exposition text, keyed by name and sorted labels. */
function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels = (m[3] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter((l) => l !== '')
      .sort()
      .join(',');
    out.set(labels ? `${m[1]}{${labels}}` : m[1]!, Number(m[4]));
  }
  return out;
}

async function scrape(): Promise<Map<string, number>> {
  const r = await h.request('GET', '/metrics', { key: false });
  expect(r.status).toBe(200);
  expect(String(r.headers['content-type'])).toContain('text/plain');
  return parseExposition(r.text);
}

describe('GET /metrics', () => {
  it('reports the named series, and they move after a post is created and published', async () => {
    const before = await scrape();
    expect(before.get('tokpost_posts{state="scheduled"}')).toBe(0);
    expect(before.get('tokpost_posts{state="published"}')).toBe(0);
    expect(before.get('tokpost_posts_stuck{state="scheduled"}')).toBe(0);
    expect(before.get('tokpost_workers_alive')).toBe(0);

    await h.emu.admin.settings({ processing_delay_ms: 0, moderation_delay_ms: 0 });
    const account = await h.connectAccount();
    const media = await video(h);
    const created = await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id]) });
    expect(created.status).toBe(201);
    const id = (created.body as { post: { id: string } }).post.id;

    const queued = await scrape();
    expect(queued.get('tokpost_posts{state="scheduled"}')).toBe(1);
    expect(queued.get('tokpost_jobs_queued{kind="publish"}')).toBe(1);
    expect(queued.get('tokpost_jobs_due_unclaimed{kind="publish"}')).toBe(1);
    expect(queued.get('tokpost_jobs_lateness_seconds{kind="publish"}')).toBeGreaterThanOrEqual(0);
    // The composer rules asked creator_info once; connecting asked for the token and the profile.
    expect(queued.get('tokpost_tiktok_calls_total{code="ok",endpoint="creator_info"}')).toBe(1);
    expect(queued.get('tokpost_tiktok_calls_total{code="ok",endpoint="oauth_token"}')).toBe(1);

    const published = postReaches(h.engine, id, ['published', 'failed', 'needs_action']);
    const worker = h.engine.createWorker({ id: 'wrk_metrics', watchdog: false });
    try {
      expect(await published).toBe('published');
      await h.emu.idle();
      await worker.whenIdle();
      const after = await scrape();
      expect(after.get('tokpost_posts{state="scheduled"}')).toBe(0);
      expect(after.get('tokpost_posts{state="published"}')).toBe(1);
      expect(after.get('tokpost_jobs_queued{kind="publish"}')).toBeUndefined();
      expect(after.get('tokpost_tiktok_calls_total{code="ok",endpoint="creator_info"}')).toBe(2);
      expect(after.get('tokpost_tiktok_calls_total{code="ok",endpoint="video_init"}')).toBe(1);
      expect(after.get('tokpost_workers_alive')).toBe(1);
      expect(after.get('tokpost_worker_last_heartbeat_seconds{host="' + String((await h.engine.store.workers.list())[0]!.host) + '",worker="wrk_metrics"}')).toBeGreaterThan(1_700_000_000);
    } finally {
      await worker.stop();
    }
  });

  it('counts a failed post under its failure family and a TikTok error under its code', async () => {
    const account = await h.connectAccount();
    await h.emu.admin.updateCreator(account.openId, { banned: true });
    const media = await video(h);
    // The composer rules meet the ban first: refused, and the call is counted under TikTok's code.
    expect((await h.request('POST', '/api/posts', { body: postBody(account.id, [media.id]) })).status).toBe(409);
    // A post failed by the publish pipeline for the same reason, inserted as the pipeline leaves it.
    const { post } = await h.engine.posts.create({ accountId: account.id, mediaIds: [media.id], privacyLevel: 'SELF_ONLY', draft: true });
    await h.engine.store.posts.update(post.id, { state: 'failed', stateReason: 'spam_risk_user_banned_from_posting' }, Date.now());
    const m = await scrape();
    expect(m.get('tokpost_tiktok_calls_total{code="spam_risk_user_banned_from_posting",endpoint="creator_info"}')).toBe(1);
    expect(m.get('tokpost_posts{state="failed"}')).toBe(1);
    // Family 9 — account changes (the diagnostics catalog's entry for a ban).
    expect([...m.entries()].filter(([k]) => k.startsWith('tokpost_post_failures'))).toEqual([['tokpost_post_failures{family="9",state="failed"}', 1]]);
  });

  it('each server has its own registry: a second server in the process reports its own database', async () => {
    const other = await startHarness();
    try {
      const r = await other.request('GET', '/metrics', { key: false });
      const m = parseExposition(r.text);
      expect(m.get('tokpost_posts{state="published"}')).toBe(0);
      expect((await scrape()).get('tokpost_posts{state="published"}')).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics on PostgreSQL', () => {
  it('counts posts, jobs and TikTok calls from PostgreSQL', async () => {
    const schema = await createPgSchema();
    const pg = await startHarness({ databaseUrl: schema.databaseUrl });
    try {
      const account = await pg.connectAccount();
      const media = await video(pg);
      expect((await pg.request('POST', '/api/posts', { body: postBody(account.id, [media.id]) })).status).toBe(201);
      await pg.beat();
      const m = parseExposition((await pg.request('GET', '/metrics', { key: false })).text);
      expect(m.get('tokpost_posts{state="scheduled"}')).toBe(1);
      expect(m.get('tokpost_jobs_due_unclaimed{kind="publish"}')).toBe(1);
      expect(m.get('tokpost_tiktok_calls_total{code="ok",endpoint="creator_info"}')).toBe(1);
      expect(m.get('tokpost_posts_stuck{state="scheduled"}')).toBe(0);
      expect(m.get('tokpost_workers_alive')).toBe(1);
    } finally {
      await pg.close();
      await schema.drop();
    }
  });
});
