// Parking an account (docs/architecture.md §2.4): the grant is gone or unusable, so the account
// becomes needs_reconnect and every post not yet sent to TikTok is held as needs_action — held, not
// failed, not lost. Posts TikTok already has keep being tracked (their status jobs wait for the
// account). Reconnecting the same open_id resumes the held posts in schedule order.
import { transitionPost } from '../domain/transition.js';
import type { Repos } from '../domain/store-port.js';
import type { Account } from '../domain/types.js';
import { localReasonMessage } from '../domain/reasons.js';
import type { EngineDeps } from '../engine-deps.js';
import { raiseNotification } from '../notifications/raise.js';
import { nextRefreshAt } from './refresh-schedule.js';

/** Reasons that hold a post because of its account; reconnecting releases them. */
export const ACCOUNT_HOLD_REASONS = ['account_needs_reconnect', 'account_disconnected'] as const;

export async function parkAccount(
  deps: EngineDeps,
  tx: Repos,
  account: Account,
  input: { reason: string; message: string; actor: string; now: number; status?: 'needs_reconnect' | 'disconnected'; exceptJobKey?: string },
): Promise<string[]> {
  const status = input.status ?? 'needs_reconnect';
  await tx.accounts.setStatus(account.id, status, input.reason, input.message, input.now);
  const holdReason = status === 'disconnected' ? 'account_disconnected' : 'account_needs_reconnect';
  const held: string[] = [];
  for (const post of await tx.posts.list({ accountId: account.id, states: ['scheduled', 'publishing'] })) {
    if (post.initStartedAt !== null) continue;
    const moved = await transitionPost(tx, post, {
      to: 'needs_action',
      actor: input.actor,
      reason: holdReason,
      message: `${localReasonMessage(holdReason)} (${input.message})`,
      guard: { initNotStarted: true },
      now: input.now,
    });
    if (!moved) continue;
    held.push(post.id);
    const key = `publish:${post.id}`;
    if (key !== input.exceptJobKey) await tx.jobs.deleteByKey(key);
  }
  if (`refresh:${account.id}` !== input.exceptJobKey) await tx.jobs.deleteByKey(`refresh:${account.id}`);
  if (status === 'needs_reconnect' && account.status !== 'needs_reconnect') {
    await raiseNotification(
      tx,
      {
        type: 'account_needs_reconnect',
        dedupeKey: `account_needs_reconnect:${account.id}:${input.now}`,
        accountId: account.id,
        postId: null,
        summary: `TikTok account @${account.username} must be connected again (${input.reason})`,
        data: { account: { id: account.id, username: account.username, status }, reason: input.reason, message: input.message, heldPostIds: held },
      },
      input.now,
    );
  }
  deps.events.emit('account', { accountId: account.id, status, reason: input.reason, at: input.now });
  return held;
}

/** Reconnected (active again with fresh tokens): release the account's held posts, oldest first. */
export async function resumeAccount(deps: EngineDeps, tx: Repos, account: Account, input: { actor: string; now: number }): Promise<string[]> {
  const resumed: string[] = [];
  for (const reason of ACCOUNT_HOLD_REASONS) {
    for (const post of await tx.posts.list({ accountId: account.id, states: ['needs_action'], stateReason: reason })) {
      const moved = await transitionPost(tx, post, { to: 'scheduled', actor: input.actor, reason: null, message: 'The account is connected again; the post is back in the queue.', now: input.now });
      if (!moved) continue;
      resumed.push(post.id);
      // A post whose time has passed is due at once; ordering by its own time keeps schedule order.
      await tx.jobs.upsert({ kind: 'publish', key: `publish:${post.id}`, groupKey: `account:${account.id}`, postId: post.id, accountId: account.id, runAt: post.scheduledAt ?? input.now }, input.now);
    }
  }
  await tx.jobs.wakeForAccount(account.id, ['status', 'confirm'], input.now);
  await tx.jobs.upsert(
    { kind: 'refresh', key: `refresh:${account.id}`, groupKey: `account:${account.id}`, accountId: account.id, runAt: nextRefreshAt(account, deps.settings, deps.random, input.now) },
    input.now,
  );
  deps.events.emit('account', { accountId: account.id, status: 'active', reason: null, at: input.now });
  return resumed;
}
