// TikTok webhook events, processed as jobs (the receiver only verifies, records and answers 200 at
// once, as TikTok asks). Events are deduplicated on receipt by their idempotency key; processing is
// idempotent anyway, because observations never move a post backwards.
//
// Adoption: an event naming a publish_id tokpost never saw can only be a publish whose init answer
// was lost. Only success events (complete, inbox_delivered, publicly_available) are adopted, by the
// one post of that account waiting for exactly that — a URL pull TikTok had started fetching (the
// publish job lets an account have only one such post at a time). A success cannot come from any
// other unknown publish: an orphaned upload never receives bytes and an orphaned pull whose token
// was revoked never gets its media. A failure can, though — those are exactly the orphans made safe
// — so an unknown publish's failure is never taken as the waiting post's: that post waits for its
// deadline and asks a person rather than risk publishing twice. The publish_id's observed shape
// (`v_pub_url~…`, `p_inbox_url~…`) must fit the post too, when it has that shape.
//
// authorization.removed parks the account, unless the account was (re)connected after TikTok
// created the event: then it speaks of the grant that reconnect replaced.
import type { TikTokWebhookEvent } from '@tokpost/tiktok';
import { transitionPost } from '../domain/transition.js';
import type { Repos } from '../domain/store-port.js';
import type { Account, Post } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import type { JobHandler } from '../jobs/worker.js';
import { parkAccount } from '../accounts/park.js';
import { applyObservation } from './apply-observation.js';
import type { StatusObservation } from './observe-status.js';
import { startTracking } from './publish-outcomes.js';

type PublishEvent = Extract<TikTokWebhookEvent, { publishId: string }>;

function observationOf(e: PublishEvent): StatusObservation | undefined {
  switch (e.type) {
    case 'post.publish.failed':
      return { kind: 'failed', failReason: e.failReason || 'unknown' };
    case 'post.publish.complete':
      return { kind: 'complete', postIds: [] };
    case 'post.publish.inbox_delivered':
      return { kind: 'inbox_delivered' };
    case 'post.publish.publicly_available':
      return { kind: 'publicly_available', postId: e.postId };
    case 'post.publish.no_longer_publicaly_available':
      return { kind: 'no_longer_public', postId: e.postId };
  }
}

/** What a publish_id's observed shape says about its post, when it has the usual shape. */
export function publishIdShape(publishId: string): { kind: 'video' | 'photo'; mode: 'direct' | 'inbox'; source: 'file' | 'url' } | undefined {
  const m = /^([vp])_(pub|inbox)_(file|url)~/.exec(publishId);
  if (!m) return undefined;
  return { kind: m[1] === 'v' ? 'video' : 'photo', mode: m[2] === 'pub' ? 'direct' : 'inbox', source: m[3] as 'file' | 'url' };
}

