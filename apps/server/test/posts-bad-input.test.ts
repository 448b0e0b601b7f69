// Bad input on the post routes is never a 500 and never leaves a row: every field of a valid body
// replaced in turn by values of the wrong type or shape, sent to create, patch and batch, and odd
// query strings sent to the list. A post is stored exactly when the answer was a 201 (or an ok row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { postBody, video } from './support/posts.js';

let h: Harness;
let valid: Record<string, unknown>;
let postId: string;

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, '', ' ', 'x'.repeat(2_500), [], [1, 'a'], {}, { a: 1 }, true, false, '2026-13-45T99:99:99Z', '../../etc/passwd', '\u0000', '😀'.repeat(200)];

beforeAll(async () => {
  h = await startHarness();
  const account = await h.connectAccount();
  const media = await video(h);
  valid = postBody(account.id, [media.id], { scheduledAt: '2099-05-01T00:00:00Z' });
  const created = await h.request('POST', '/api/posts', { body: valid });
  postId = (created.body as { post: { id: string } }).post.id;
});

afterAll(async () => {
  await h?.close();
});

const stored = async () => (await h.engine.store.posts.list({})).length;

describe('the post routes under bad input', () => {
  it('create and patch: each field replaced by odd values, without a 500 and without a stray row', async () => {
    let expected = await stored();
    for (const field of [...Object.keys(valid), 'description', 'source', 'photoCoverIndex', 'videoCoverTimestampMs', 'draft', 'version']) {
      for (const value of ODD_VALUES) {
        const body = { ...valid, [field]: value };
        const created = await h.request('POST', '/api/posts', { body });
        expect(created.status, `POST ${field}=${JSON.stringify(value)?.slice(0, 40)}`).toBeLessThan(500);
        if (created.status === 201) expected += 1;
        const patched = await h.request('PATCH', `/api/posts/${postId}`, { body: { [field]: value } });
        expect(patched.status, `PATCH ${field}=${JSON.stringify(value)?.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    expect(await stored()).toBe(expected);
  });

  it('whole bodies of the wrong kind, on create, patch, cancel, retry and batch', async () => {
    const before = await stored();
    for (const payload of ['null', '[]', '"post"', '42', 'true', '{"posts": null}', '{"posts": [null, [], "x", 1]}', '{"__proto__": {"admin": true}}']) {
      for (const [method, url] of [
        ['POST', '/api/posts'],
        ['PATCH', `/api/posts/${postId}`],
        ['POST', `/api/posts/${postId}/cancel`],
        ['POST', `/api/posts/${postId}/retry`],
        ['POST', '/api/posts/batch'],
      ] as const) {
        const r = await h.request(method, url, { raw: { payload, contentType: 'application/json' } });
        expect(r.status, `${method} ${url} ${payload}`).toBeLessThan(500);
      }
    }
    expect(await stored()).toBe(before);
  });

  it('list queries of every odd kind are 200 or 400', async () => {
    for (const query of ['state=', 'state=,,', 'state=draft,,failed', 'limit=-1', 'limit=1e3', 'limit=', 'from=2026', 'to=now', 'cursor=', 'cursor=%00', 'accountId=', 'state=draft&state=failed', 'limit=1&limit=2', '%zz=1']) {
      const r = await h.request('GET', `/api/posts?${query}`);
      expect([200, 400], query).toContain(r.status);
    }
  });
});
