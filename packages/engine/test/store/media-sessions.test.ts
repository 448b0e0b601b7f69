// Store conformance, media arriving over the API (migration 009): resumable upload sessions (the
// received count moves only from the value the caller saw; completion is recorded once; expired
// sessions are listed for clean-up) and fix runs (progress, guarded status changes, the latest fix).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MediaFix, MediaUpload, Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, type TestDatabase } from '../support/databases.js';
import { clearTables, rawQuery } from '../support/raw-sql.js';

const upload = (o: Partial<MediaUpload> = {}): MediaUpload => ({
  id: 'upl_1',
  fileName: 'holiday clip – ünïcode.mp4',
  declaredSize: 5_000_000_000,
  receivedBytes: 0,
  tempPath: '/data/media/uploads/upl_1.part',
  mediaId: null,
  createdAt: 1_780_000_000_000,
  updatedAt: 1_780_000_000_000,
  expiresAt: 1_780_086_400_000,
  ...o,
});

const fix = (o: Partial<MediaFix> = {}): MediaFix => ({
  id: 'fix_1',
  mediaId: 'med_1',
  status: 'queued',
  progress: 0,
  fixedMediaId: null,
  error: null,
  createdAt: 1_780_000_000_000,
  updatedAt: 1_780_000_000_000,
  ...o,
});

describe.each(DIALECTS)('store conformance: media sessions (%s)', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
  });
  beforeEach(async () => {
    await clearTables(db);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  describe('media uploads', () => {
    it('round-trips every field, sizes past 4 GiB included', async () => {
      await store.mediaUploads.insert(upload({ receivedBytes: 4_294_967_296, mediaId: 'med_x', updatedAt: 1_780_000_000_005 }));
      expect(await store.mediaUploads.get('upl_1')).toEqual({
        id: 'upl_1',
        fileName: 'holiday clip – ünïcode.mp4',
        declaredSize: 5_000_000_000,
        receivedBytes: 4_294_967_296,
        tempPath: '/data/media/uploads/upl_1.part',
        mediaId: 'med_x',
        createdAt: 1_780_000_000_000,
        updatedAt: 1_780_000_000_005,
        expiresAt: 1_780_086_400_000,
      });
      expect(await store.mediaUploads.get('upl_unknown')).toBeUndefined();
    });

    it('advances the received count only from the count the caller saw', async () => {
      await store.mediaUploads.insert(upload());
      expect(await store.mediaUploads.advance('upl_1', 0, 1_000, 1_780_000_000_010)).toBe(true);
      // A second chunk for offset 0 (a retry racing the first) does not count.
      expect(await store.mediaUploads.advance('upl_1', 0, 1_000, 1_780_000_000_011)).toBe(false);
      expect(await store.mediaUploads.advance('upl_1', 500, 1_500, 1_780_000_000_012)).toBe(false);
      expect(await store.mediaUploads.advance('upl_1', 1_000, 2_500, 1_780_000_000_013)).toBe(true);
      expect(await store.mediaUploads.get('upl_1')).toMatchObject({ receivedBytes: 2_500, updatedAt: 1_780_000_000_013 });
      expect(await store.mediaUploads.advance('upl_unknown', 0, 1, 1)).toBe(false);
    });

    it('records the media once, and a completed upload no longer advances', async () => {
      await store.mediaUploads.insert(upload({ receivedBytes: 10 }));
      expect(await store.mediaUploads.complete('upl_1', 'med_a', 1_780_000_000_020)).toBe(true);
      expect(await store.mediaUploads.complete('upl_1', 'med_b', 1_780_000_000_021)).toBe(false);
      expect(await store.mediaUploads.advance('upl_1', 10, 20, 1_780_000_000_022)).toBe(false);
      expect(await store.mediaUploads.get('upl_1')).toMatchObject({ mediaId: 'med_a', receivedBytes: 10, updatedAt: 1_780_000_000_020 });
    });

    it('lists expired sessions that never completed, oldest first, and removes them', async () => {
      await store.mediaUploads.insert(upload({ id: 'upl_late', expiresAt: 3_000 }));
      await store.mediaUploads.insert(upload({ id: 'upl_early', expiresAt: 1_000 }));
      await store.mediaUploads.insert(upload({ id: 'upl_done', expiresAt: 500, mediaId: 'med_1' }));
      await store.mediaUploads.insert(upload({ id: 'upl_live', expiresAt: 9_000 }));
      expect((await store.mediaUploads.listExpired(3_000, 10)).map((u) => u.id)).toEqual(['upl_early', 'upl_late']);
      expect((await store.mediaUploads.listExpired(3_000, 1)).map((u) => u.id)).toEqual(['upl_early']);
      await store.mediaUploads.remove('upl_early');
      expect(await store.mediaUploads.get('upl_early')).toBeUndefined();
      expect(await rawQuery(db, 'select id from media_uploads order by id')).toEqual([{ id: 'upl_done' }, { id: 'upl_late' }, { id: 'upl_live' }]);
    });
  });

  describe('media fixes', () => {
    it('round-trips every field', async () => {
      await store.mediaFixes.insert(fix({ status: 'failed', progress: 0.375, fixedMediaId: 'med_2', error: 'ffmpeg exited with 1', updatedAt: 1_780_000_000_009 }));
      expect(await store.mediaFixes.get('fix_1')).toEqual({
        id: 'fix_1',
        mediaId: 'med_1',
        status: 'failed',
        progress: 0.375,
        fixedMediaId: 'med_2',
        error: 'ffmpeg exited with 1',
        createdAt: 1_780_000_000_000,
        updatedAt: 1_780_000_000_009,
      });
      expect(await store.mediaFixes.get('fix_unknown')).toBeUndefined();
    });

    it('updates progress and status, guarded by the current status', async () => {
      await store.mediaFixes.insert(fix());
      expect(await store.mediaFixes.update('fix_1', { status: 'running', progress: 0 }, 2_000, ['queued', 'running'])).toBe(true);
      expect(await store.mediaFixes.update('fix_1', { progress: 0.5 }, 3_000)).toBe(true);
      expect(await store.mediaFixes.update('fix_1', { status: 'done', progress: 1, fixedMediaId: 'med_9' }, 4_000, ['running'])).toBe(true);
      expect(await store.mediaFixes.update('fix_1', { status: 'running' }, 5_000, ['queued', 'running'])).toBe(false);
      expect(await store.mediaFixes.get('fix_1')).toMatchObject({ status: 'done', progress: 1, fixedMediaId: 'med_9', error: null, updatedAt: 4_000 });
      expect(await store.mediaFixes.update('fix_unknown', { progress: 1 }, 1)).toBe(false);
    });

    it("answers a media asset's latest fix", async () => {
      await store.mediaFixes.insert(fix({ id: 'fix_a', createdAt: 1_000, status: 'failed' }));
      await store.mediaFixes.insert(fix({ id: 'fix_b', createdAt: 2_000 }));
      await store.mediaFixes.insert(fix({ id: 'fix_c', mediaId: 'med_other', createdAt: 3_000 }));
      expect((await store.mediaFixes.latestFor('med_1'))?.id).toBe('fix_b');
      expect(await store.mediaFixes.latestFor('med_none')).toBeUndefined();
    });
  });
});
