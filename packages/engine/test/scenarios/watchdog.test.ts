// The watchdog (docs/notifications.md §5.1): a post stuck past its deadline is told once, with what
// it waits for; inbox drafts get their reminders and refresh tokens their warnings, each once.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addEndpoints, bodyOf, receiverAccepts, scenarioParts } from '../support/notification-endpoints.js';
import { latch } from '../support/latch.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('watchdog (%s)', (dialect) => {
  const parts = scenarioParts();

  it('tells a post stuck in publishing once, by webhook and by email, with what it waits for', async () => {
    const sinks = await parts.sinks();
    const init = latch();
    const w = await parts.world({
      dialect,
      watchdog: true,
      // A long lease: the publish run sits at the held request while the test moves time past the deadline.
      settings: { ...sinks.settings, stuckPublishingMs: 10 * MINUTE, watchdogIntervalMs: MINUTE, leaseMs: 2 * HOUR },
      beforeTikTok: async (url) => {
        if (url.includes('/v2/post/publish/video/init/')) await init.wait();
      },
    });
    const { secret } = await addEndpoints(w.engine, sinks);
    const { account } = await w.connect();
    const post = await w.schedule({ accountId: account.id, mediaIds: [(await w.video()).id], title: 'stuck one' });
    await init.arrived;
    expect((await w.engine.posts.get(post.id)).state).toBe('publishing');

    await w.clock.advance(11 * MINUTE);
    await Promise.all([sinks.hooks.waitFor(1), sinks.smtp.waitFor(1)]);
    const [hook] = sinks.hooks.received;
    expect(receiverAccepts(hook!, secret, w.clock.now())).toBe(true);
    const body = bodyOf(hook!);
    expect(body).toMatchObject({ type: 'post_stuck', postId: post.id, data: { post: { state: 'publishing' } } });
    expect(body.data['waitingFor']).toMatch(/^the publish run to make progress \(last progress at 2026-06-01T09:00:\d\d\.\d{3}Z\)$/);
    expect(body.summary).toBe(`Post "stuck one" is stuck in publishing: waiting for ${body.data['waitingFor'] as string}`);
    expect(sinks.smtp.mails[0]!.header('Subject')).toBe(`[tokpost] ${body.summary}`);

    // It gets going again: published, and the stuck post was told once.
    init.open();
    await w.waitForPost(post.id, ['published'], 2 * HOUR);
    await w.clock.advance(HOUR);
    await w.settle();
    const types = sinks.hooks.received.map((r) => bodyOf(r).type);
    expect(types).toEqual(['post_stuck']);
    expect(sinks.smtp.mails).toHaveLength(1);
  });

  it('reminds about an inbox draft 1 hour, 1 day and 3 days after delivery, each once', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, watchdog: true, settings: { ...sinks.settings, watchdogIntervalMs: HOUR } });
    await addEndpoints(w.engine, sinks);
    const { account } = await w.connect();
    const post = await w.schedule({ accountId: account.id, mediaIds: [(await w.video()).id], mode: 'inbox', privacyLevel: null, title: 'my draft' });
    const pending = await w.waitForPost(post.id, ['inbox_pending']);
    const deliveredAt = (await w.engine.posts.timeline(post.id)).find((e) => e.toState === 'inbox_pending')!.at;
    await w.runUntil(() => w.clock.now() >= deliveredAt + 3 * DAY + HOUR + MINUTE, { maxMs: 4 * DAY, what: 'three days' });

    const reminders = sinks.hooks.received.map(bodyOf).filter((b) => b.type === 'inbox_reminder');
    expect(reminders.map((b) => [b.postId, b.data['reminder'], b.data['of']])).toEqual([
      [post.id, 1, 3],
      [post.id, 2, 3],
      [post.id, 3, 3],
    ]);
    const sentAfter = reminders.map((b) => Date.parse(b.occurredAt) - deliveredAt);
    expect(sentAfter[0]).toBeGreaterThanOrEqual(HOUR);
    expect(sentAfter[0]).toBeLessThan(2 * HOUR + MINUTE);
    expect(sentAfter[1]).toBeGreaterThanOrEqual(DAY);
    expect(sentAfter[1]).toBeLessThan(DAY + HOUR + MINUTE);
    expect(sentAfter[2]).toBeGreaterThanOrEqual(3 * DAY);
    expect(sentAfter[2]).toBeLessThan(3 * DAY + HOUR + MINUTE);
    expect(reminders[0]!.summary).toBe(`Draft "my draft" has waited ${Math.round(sentAfter[0]! / HOUR)} hour${Math.round(sentAfter[0]! / HOUR) === 1 ? '' : 's'} in the creator's TikTok inbox`);
    expect(sinks.smtp.mails.filter((m) => m.header('Subject')!.includes('in the creator\'s TikTok inbox'))).toHaveLength(3);

    // Finished in the app: no more reminders.
    await w.emu.admin.completeInbox(pending.publishId!, { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'finished' });
    await w.waitForPost(post.id, ['published'], DAY);
    await w.clock.advance(3 * DAY);
    await w.settle();
    expect(sinks.hooks.received.map(bodyOf).filter((b) => b.type === 'inbox_reminder')).toHaveLength(3);
  });

  it('warns 30, 7 and 1 days before the refresh token expires, each once', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, watchdog: true, app: { refresh_token_ttl_s: 10 * 86_400 }, settings: { ...sinks.settings, watchdogIntervalMs: 6 * HOUR } });
    await addEndpoints(w.engine, sinks);
    const { account } = await w.connect();
    const expiresAt = account.refreshExpiresAt;
    expect(expiresAt).toBe(w.clock.now() + 10 * DAY);
    await w.runUntil(() => w.clock.now() >= expiresAt - 12 * HOUR, { maxMs: 10 * DAY, what: 'nine and a half days' });

    const warnings = sinks.hooks.received.map(bodyOf).filter((b) => b.type === 'refresh_token_expiring');
    expect(warnings.map((b) => [b.accountId, b.data['warningMs']])).toEqual([
      [account.id, 30 * DAY],
      [account.id, 7 * DAY],
      [account.id, DAY],
    ]);
    // The access token was refreshed daily meanwhile; each answer's whole seconds left move the
    // stored expiry by under a second, and it is still the same token: one warning per threshold.
    for (const b of warnings) expect(Math.abs((b.data['refreshExpiresAt'] as number) - expiresAt)).toBeLessThan(1_000);
    const leftAtSend = warnings.map((b) => expiresAt - Date.parse(b.occurredAt));
    // The watchdog's first pass ran as the worker started, before the account existed: the first
    // warning comes with the next pass.
    expect(leftAtSend[0]).toBeLessThanOrEqual(10 * DAY);
    expect(leftAtSend[0]).toBeGreaterThan(10 * DAY - 6 * HOUR - MINUTE);
    expect(leftAtSend[1]).toBeLessThanOrEqual(7 * DAY);
    expect(leftAtSend[1]).toBeGreaterThan(7 * DAY - 6 * HOUR - MINUTE);
    expect(leftAtSend[2]).toBeLessThanOrEqual(DAY);
    expect(leftAtSend[2]).toBeGreaterThan(DAY - 6 * HOUR - MINUTE);
    expect(warnings[0]!.summary).toBe(`TikTok account @${account.username} must be connected again within 10 days: its refresh token expires ${new Date(expiresAt).toISOString()}`);
    expect(sinks.smtp.mails.filter((m) => m.header('Subject')!.includes('refresh token expires'))).toHaveLength(3);
  });
});
