// GET /api/posts pages: 250 posts (made through the batch route) over two accounts, five to a
// minute, walked with a small page size under each filter — every post exactly once, in time order
// (scheduled time, else creation time; ties by id), and the cursor refused when it is not ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { createPgSchema } from './support/postgres.js';
import { errorOf, postBody, video } from './support/posts.js';

let h: Harness;
const BASE = Date.UTC(2099, 0, 1);
const iso = (t: number) => new Date(t).toISOString();

interface Made {
  id: string;
  accountId: string;
  at: number;
}
const made: Made[] = [];
let accounts: string[] = [];
const drafts: string[] = [];

interface Page {
  posts: Array<{ id: string; accountId: string; state: string; scheduledAt: number | null; createdAt: number }>;
  nextCursor: string | null;
}

async function walk(query: string, limit: number): Promise<Page['posts']> {
  const seen: Page['posts'] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const r = await h.request('GET', `/api/posts?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status, r.text).toBe(200);
    const page = r.body as Page;
    expect(page.posts.length).toBeLessThanOrEqual(limit);
    seen.push(...page.posts);
    if (page.nextCursor === null) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('the walk never ended');
}

const timeOf = (p: Page['posts'][number]) => p.scheduledAt ?? p.createdAt;

function expectOrdered(posts: Page['posts']): void {
  for (let i = 1; i < posts.length; i++) {
    const a = posts[i - 1]!;
    const b = posts[i]!;
    expect(timeOf(a) < timeOf(b) || (timeOf(a) === timeOf(b) && a.id < b.id), `${a.id} before ${b.id}`).toBe(true);
  }
}

beforeAll(async () => {
  h = await startHarness();
  accounts = [(await h.connectAccount()).id, (await h.connectAccount()).id];
  const media = await video(h);
  const rows = Array.from({ length: 240 }, (_, i) => postBody(accounts[i % 2]!, [media.id], { scheduledAt: iso(BASE + Math.floor(i / 5) * 60_000), title: `post ${i}` }));
  // Ten drafts without a time: they sort by their creation time, before the 2099 posts.
  const draftRows = Array.from({ length: 10 }, (_, i) => postBody(accounts[0]!, [media.id], { draft: true, title: `draft ${i}` }));
  const r = await h.request('POST', '/api/posts/batch', { body: { posts: [...rows, ...draftRows] } });
  expect(r.status).toBe(200);
  const results = (r.body as { results: Array<{ index: number; ok: boolean; post?: { id: string; accountId: string } }> }).results;
  expect(results.filter((x) => !x.ok)).toEqual([]);
  results.forEach((x, i) => {
    if (i < 240) made.push({ id: x.post!.id, accountId: x.post!.accountId, at: BASE + Math.floor(i / 5) * 60_000 });
    else drafts.push(x.post!.id);
  });
});

afterAll(async () => {
  await h?.close();
});

describe('GET /api/posts', () => {
  it('walks all 250 posts in pages of 7: each once, drafts first, then by scheduled time and id', async () => {
    const all = await walk('', 7);
    expect(all).toHaveLength(250);
    expect(new Set(all.map((p) => p.id)).size).toBe(250);
    expect(new Set(all.map((p) => p.id))).toEqual(new Set([...made.map((m) => m.id), ...drafts]));
    expectOrdered(all);
    expect(new Set(all.slice(0, 10).map((p) => p.id))).toEqual(new Set(drafts));
    expect(all.slice(10).map((p) => p.scheduledAt)).toEqual(made.map((m) => m.at).sort((a, b) => a - b));
  });

  it('filters by account, by state (one or several) and by time, still without gaps or repeats', async () => {
    const second = await walk(`&accountId=${accounts[1]}`, 9);
    expect(new Set(second.map((p) => p.id))).toEqual(new Set(made.filter((m) => m.accountId === accounts[1]).map((m) => m.id)));
    expect(second).toHaveLength(120);
    expectOrdered(second);

    const onlyDrafts = await walk('&state=draft', 4);
    expect(new Set(onlyDrafts.map((p) => p.id))).toEqual(new Set(drafts));

    // Minutes 10 to 19 inclusive: posts 50 to 99.
    const window = await walk(`&from=${iso(BASE + 10 * 60_000)}&to=${iso(BASE + 19 * 60_000)}`, 6);
    expect(window.map((p) => p.id).sort()).toEqual(made.slice(50, 100).map((m) => m.id).sort());
    expectOrdered(window);

    // Cancel five; the state filter finds them, and a list of states finds both kinds.
    const cancelled = made.slice(0, 5).map((m) => m.id);
    for (const id of cancelled) expect((await h.request('POST', `/api/posts/${id}/cancel`, { body: {} })).status).toBe(200);
    expect((await walk('&state=cancelled', 2)).map((p) => p.id).sort()).toEqual([...cancelled].sort());
    const both = await walk(`&state=cancelled,draft&accountId=${accounts[0]}`, 3);
    expect(new Set(both.map((p) => p.id))).toEqual(new Set([...drafts, ...cancelled.filter((id) => made.find((m) => m.id === id)!.accountId === accounts[0])]));
  });

  it('a post created during the walk neither repeats nor hides another', async () => {
    const first = (await h.request('GET', `/api/posts?limit=50&accountId=${accounts[1]}`)).body as Page;
    // A post due before the cursor's position joins the earlier part of the order: the walk goes on from where it was.
    const media = await video(h);
    const early = await h.request('POST', '/api/posts', { body: postBody(accounts[1]!, [media.id], { scheduledAt: iso(BASE - 60_000) }) });
    expect(early.status).toBe(201);
    const rest: Page['posts'] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await h.request('GET', `/api/posts?limit=50&accountId=${accounts[1]}&cursor=${cursor}`)).body as Page;
      rest.push(...page.posts);
      cursor = page.nextCursor;
    }
    const ids = [...first.posts, ...rest].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(made.filter((m) => m.accountId === accounts[1]).map((m) => m.id)));
  });

  it('refuses a cursor it did not give out, a bad limit, state or time, naming the parameter', async () => {
    for (const [query, field] of [
      ['cursor=not-a-cursor!', 'cursor'],
      [`cursor=${Buffer.from('{"v":2}').toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['state=sleeping', 'state.0'],
      ['from=yesterday', 'from'],
      ['colour=red', 'colour'],
    ] as const) {
      const r = await h.request('GET', `/api/posts?${query}`);
      expect(r.status, query).toBe(400);
      expect(errorOf(r.body).issues?.map((i) => i.field), query).toEqual([field]);
    }
  });
});

