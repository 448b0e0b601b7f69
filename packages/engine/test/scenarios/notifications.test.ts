// Notifications of what happens to posts (docs/notifications.md): raised with the state change,
// delivered by signed webhook to a real HTTP receiver and by email to a real SMTP server, retried
// when the receiver fails and never sent again once acknowledged.
import { describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { addEndpoints, bodyOf, MAIL_FROM, MAIL_TO, receiverAccepts, scenarioParts } from '../support/notification-endpoints.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('notifications (%s)', (dialect) => {
  const parts = scenarioParts();

  it('tells a held and a failed post once each, by a webhook the receiver can verify and by email', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, settings: { preflight: 'warn', ...sinks.settings } });
    const { secret } = await addEndpoints(w.engine, sinks);
    const first = await w.connect();
    const second = await w.connect();
    await w.emu.admin.updateCreator(first.openId, { is_private: true });
    const video = await w.video();
    const small = await w.register(await goodMp4({ width: 320, height: 240, fps: 30, seconds: 1 }));
    const held = await w.schedule({ accountId: first.account.id, mediaIds: [video.id], title: 'held one' });
    const failed = await w.schedule({ accountId: second.account.id, mediaIds: [small.id], title: 'failed one' });
    await w.waitForPost(held.id, ['needs_action']);
    await w.waitForPost(failed.id, ['failed']);
    await w.settle();

    const hooks = sinks.hooks.received;
    expect(hooks.map((r) => bodyOf(r).type).sort()).toEqual(['post_failed', 'post_held']);
    for (const r of hooks) expect(receiverAccepts(r, secret, w.clock.now())).toBe(true);
    expect(receiverAccepts(hooks[0]!, 'whsec_someone_elses_secret', w.clock.now())).toBe(false);
    const heldBody = bodyOf(hooks.find((r) => bodyOf(r).type === 'post_held')!);
    expect(heldBody).toMatchObject({ postId: held.id, accountId: first.account.id, data: { post: { id: held.id, state: 'needs_action', reason: 'privacy_not_offered', title: 'held one' }, from: 'publishing' } });
    expect(heldBody.summary).toBe('Post "held one" is held (privacy_not_offered)');
    expect(hooks.find((r) => bodyOf(r).type === 'post_held')!.headers).toMatchObject({ 'tokpost-event-id': heldBody.id, 'tokpost-event-type': 'post_held', 'content-type': 'application/json' });
    const failedBody = bodyOf(hooks.find((r) => bodyOf(r).type === 'post_failed')!);
    expect(failedBody).toMatchObject({ postId: failed.id, data: { post: { state: 'failed', reason: 'picture_size_check_failed' } } });

    const mails = sinks.smtp.mails;
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.header('Subject')).sort()).toEqual(['[tokpost] Post "failed one" failed (picture_size_check_failed)', '[tokpost] Post "held one" is held (privacy_not_offered)']);
    expect(mails.every((m) => m.from === MAIL_FROM && m.to.join() === MAIL_TO)).toBe(true);
    expect(mails.map((m) => m.header('X-Tokpost-Event-Id')).sort()).toEqual([heldBody.id, failedBody.id].sort());

    // Time goes on: nothing is told twice.
    await w.clock.advance(DAY);
    await w.settle();
    expect(sinks.hooks.received).toHaveLength(2);
    expect(sinks.smtp.mails).toHaveLength(2);
    const { events } = await w.engine.notifications.events.list();
    expect(events.map((e) => e.type).sort()).toEqual(['post_failed', 'post_held']);
    for (const e of events) expect(e.deliveries.map((d) => [d.status, d.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);
  });

  it('tells a due post the daily cap moved to a later slot, naming the new time', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, settings: sinks.settings });
    await addEndpoints(w.engine, sinks);
    const { account } = await w.connect();
    await w.engine.accounts.setPolicy(account.id, { dailyPostCap: 1 });
    const video = await w.video();
    const first = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'first of the day' });
    await w.waitForPost(first.id, ['published']);
    const second = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'one too many' });
    await w.runUntil(async () => (await w.engine.posts.get(second.id)).stateReason === 'daily_cap_reached', { what: 'the second moved' });
    await w.settle();

    const moved = sinks.hooks.received.filter((r) => bodyOf(r).type === 'post_moved');
    expect(moved.map((r) => bodyOf(r).postId)).toEqual([second.id]);
    const body = bodyOf(moved[0]!);
    expect(body.summary).toBe('Post "one too many" was moved to a later slot (daily_cap_reached)');
    expect(body.data).toMatchObject({ post: { state: 'scheduled', reason: 'daily_cap_reached' }, from: 'publishing' });
    expect(String((body.data as { post: { message: string } }).post.message)).toMatch(/Moved to the next free slot, \d{4}-\d{2}-\d{2}T/);
    expect(sinks.smtp.mails.map((m) => m.header('Subject'))).toContain('[tokpost] Post "one too many" was moved to a later slot (daily_cap_reached)');
  });

  it('tells a post missed during downtime, and a published post only to the endpoint that asked for successes', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, settings: sinks.settings });
    await addEndpoints(w.engine, sinks);
    const published = await w.engine.notifications.endpoints.create({ kind: 'email', to: 'wins@tokpost.test', events: ['post_published'] });
    expect(published.secret).toBeNull();
    const { account } = await w.connect();
    const video = await w.video();
    const late = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'due while down', scheduledAt: w.clock.now() + HOUR });
    await w.downtime(4 * HOUR);
    await w.waitForPost(late.id, ['missed']);
    const onTime = await w.schedule({ accountId: account.id, mediaIds: [video.id], title: 'on time' });
    await w.waitForPost(onTime.id, ['published'], 2 * HOUR);
    await w.settle();

    expect(sinks.hooks.received.map((r) => [bodyOf(r).type, bodyOf(r).postId])).toEqual([['post_missed', late.id]]);
    expect(bodyOf(sinks.hooks.received[0]!).data).toMatchObject({ post: { reason: 'missed_schedule' } });
    const byRecipient = sinks.smtp.mails.map((m) => [m.to.join(), m.header('Subject')]).sort();
    expect(byRecipient).toEqual([
      [MAIL_TO, '[tokpost] Post "due while down" was missed (missed_schedule)'],
      ['wins@tokpost.test', '[tokpost] Post "on time" was published'],
    ]);
  });

  it('retries a delivery the receiver refused (5xx) or could not take (down), and never sends it again once acknowledged', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, settings: { ...sinks.settings, notifyRetryBaseMs: 30_000 } });
    const { webhookId } = await addEndpoints(w.engine, sinks, ['post_held']);
    const { account, openId } = await w.connect();
    await w.emu.admin.updateCreator(openId, { is_private: true });
    const video = await w.video();
    sinks.hooks.answer(503);
    await sinks.hooks.waitFor(0);
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id] });
    await w.waitForPost(post.id, ['needs_action']);
    await w.settle();
    expect(sinks.hooks.received.map((r) => r.status)).toEqual([503]);
    const delivery = async () => (await w.engine.notifications.events.list()).events[0]!.deliveries.find((d) => d.endpointId === webhookId)!;
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the receiver answered HTTP 503' });

    // Down for the next try: the connection is refused.
    await sinks.hooks.down();
    // The first retry is due within 15–30 s (30 s base, half of it random); the next one later still.
    await w.clock.advance(30_000);
    await w.settle();
    // Refused, or the kept-alive connection of the first try found closed: either way, unreachable.
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 2, lastError: expect.stringMatching(/^the receiver could not be reached \((ECONNREFUSED|UND_ERR_SOCKET)\)$/) });
    await sinks.hooks.up();
    await w.runUntil(async () => (await delivery()).status === 'delivered', { what: 'the delivery' });
    expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });

    await w.clock.advance(2 * DAY);
    await w.settle();
    const got = sinks.hooks.received;
    expect(got.map((r) => r.status)).toEqual([503, 200]);
    expect(new Set(got.map((r) => r.headers['tokpost-event-id'])).size).toBe(1);
    expect(got[0]!.body).toBe(got[1]!.body);
    expect(await w.store.jobs.count({ kind: 'notify' })).toBe(0);
    // The email endpoint was told once, first time.
    expect(sinks.smtp.mails).toHaveLength(1);
  });

  it('gives up after notifyMaxAttempts tries and records the delivery failed', async () => {
    const sinks = await parts.sinks();
    const w = await parts.world({ dialect, settings: { notifyMaxAttempts: 3, notifyRetryBaseMs: 10_000 } });
    const { webhookId, emailId } = await addEndpoints(w.engine, sinks, ['post_held']);
    const { account, openId } = await w.connect();
    await w.emu.admin.updateCreator(openId, { is_private: true });
    sinks.hooks.answer(500, 500, 500, 500);
    const post = await w.schedule({ accountId: account.id, mediaIds: [(await w.video()).id] });
    await w.waitForPost(post.id, ['needs_action']);
    await w.runUntil(async () => (await w.store.jobs.count({ kind: 'notify' })) === 0, { what: 'the deliveries to end' });
    await w.clock.advance(DAY);
    await w.settle();
    expect(sinks.hooks.received.map((r) => r.status)).toEqual([500, 500, 500]);
    const [event] = (await w.engine.notifications.events.list()).events;
    const hook = event!.deliveries.find((d) => d.endpointId === webhookId);
    const mail = event!.deliveries.find((d) => d.endpointId === emailId);
    expect(hook).toMatchObject({ status: 'failed', attempts: 3, lastError: 'the receiver answered HTTP 500; gave up after 3 tries' });
    // No SMTP server configured: nothing was sent, and the log says why.
    expect(mail).toMatchObject({ status: 'skipped', attempts: 0, lastError: 'no SMTP server is configured' });
    expect(sinks.smtp.mails).toHaveLength(0);
  });
});
