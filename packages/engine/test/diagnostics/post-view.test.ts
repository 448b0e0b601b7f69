// The post read model carries its diagnosis (docs/architecture.md §2.6): a post TikTok failed, and
// one held before any call, say why through posts.get and posts.list, with the attempt's log_id;
// a published post carries none. Engine and emulator in-process, on SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { createWorld, type World } from '../support/world.js';

describe.each(DIALECTS)('post view diagnosis (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());

  it('a post TikTok failed carries the fail_reason’s diagnosis and the status log_id', async () => {
    w = await createWorld({ dialect, settings: { preflight: 'warn' } });
    const { account } = await w.connect();
    const media = await w.register(await goodMp4({ width: 320, height: 240, fps: 30, seconds: 1 }));
    const post = await w.schedule({ accountId: account.id, mediaIds: [media.id] });
    await w.waitForPost(post.id, ['failed', 'published', 'needs_action']);

    const status = (await w.engine.posts.attempts(post.id)).filter((a) => a.kind === 'status').at(-1)!;
    expect(status.logId).toMatch(/^\d{14}/);
    const view = await w.engine.posts.get(post.id);
    expect(view.state).toBe('failed');
    expect(view.diagnosis).toMatchObject({
      known: true,
      source: 'fail_reason',
      code: 'picture_size_check_failed',
      rawCode: 'picture_size_check_failed',
      family: 5,
      severity: 'error',
      retryable: false,
      tiktokCode: 'picture_size_check_failed',
      logId: status.logId,
      message: view.stateMessage,
    });
    expect(view.diagnosis!.fix.length).toBeGreaterThan(10);

    const listed = await w.engine.posts.list({ states: ['failed'] });
    expect(listed.map((p) => [p.id, p.diagnosis?.code])).toEqual([[post.id, 'picture_size_check_failed']]);
  });

  it('a post held by preflight carries the local diagnosis, with no TikTok code', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const media = await w.register(await goodMp4({ width: 320, height: 240, fps: 30, seconds: 1 }));
    const post = await w.schedule({ accountId: account.id, mediaIds: [media.id] });
    await w.waitForPost(post.id, ['needs_action', 'failed', 'published']);

    const view = await w.engine.posts.get(post.id);
    expect(view.diagnosis).toMatchObject({ known: true, source: 'local', code: 'media_rejected_by_preflight', family: 5, severity: 'error', tiktokCode: null, logId: null });
  });

  it('a published post and a scheduled one carry no diagnosis', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const video = await w.video();
    const published = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY' });
    await w.waitForPost(published.id, ['published', 'failed', 'needs_action']);
    const later = await w.schedule({ accountId: account.id, mediaIds: [video.id], privacyLevel: 'SELF_ONLY', scheduledAt: w.clock.now() + 86_400_000 });

    expect(await w.engine.posts.get(published.id)).toMatchObject({ state: 'published' });
    expect('diagnosis' in (await w.engine.posts.get(published.id))).toBe(false);
    const listed = await w.engine.posts.list({ accountId: account.id });
    expect(listed.map((p) => [p.id, p.state, 'diagnosis' in p])).toEqual(
      expect.arrayContaining([
        [published.id, 'published', false],
        [later.id, 'scheduled', false],
      ]),
    );
  });
});
