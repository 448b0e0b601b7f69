// Store conformance, the bookkeeping records: media pull tokens (use, expiry, revocation), webhook
// events (once per key), the shared rate limit's window, and attempts with their sealed upload
// sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { clearTables, encodingsOf, rawQuery } from '../support/raw-sql.js';
import { ACCOUNT_ID, fixtureAttempt, fixturePost, seedOwners } from '../support/store-fixtures.js';

const UPLOAD_URL = 'https://open-upload.tiktokapis.test/upload/?upload_id=67890&upload_token=Xza-secret-upload-token';

describe.each(DIALECTS)('store conformance: records (%s)', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
  });
  beforeEach(async () => {
    await clearTables(db);
    await seedOwners(store);
    await store.posts.insert(fixturePost({ id: 'p1' }));
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  describe('media tokens', () => {
    const insert = (tokenHash: string, attemptId: string, expiresAt = 10_000) => store.mediaTokens.insert({ tokenHash, postId: 'p1', attemptId, expiresAt, now: 1_000 });

    it('use marks the first use and answers the grant, again on later pulls, until expiry', async () => {
      await insert('hash-1', 'att-1');
      expect(await store.mediaTokens.use('hash-1', 2_000)).toEqual({ postId: 'p1', attemptId: 'att-1' });
      expect(await store.mediaTokens.use('hash-1', 3_000)).toEqual({ postId: 'p1', attemptId: 'att-1' });
      expect(await rawQuery(db, `select first_used_at, revoked_at from media_tokens where token_hash = 'hash-1'`)).toEqual([{ first_used_at: 2_000, revoked_at: null }]);
      expect(await store.mediaTokens.use('hash-1', 10_000)).toBeUndefined();
      expect(await store.mediaTokens.use('hash-unknown', 2_000)).toBeUndefined();
    });

    it('revokeIfUnused: revoked for an unused token (use then fails), already_used once used, none without tokens', async () => {
      await insert('hash-unused', 'att-unused');
      await insert('hash-used', 'att-used');
      expect(await store.mediaTokens.use('hash-used', 2_000)).toEqual({ postId: 'p1', attemptId: 'att-used' });

      expect(await store.mediaTokens.revokeIfUnused('att-unused', 3_000)).toBe('revoked');
      expect(await store.mediaTokens.use('hash-unused', 3_001)).toBeUndefined();
      expect(await store.mediaTokens.revokeIfUnused('att-unused', 3_002)).toBe('revoked');

      expect(await store.mediaTokens.revokeIfUnused('att-used', 3_000)).toBe('already_used');
      // A used token is not revoked by revokeIfUnused: the pull in progress goes on.
      expect(await store.mediaTokens.use('hash-used', 3_001)).toEqual({ postId: 'p1', attemptId: 'att-used' });

      expect(await store.mediaTokens.revokeIfUnused('att-none', 3_000)).toBe('none');
    });

    it('revokeAll ends even a used token', async () => {
      await insert('hash-2', 'att-2');
      await store.mediaTokens.use('hash-2', 2_000);
      await store.mediaTokens.revokeAll('att-2', 2_500);
      expect(await store.mediaTokens.use('hash-2', 2_600)).toBeUndefined();
      expect(await rawQuery(db, `select revoked_at from media_tokens where token_hash = 'hash-2'`)).toEqual([{ revoked_at: 2_500 }]);
    });
  });

  describe('webhook events', () => {
    const event = { key: 'evt-1', event: 'post.publish.complete', receivedAt: 5_000, accountId: ACCOUNT_ID, publishId: 'v_pub_1', payload: { publish_id: 'v_pub_1', n: 1 } };

    it('record is true once per key and false for a redelivery, which keeps the first payload', async () => {
      expect(await store.webhookEvents.record(event)).toBe(true);
      expect(await store.webhookEvents.record({ ...event, receivedAt: 6_000, payload: { publish_id: 'v_pub_1', n: 2 } })).toBe(false);
      expect(await store.webhookEvents.record({ ...event, key: 'evt-2' })).toBe(true);
      expect(await store.webhookEvents.get('evt-1')).toEqual({
        key: 'evt-1',
        event: 'post.publish.complete',
        payload: { publish_id: 'v_pub_1', n: 1 },
        accountId: ACCOUNT_ID,
        processedAt: null,
        outcome: null,
      });
      expect(await store.webhookEvents.get('evt-9')).toBeUndefined();
    });

    it('markProcessed records when and how', async () => {
      await store.webhookEvents.record(event);
      await store.webhookEvents.markProcessed('evt-1', 'applied', 7_000);
      expect(await store.webhookEvents.get('evt-1')).toMatchObject({ processedAt: 7_000, outcome: 'applied' });
    });
  });

  describe('rate limits', () => {
    it('grants `limit` hits per window, then refuses until the first hit leaves the window', async () => {
      const t0 = 1_780_000_000_000;
      const at = (dt: number) => store.rateLimits.tryAcquire('token:acc_fixture:init', 6, 60_000, t0 + dt);
      for (const dt of [0, 1_000, 2_000, 3_000, 4_000, 5_000]) expect(await at(dt)).toEqual({ granted: true });
      expect(await at(6_000)).toEqual({ granted: false, retryAtMs: t0 + 60_000 });
      expect(await at(59_999)).toEqual({ granted: false, retryAtMs: t0 + 60_000 });
      // Another key has a window of its own.
      expect(await store.rateLimits.tryAcquire('token:other:init', 6, 60_000, t0 + 6_000)).toEqual({ granted: true });
      // The first hit has left the window: one slot again, then the second hit's turn.
      expect(await at(60_000)).toEqual({ granted: true });
      expect(await at(60_500)).toEqual({ granted: false, retryAtMs: t0 + 61_000 });
      expect(await at(61_000)).toEqual({ granted: true });
      // A whole window later everything has expired.
      for (let i = 0; i < 6; i++) expect(await at(200_000 + i)).toEqual({ granted: true });
      expect(await at(200_010)).toEqual({ granted: false, retryAtMs: t0 + 260_000 });
    });
  });

  describe('attempts', () => {
    it('insert/get round-trip; finish applies only the fields given', async () => {
      await store.attempts.insert(fixtureAttempt({ postId: 'p1' }));
      expect(await store.attempts.get('att_fixture')).toEqual({
        id: 'att_fixture',
        postId: 'p1',
        accountId: 'acc_fixture',
        kind: 'init',
        endpoint: '/v2/post/publish/video/init/',
        startedAt: 1_780_003_600_500,
        finishedAt: null,
        durationMs: null,
        request: { post_mode: 'DIRECT_POST', source: 'FILE_UPLOAD', video_size: 5_242_880 },
        httpStatus: null,
        errorCode: null,
        failReason: null,
        logId: null,
        outcome: 'pending',
        message: null,
        publishId: null,
        source: 'FILE_UPLOAD',
      });
      await store.attempts.finish('att_fixture', { finishedAt: 1_780_003_601_000, durationMs: 499.6, httpStatus: 200, logId: '20260601090000ABCDEF', outcome: 'ok', publishId: 'v_inbox_file~v2.123' });
      expect(await store.attempts.get('att_fixture')).toMatchObject({
        finishedAt: 1_780_003_601_000,
        durationMs: 500,
        httpStatus: 200,
        errorCode: null,
        logId: '20260601090000ABCDEF',
        outcome: 'ok',
        publishId: 'v_inbox_file~v2.123',
        request: { post_mode: 'DIRECT_POST', source: 'FILE_UPLOAD', video_size: 5_242_880 },
      });
      expect(await store.attempts.get('att_missing')).toBeUndefined();
    });

    it('latestInit is the most recent init by start time; findByPublishId finds inits only; list filters', async () => {
      await store.posts.insert(fixturePost({ id: 'p2' }));
      await store.attempts.insert(fixtureAttempt({ id: 'att-b', postId: 'p1', startedAt: 2_000, publishId: 'v_pub_b' }));
      await store.attempts.insert(fixtureAttempt({ id: 'att-a', postId: 'p1', startedAt: 1_000, publishId: 'v_pub_a' }));
      await store.attempts.insert(fixtureAttempt({ id: 'att-status', postId: 'p1', kind: 'status', startedAt: 3_000, publishId: 'v_pub_b' }));
      await store.attempts.insert(fixtureAttempt({ id: 'att-p2', postId: 'p2', startedAt: 9_000, publishId: 'v_pub_c' }));
      expect((await store.attempts.latestInit('p1'))?.id).toBe('att-b');
      expect(await store.attempts.latestInit('p-none')).toBeUndefined();
      expect((await store.attempts.findByPublishId('v_pub_a'))?.id).toBe('att-a');
      expect((await store.attempts.findByPublishId('v_pub_b'))?.id).toBe('att-b');
      expect(await store.attempts.findByPublishId('v_pub_z')).toBeUndefined();
      expect((await store.attempts.list({ postId: 'p1' })).map((a) => a.id)).toEqual(['att-a', 'att-b', 'att-status']);
      expect((await store.attempts.list({ accountId: ACCOUNT_ID, kind: 'init', limit: 2 })).map((a) => a.id)).toEqual(['att-a', 'att-b']);
      // A page's posts at once, in start order across them.
      await store.posts.insert(fixturePost({ id: 'p3' }));
      await store.attempts.insert(fixtureAttempt({ id: 'att-p3', postId: 'p3', startedAt: 1_500, publishId: 'v_pub_d' }));
      expect((await store.attempts.list({ postIds: ['p1', 'p3', 'p-none'] })).map((a) => a.id)).toEqual(['att-a', 'att-p3', 'att-b', 'att-status']);
      expect(await store.attempts.list({ postIds: [] })).toEqual([]);
    });

    it('saveUploadSession seals the upload URL at rest; getUploadSession answers it', async () => {
      await store.attempts.insert(fixtureAttempt({ postId: 'p1' }));
      expect(await store.attempts.getUploadSession('att_fixture')).toBeUndefined();
      await store.attempts.saveUploadSession({ attemptId: 'att_fixture', uploadUrl: UPLOAD_URL, uploadExpiresAt: 1_780_007_200_000, videoSize: 5_242_880, chunkSize: 10_000_000 });
      const raw = await rawQuery(db, `select * from attempts where id = 'att_fixture'`);
      const text = JSON.stringify(raw);
      for (const form of [...encodingsOf(UPLOAD_URL), 'Xza-secret-upload-token', 'upload_id=67890']) expect(text).not.toContain(form);
      expect(raw[0]!['upload_url_enc']).toMatch(/^v1\./);
      expect(await store.attempts.getUploadSession('att_fixture')).toEqual({
        attemptId: 'att_fixture',
        uploadUrl: UPLOAD_URL,
        uploadExpiresAt: 1_780_007_200_000,
        videoSize: 5_242_880,
        chunkSize: 10_000_000,
      });
    });
  });
});
