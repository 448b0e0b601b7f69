// Reminders that need no state change to happen (docs/notifications.md §2): an inbox draft still
// waiting for the creator, at each of settings.inboxRemindersMs after its delivery; and a refresh
// token nearing its end, at each of settings.refreshExpiryWarningsMs before `refresh_expires_at`.
// Each goes out at most once (its dedupe key names the moment). When the watchdog was not running as
// a moment passed (downtime), only the latest due one is sent: two late reminders say no more than one.
import type { Repos } from '../domain/store-port.js';
import type { Account, Post } from '../domain/types.js';
import type { EngineSettings } from '../engine-deps.js';
import { refreshExpiryMark } from '../accounts/refresh-schedule.js';
import { formatSpan } from '../time-spans.js';
import { postData, postLabel } from './post-notifications.js';
import { raiseNotification } from './raise.js';
import { stateEntry, type LazyTimeline } from './stuck-posts.js';

const HOUR = 3_600_000;

export async function remindInbox(tx: Repos, settings: EngineSettings, post: Post, timeline: LazyTimeline, now: number): Promise<boolean> {
  if (post.state !== 'inbox_pending') return false;
  const entry = stateEntry(post, await timeline());
  if (!entry) return false;
  const offsets = [...settings.inboxRemindersMs].sort((a, b) => a - b);
  let index = -1;
  offsets.forEach((o, i) => {
    if (entry.at + o <= now) index = i;
  });
  if (index < 0) return false;
  const waited = now - entry.at;
  const raised = await raiseNotification(
    tx,
    {
      type: 'inbox_reminder',
      dedupeKey: `inbox_reminder:${post.id}:${entry.seq}:${offsets[index]}`,
      accountId: post.accountId,
      postId: post.id,
      summary: `Draft ${postLabel(post)} has waited ${formatSpan(waited)} in the creator's TikTok inbox`,
      data: { post: postData(post), deliveredAt: entry.at, reminder: index + 1, of: offsets.length },
    },
    now,
  );
  return raised !== undefined;
}

export async function warnRefreshExpiry(tx: Repos, settings: EngineSettings, account: Account, now: number): Promise<boolean> {
  if (account.status !== 'active') return false;
  const left = account.refreshExpiresAt - now;
  if (left <= 0) return false;
  const threshold = refreshExpiryMark(left, settings.refreshExpiryWarningsMs);
  if (threshold === undefined) return false;
  const raised = await raiseNotification(
    tx,
    {
      type: 'refresh_token_expiring',
      // The expiry to the hour: each refresh recomputes it from TikTok's whole seconds left, so it
      // wobbles by a second; a rotated token with a really new expiry still gets its own warnings.
      dedupeKey: `refresh_token_expiring:${account.id}:${Math.round(account.refreshExpiresAt / HOUR)}:${threshold}`,
      accountId: account.id,
      postId: null,
      summary: `TikTok account @${account.username} must be connected again within ${formatSpan(left)}: its refresh token expires ${new Date(account.refreshExpiresAt).toISOString()}`,
      data: { account: { id: account.id, username: account.username }, refreshExpiresAt: account.refreshExpiresAt, warningMs: threshold },
    },
    now,
  );
  return raised !== undefined;
}