describe('GET /api/posts on PostgreSQL', () => {
  it('walks 30 posts (three to a minute) in pages of 4, whole and by account and state', async () => {
    const schema = await createPgSchema();
    const pg = await startHarness({ databaseUrl: schema.databaseUrl });
    try {
      const ids = [(await pg.connectAccount()).id, (await pg.connectAccount()).id];
      const media = await video(pg);
      const rows = Array.from({ length: 30 }, (_, i) => postBody(ids[i % 2]!, [media.id], { scheduledAt: iso(BASE + Math.floor(i / 3) * 60_000) }));
      const r = await pg.request('POST', '/api/posts/batch', { body: { posts: rows } });
      const created = (r.body as { results: Array<{ ok: boolean; post: { id: string } }> }).results.map((x) => x.post.id);
      expect(created).toHaveLength(30);
      const walkOn = async (query: string) => {
        const seen: Page['posts'] = [];
        let cursor: string | null = null;
        do {
          const page = (await pg.request('GET', `/api/posts?limit=4${query}${cursor ? `&cursor=${cursor}` : ''}`)).body as Page;
          seen.push(...page.posts);
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      const all = await walkOn('');
      expect(all.map((p) => p.id).sort()).toEqual([...created].sort());
      expectOrdered(all);
      const first = await walkOn(`&accountId=${ids[0]}&state=scheduled`);
      expect(first.map((p) => p.id).sort()).toEqual(created.filter((_, i) => i % 2 === 0).sort());
      expectOrdered(first);
    } finally {
      await pg.close();
      await schema.drop();
    }
  });
});
