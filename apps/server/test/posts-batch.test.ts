// POST /api/posts/batch: each row accepted or refused on its own, in order, with the error a single
// POST /api/posts would answer; refused rows store nothing; the batch itself is bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { errorOf, postBody, video } from './support/posts.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Result {
  index: number;
  ok: boolean;
  post?: { id: string; title: string; state: string };
  warnings?: unknown[];
  error?: { code: string; message: string; issues?: Array<{ field: string; rule?: string }> };
}

describe('POST /api/posts/batch', () => {
  it('answers every row in order: created rows with their post and warnings, refused rows with their error', async () => {
    const account = await h.connectAccount();
    const media = await video(h);
    const { privacyLevel: _p, ...noPrivacy } = postBody(account.id, [media.id]);
    const rows = [
      postBody(account.id, [media.id], { title: 'row 0', scheduledAt: '2099-03-01T10:00:00Z' }),
      noPrivacy,
      postBody(account.id, [media.id], { allowDuet: 'yes' }),
      postBody('acct_unknown', [media.id]),
      42,
      postBody(account.id, [media.id], { title: 'row 5', privacyLevel: 'SELF_ONLY' }),
    ];
    const r = await h.request('POST', '/api/posts/batch', { body: { posts: rows } });
    expect(r.status).toBe(200);
    const results = (r.body as { results: Result[] }).results;
    expect(results.map((x) => [x.index, x.ok])).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(results[0]!.post).toMatchObject({ title: 'row 0', state: 'scheduled' });
    expect(results[0]!.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'preflight.video_shorter_than_3s' })]));
    expect(results[1]!.error).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ field: 'privacyLevel', rule: 'privacy_required' }] });
    expect(results[2]!.error?.issues?.map((i) => i.field)).toEqual(['allowDuet']);
    expect(results[3]!.error?.issues?.map((i) => i.field)).toEqual(['accountId']);
    expect(results[4]!.error?.issues?.map((i) => i.field)).toEqual(['body']);
    expect(results[5]!.post).toMatchObject({ title: 'row 5' });

    // Only the accepted rows were stored.
    const stored = (await h.engine.store.posts.list({ accountId: account.id })).map((p) => p.title).sort();
    expect(stored).toEqual(['row 0', 'row 5']);
  });

  it('refuses an empty batch, a batch over 500 rows and a body without posts as a whole', async () => {
    const empty = await h.request('POST', '/api/posts/batch', { body: { posts: [] } });
    expect(empty.status).toBe(400);
    expect(errorOf(empty.body).issues?.map((i) => i.field)).toEqual(['posts']);
    const tooMany = await h.request('POST', '/api/posts/batch', { body: { posts: Array.from({ length: 501 }, () => ({})) } });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany.body).issues).toEqual([{ field: 'posts', message: 'at most 500 posts per batch; split the rest into another batch' }]);
    const none = await h.request('POST', '/api/posts/batch', { body: { rows: [] } });
    expect(none.status).toBe(400);
    expect(errorOf(none.body).issues?.map((i) => i.field).sort()).toEqual(['posts', 'rows']);
  });
});

describe('the post routes in /api/openapi.json', () => {
  it('lists every post route, the webhook receiver and /metrics as public, and scheduledAt as a date-time', async () => {
    const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as {
      paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ name: string }>; requestBody?: { content: Record<string, { schema: { properties: Record<string, { type?: unknown; format?: string }> } }> } }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/posts', '/api/posts/{id}', '/api/posts/{id}/cancel', '/api/posts/{id}/retry', '/api/posts/batch', '/api/accounts/{id}/creator-info', '/api/webhooks/tiktok', '/metrics']));
    expect(Object.keys(doc.paths['/api/posts']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/posts/{id}']!).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/api/posts']!['get']!.parameters?.map((p) => p.name)).toEqual(['state', 'accountId', 'from', 'to', 'cursor', 'limit']);
    expect(JSON.stringify(doc.paths['/api/posts']!['post']!.requestBody?.content['application/json']?.schema.properties['scheduledAt'])).toContain('"format":"date-time"');
    expect(doc.paths['/api/webhooks/tiktok']!['post']!.security).toEqual([]);
    expect(doc.paths['/metrics']!['get']!.security).toEqual([]);
    expect(doc.paths['/api/posts']!['post']!.security).toBeUndefined();
  });
});