async function findAdoptable(tx: Repos, account: Account, e: PublishEvent): Promise<{ post: Post; attemptId: string } | undefined> {
  if (e.type === 'post.publish.failed' || e.type === 'post.publish.no_longer_publicaly_available') return undefined;
  const shape = publishIdShape(e.publishId);
  const candidates: Array<{ post: Post; attemptId: string }> = [];
  for (const post of await tx.posts.list({ accountId: account.id, states: ['publishing', 'processing', 'needs_action'] })) {
    if (post.publishId !== null || post.initStartedAt === null) continue;
    if (post.kind !== 'photo' && post.source !== 'PULL_FROM_URL') continue;
    const attempt = await tx.attempts.latestInit(post.id);
    if (!attempt || (attempt.outcome !== 'unknown' && attempt.outcome !== 'pending')) continue;
    if (shape && (shape.kind !== post.kind || shape.mode !== post.mode || shape.source !== 'url')) continue;
    candidates.push({ post, attemptId: attempt.id });
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function createWebhookHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const key = String(lease.job.payload['eventKey'] ?? '');
    const rec = await deps.store.webhookEvents.get(key);
    if (!rec || rec.processedAt !== null) return lease.done();
    const event = rec.payload as TikTokWebhookEvent;
    const actor = 'tiktok:webhook';
    /** Ends the job and records what the event did; `fn` may answer a different outcome. */
    const finish = (outcome: string, fn?: (tx: Repos) => Promise<string | void>) =>
      lease.done(async (tx) => {
        const result = (await fn?.(tx)) ?? outcome;
        await tx.webhookEvents.markProcessed(key, result, deps.clock.now());
      });

    const app = await deps.store.apps.getByClientKey(event.clientKey);
    if (!app) return finish('unknown_app');
    const account = event.userOpenId ? await deps.store.accounts.getByOpenId(app.id, event.userOpenId) : undefined;

    if (event.type === 'authorization.removed') {
      if (!account || account.status !== 'active') return finish('ignored');
      // TikTok retries a delivery for days, so the event may be about a grant the creator has
      // since replaced by connecting again: parking the fresh account would hold its posts for
      // nothing. create_time has whole seconds; a reconnect within the event's own second counts
      // as older, so in doubt the account is parked (its next call would tell anyway).
      if (account.statusChangedAt >= (event.createTime + 1) * 1000) return finish('stale_grant');
      return finish('account_parked', async (tx) => {
        await parkAccount(deps, tx, account, {
          reason: 'authorization_removed',
          message: `TikTok says access was removed: ${event.reasonText} (reason ${event.reason}).`,
          actor,
          now: deps.clock.now(),
        });
      });
    }
    if (event.type === 'unknown') return finish('ignored');

    const obs = observationOf(event);
    if (!obs) return finish('ignored');
    const post = await deps.store.posts.findByPublishId(event.publishId);
    if (!post) {
      // A publish_id of an earlier attempt of some post (an orphan, a failed try): not the one that counts.
      if (await deps.store.attempts.findByPublishId(event.publishId)) return finish('stale_publish');
      if (!account) return finish('unmatched');
      return finish('adopted', async (tx) => {
        const found = await findAdoptable(tx, account, event);
        if (!found) return 'unmatched';
        const now = deps.clock.now();
        await tx.attempts.finish(found.attemptId, { outcome: 'ok', publishId: event.publishId, message: `Matched to TikTok's publish ${event.publishId} by its ${event.type} webhook.` });
        await tx.posts.update(found.post.id, { publishId: event.publishId }, now);
        let adopted: Post | undefined = { ...found.post, publishId: event.publishId };
        if (adopted.state === 'needs_action') {
          adopted = await transitionPost(tx, adopted, { to: 'processing', actor, reason: null, message: `TikTok named the publish (${event.publishId}); tracking it.`, now });
        }
        if (adopted) adopted = await startTracking(deps, tx, adopted, actor, { message: `TikTok named the publish (${event.publishId}); tracking it.` });
        if (adopted) await applyObservation(deps, tx, adopted, app, obs, actor);
        return 'adopted';
      });
    }
    const target = post;
    return finish('applied', async (tx) => {
      await applyObservation(deps, tx, target, app, obs, actor);
    });
  };
}

/** Records a verified event and queues its processing; false when TikTok delivered it before. */
export async function enqueueWebhookEvent(deps: EngineDeps, event: TikTokWebhookEvent): Promise<{ duplicate: boolean }> {
  const first = await deps.store.transaction((tx) => recordWebhookEvent(deps, tx, event, deps.clock.now()));
  if (first) deps.events.emit('work');
  return { duplicate: !first };
}

/** The event and the job that processes it, in the caller's transaction; false for a redelivery. Emit 'work' after commit. */
export async function recordWebhookEvent(deps: EngineDeps, tx: Repos, event: TikTokWebhookEvent, now: number): Promise<boolean> {
  const app = await tx.apps.getByClientKey(event.clientKey);
  const account = app && event.userOpenId ? await tx.accounts.getByOpenId(app.id, event.userOpenId) : undefined;
  const publishId = 'publishId' in event ? event.publishId : null;
  const fresh = await tx.webhookEvents.record({ key: event.idempotencyKey, event: event.event, receivedAt: now, accountId: account?.id ?? null, publishId, payload: event });
  if (fresh) {
    await tx.jobs.upsert(
      { kind: 'webhook', key: `webhook:${event.idempotencyKey}`, groupKey: account ? `account:${account.id}` : null, accountId: account?.id ?? null, runAt: now, payload: { eventKey: event.idempotencyKey } },
      now,
    );
  }
  return fresh;
}
