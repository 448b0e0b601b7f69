// No answer gives a credential away. After creating an app (client secret), a connected account
// (access and refresh tokens, sealed at rest), a webhook notification endpoint (signing secret), an
// API key, media, an upload and a post, every GET operation of the OpenAPI document is called with
// its ids filled in — and once with ids that exist nowhere — and every body and header is scanned
// (test/support/secret-scan.ts) for the client secret, the tokens read back from the store, the
// signing secret, the API keys and the encryption key. The answers that create a webhook endpoint or
// an API key show their secret once, by design; nothing after them may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../../../test/support/secret-scan.js';
import { APP_SECRET, ENCRYPTION_KEY, startHarness, type Answer, type Harness } from './support/harness.js';
import { goodClip } from './support/media.js';

const SIGNING_SECRET = 'whsec-response-scan-0123456789abcdef';

let h: Harness;
const ids: Record<string, string> = {};
let createdKey: string;

beforeAll(async () => {
  h = await startHarness();
  const account = await h.connectAccount();
  ids['accounts'] = account.id;
  ids['apps'] = (await h.engine.apps.getByClientKey('aw_server_test_key'))!.id;
  const endpoint = await h.request('POST', '/api/notification-endpoints', { body: { kind: 'webhook', url: 'https://hooks.example.test/tokpost', secret: SIGNING_SECRET } });
  expect(endpoint.status, endpoint.text).toBe(201);
  const made = await h.request('POST', '/api/api-keys', { body: { name: 'scan' } });
  expect(made.status).toBe(201);
  createdKey = (made.body as { key: string }).key;
  const media = await h.engine.media.register({ path: await goodClip() });
  ids['media'] = media.id;
  ids['uploads'] = (await h.engine.media.uploads.begin({ fileName: 'big.mp4', size: 1_000 })).uploadId;
  ids['posts'] = (await h.engine.posts.create({ accountId: account.id, mediaIds: [media.id], title: 'scan me', draft: true })).post.id;
  // A refresh rotates the tokens; both generations must stay out of every answer.
  await h.request('POST', `/api/accounts/${account.id}/refresh`);
});

afterAll(async () => {
  await h?.close();
});

/** The path with each `{param}` replaced by the id of the collection it follows (or `unknown`). */
function fill(path: string, unknown: boolean): string {
  const segments = path.split('/');
  return segments
    .map((s, i) => {
      if (!/^\{.+\}$/.test(s)) return s;
      const collection = segments[i - 1] ?? '';
      return unknown ? 'zz_nothing_here' : (ids[collection] ?? 'zz_nothing_here');
    })
    .join('/');
}

const lines = (r: Answer): string[] => [r.text, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${String(v)}`)];

describe('answers never carry a credential', () => {
  it('every GET operation, with real and with unknown ids, with and without a key', async () => {
    const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    expect(gets.length).toBeGreaterThan(10);
    const tokens = (await h.engine.store.accounts.list()).flatMap((a) => [a.accessToken, a.refreshToken]);
    expect(tokens.every((t) => typeof t === 'string' && t.length > 8)).toBe(true);
    const known = [APP_SECRET, ENCRYPTION_KEY, SIGNING_SECRET, h.key, createdKey, ...tokens];
    const answers: Array<{ what: string; lines: string[] }> = [];
    let ok = 0;
    for (const path of gets) {
      for (const unknown of [false, true]) {
        for (const key of [undefined, false] as const) {
          const url = fill(path, unknown);
          const r = await h.request('GET', url, key === false ? { key: false } : {});
          if (r.status === 200) ok += 1;
          answers.push({ what: `GET ${url} (${key === false ? 'no key' : 'key'}) → ${r.status}`, lines: lines(r) });
        }
      }
    }
    // Most routes answered with data, so the scan saw real views, not only errors.
    expect(ok).toBeGreaterThan(gets.length);
    const leaks = answers.flatMap((a) => findSecrets(a.lines, known).map((f) => `${a.what}: ${f.what}: ${f.line.slice(0, 200)}`));
    expect(leaks).toEqual([]);
  }, 120_000);

  it("the listings name the endpoint and the key without their secrets, and the scan would see one if it were there", async () => {
    const endpoints = await h.request('GET', '/api/notification-endpoints');
    expect(endpoints.text).toContain('https://hooks.example.test/tokpost');
    const keys = await h.request('GET', '/api/api-keys');
    expect(keys.text).toContain('scan');
    // The scanner is not blind: the created key in an answer-like line is found.
    expect(findSecrets([`{"key":"${createdKey}"}`], [createdKey])).toHaveLength(1);
    expect(findSecrets([`{"secret":"${SIGNING_SECRET}"}`], [SIGNING_SECRET])).toHaveLength(1);
  });
});
