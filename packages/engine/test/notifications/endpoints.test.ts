// The notifications service on both databases: endpoints (a webhook's secret shown once, sealed at
// rest, absent from every view), input checks, the notification log paged newest first with each
// delivery's status, and "raised once" per dedupe key.
import { describe, expect, it } from 'vitest';
import { createEngine, EngineError, raiseNotification, type Engine, type Store } from '../../src/index.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { freshStores } from '../support/fresh-store.js';
import { encodingsOf, rawQuery } from '../support/raw-sql.js';
import { createTestClock } from '../support/test-clock.js';

const SECRET = 'whsec_given_by_the_operator_7c1d';

describe.each(DIALECTS)('notifications service (%s)', (dialect) => {
  const fresh = freshStores(dialect);
  let db: TestDatabase;
  let store: Store;

  const clock = createTestClock();
  const open = async (): Promise<Engine> => {
    ({ db, store } = await fresh());
    return createEngine({ store, clock, tiktok: { baseUrls: 'http://127.0.0.1:9', redirectUri: 'https://tokpost.test/cb' } });
  };

  it('shows a webhook secret once, keeps it sealed at rest, and never in a view', async () => {
    const engine = await open();
    const given = await engine.notifications.endpoints.create({ kind: 'webhook', url: 'https://hooks.example.test/in?token=abc', secret: SECRET, events: ['post_failed', 'post_stuck'] });
    expect(given.secret).toBe(SECRET);
    await clock.advance(1);
    const generated = await engine.notifications.endpoints.create({ kind: 'webhook', url: 'https://hooks.example.test/other' });
    expect(generated.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    await clock.advance(1);
    const mail = await engine.notifications.endpoints.create({ kind: 'email', to: 'ops@example.test' });
    expect(mail.secret).toBeNull();

    const list = await engine.notifications.endpoints.list();
    expect(list).toEqual([
      { id: given.endpoint.id, kind: 'webhook', url: 'https://hooks.example.test/in?token=abc', to: null, signed: true, events: ['post_failed', 'post_stuck'], createdAt: expect.any(Number) },
      expect.objectContaining({ id: generated.endpoint.id, signed: true }),
      expect.objectContaining({ id: mail.endpoint.id, kind: 'email', to: 'ops@example.test', signed: false }),
    ]);
    // Every type but successes by default.
    expect(list[1]!.events).toEqual(['post_failed', 'post_held', 'post_missed', 'post_moved', 'post_stuck', 'inbox_reminder', 'refresh_token_expiring', 'account_needs_reconnect', 'no_worker_alive']);
    const shown = JSON.stringify([list, given.endpoint, generated.endpoint]);
    for (const s of [SECRET, generated.secret!]) for (const form of encodingsOf(s)) expect(shown).not.toContain(form);

    const rows = await rawQuery(db, 'select id, secret_enc from notification_endpoints order by created_at, id');
    for (const s of [SECRET, generated.secret!]) for (const form of encodingsOf(s)) expect(JSON.stringify(rows)).not.toContain(form);
    expect(rows.filter((r) => r['secret_enc'] !== null).every((r) => String(r['secret_enc']).startsWith('v1.'))).toBe(true);
    expect((await store.notificationEndpoints.get(given.endpoint.id))?.secret).toBe(SECRET);

    await engine.notifications.endpoints.remove(generated.endpoint.id);
    expect((await engine.notifications.endpoints.list()).map((e) => e.id)).toEqual([given.endpoint.id, mail.endpoint.id]);
    await expect(engine.notifications.endpoints.remove(generated.endpoint.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses endpoints it could not deliver to', async () => {
    const engine = await open();
    const bad = [
      { kind: 'webhook', url: 'not a url' },
      { kind: 'webhook', url: 'ftp://hooks.example.test/' },
      { kind: 'webhook', url: 'https://hooks.example.test/', secret: 'short' },
      { kind: 'email', to: 'nobody' },
      { kind: 'email', to: 'ops@example.test', events: ['post_exploded'] },
    ] as const;
    for (const input of bad) {
      const e = await engine.notifications.endpoints.create(input as never).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e).toMatchObject({ code: 'invalid_input' });
    }
    expect(await engine.notifications.endpoints.list()).toEqual([]);
  });

  it('keeps one event per dedupe key and pages the log newest first, with each delivery', async () => {
    const engine = await open();
    const { endpoint } = await engine.notifications.endpoints.create({ kind: 'email', to: 'ops@example.test' });
    const raise = (n: number, type: 'post_failed' | 'post_published' = 'post_failed') =>
      store.transaction((tx) => raiseNotification(tx, { type, dedupeKey: `k${n}`, accountId: null, postId: `post_${n}`, summary: `event ${n}`, data: { n } }, 1_000 + n));
    for (let n = 1; n <= 5; n++) expect(await raise(n)).toBeDefined();
    expect(await raise(3)).toBeUndefined();
    expect(await raise(6, 'post_published')).toBeDefined();
    // One notify job per (event, endpoint) that receives it: the email endpoint takes no successes.
    expect(await store.jobs.count({ kind: 'notify' })).toBe(5);

    const first = await engine.notifications.events.list({ limit: 4 });
    expect(first.events.map((e) => e.summary)).toEqual(['event 6', 'event 5', 'event 4', 'event 3']);
    expect(first.events[0]!.deliveries).toEqual([]);
    expect(first.events[1]!.deliveries).toEqual([{ endpointId: endpoint.id, status: 'pending', attempts: 0, lastError: null, lastAttemptAt: null, deliveredAt: null }]);
    const second = await engine.notifications.events.list({ limit: 4, cursor: first.nextCursor! });
    expect(second.events.map((e) => e.summary)).toEqual(['event 2', 'event 1']);
    expect(second.nextCursor).toBeNull();
    await expect(engine.notifications.events.list({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
