// Secrets never leak through errors or observations: not the client secret, not access or refresh
// tokens, not authorization codes, not the upload URL's token — in messages, String(), JSON, or
// util.inspect of the error with its cause chain.
import { statSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestObservation } from '../src/index.js';
import { APP, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { goodMp4 } from './support/media.js';

function renderings(e: unknown): string[] {
  const err = e as Error;
  return [err.message, String(err), JSON.stringify(err), inspect(err, { depth: 6, showHidden: false }), err.stack ?? ''];
}

function expectClean(e: unknown, secrets: string[]) {
  expect(e).toBeInstanceOf(Error);
  for (const text of renderings(e)) for (const s of secrets) expect(text.includes(s), `leaked ${s.slice(0, 6)}… in ${text.slice(0, 80)}`).toBe(false);
}

describe('secrets stay out of errors and logs', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('OAuth failures name the problem without echoing the secret, the code or the tokens', async () => {
    const observed: RequestObservation[] = [];
    h = await startHarness('in-process', { client: { onRequest: (o) => observed.push(o) } });
    const t = await h.connect();
    const { open_id } = await h.emu.admin.createCreator({ username: 'z' });
    const { code } = await h.emu.admin.consent({ client_key: APP.client_key, open_id, scopes: ['user.info.basic'], redirect_uri: APP.redirect_uris[0]! });
    const wrongSecret = h.makeClient({ clientSecret: 'wrong-secret-value-123' });
    expectClean(await wrongSecret.exchangeCode({ code }).catch((e: unknown) => e), ['wrong-secret-value-123', code]);
    await h.client.exchangeCode({ code });
    expectClean(await h.client.exchangeCode({ code }).catch((e: unknown) => e), [APP.client_secret, code]);
    const rotated = await h.client.refreshToken(t.refreshToken);
    expectClean(await h.client.refreshToken(t.refreshToken).catch((e: unknown) => e), [APP.client_secret, t.refreshToken, rotated.refreshToken, rotated.accessToken]);
    expectClean(await h.client.getUserInfo('act.bogus-secret-token-value').catch((e: unknown) => e), ['bogus-secret-token-value']);
    await h.emu.admin.addFault({ endpoint: 'oauth_token', kind: 'reset_after', count: 1 });
    expectClean(await h.client.refreshToken(rotated.refreshToken).catch((e: unknown) => e), [APP.client_secret, rotated.refreshToken]);
    const text = JSON.stringify(observed);
    for (const s of [APP.client_secret, t.accessToken, t.refreshToken, code]) expect(text).not.toContain(s);
  });

  it('data and upload failures keep the token and the upload URL out', async () => {
    h = await startHarness('in-process');
    const t = await h.connect();
    const path = await goodMp4();
    await h.emu.admin.addFault({ endpoint: 'creator_info', kind: 'error', status: 401, code: 'access_token_invalid', count: 1 });
    expectClean(await h.client.queryCreatorInfo(t.accessToken).catch((e: unknown) => e), [t.accessToken]);
    const init = await h.client.initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'FILE_UPLOAD', videoSize: statSync(path).size } });
    const token = new URL(init.uploadUrl!).searchParams.get('upload_token')!;
    const badUrl = init.uploadUrl!.replace(token, `${token}x`);
    expectClean(await h.client.uploadVideo({ uploadUrl: badUrl, plan: init.chunkPlan!, source: { path } }).catch((e: unknown) => e), [token, badUrl]);
    await h.emu.admin.addFault({ endpoint: 'upload', kind: 'reset_before', count: 10 });
    const retryClient = h.makeClient({ retry: { upload_chunk: { maxAttempts: 2, baseDelayMs: 1 } } });
    expectClean(await retryClient.uploadVideo({ init, source: { path } }).catch((e: unknown) => e), [token, t.accessToken]);
    await h.emu.admin.addFault({ endpoint: 'video_init', kind: 'reset_after', count: 1 });
    const lost = await h.client
      .initDirectVideo(t.accessToken, { postInfo: { privacyLevel: 'SELF_ONLY' }, source: { source: 'PULL_FROM_URL', videoUrl: 'https://media.example.com/v/x.mp4?cap=capability-secret' } })
      .catch((e: unknown) => e);
    expectClean(lost, [t.accessToken, 'capability-secret']);
  });
});
