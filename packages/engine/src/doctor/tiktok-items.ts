// The checklist's items that ask TikTok right now: is the account still listed (a user info call
// succeeds, for the same open_id), and can the creator post now (creator_info, docs/tiktok-api.md
// §5.1). A TikTok refusal is explained by the diagnostics catalog (docs/architecture.md §2.6).
import { isTikTokError } from '@tokpost/tiktok';
import { diagnose } from '../diagnostics/diagnose.js';
import { grantRejected } from './account-items.js';
import { RECONNECT_FIX, type CheckItem, type DoctorFacts, type LiveCall } from './checklist.js';

/** A failed call as an item: its code, log_id and the catalog's explanation and fix — never a token. */
function refusal(call: LiveCall<unknown>, what: string): Pick<CheckItem, 'detail' | 'fix' | 'data'> & { transient: boolean } {
  if (call.ok) throw new TypeError('not a failed call');
  if ('skipped' in call) return { detail: `Not checked: ${call.skipped}.`, transient: true };
  const e = call.error;
  if (!isTikTokError(e)) return { detail: `${what} could not be checked (${e instanceof Error ? e.message : String(e)}).`, transient: true, data: { tiktokCode: 'internal' } };
  const d = diagnose({ source: 'tiktok_error', code: e.code, logId: e.logId ?? null, httpStatus: e.httpStatus ?? null });
  const logId = e.logId ? `, log_id ${e.logId}` : '';
  return {
    detail: `${what}: TikTok answered ${e.code}${logId}. ${d.summary}`,
    fix: grantRejected(call) ? RECONNECT_FIX : d.fix,
    transient: e.errorClass === 'retryable',
    data: { tiktokCode: e.code, logId: e.logId ?? null, httpStatus: e.httpStatus ?? null },
  };
}

/** The item for a live call that failed: failing when TikTok refused, warning when it could not be asked. */
function failedItem(id: CheckItem['id'], title: string, call: LiveCall<unknown>, what: string): CheckItem {
  const r = refusal(call, what);
  return { id, status: r.transient ? 'warning' : 'failing', title, detail: r.detail, ...(r.fix ? { fix: r.fix } : {}), ...(r.data ? { data: r.data } : {}) };
}

export function accountListedItem(f: DoctorFacts): CheckItem {
  const title = 'Account still listed on TikTok';
  const u = f.userInfo;
  if (!u.ok) return failedItem('account_listed', title, u, 'User info');
  const user = u.value.user;
  if (user.openId && user.openId !== f.account.openId) {
    return { id: 'account_listed', status: 'failing', title, detail: 'TikTok answered for a different account than the one connected.', fix: RECONNECT_FIX, data: { openId: user.openId } };
  }
  const name = user.displayName ? `“${user.displayName}”` : f.account.openId;
  return { id: 'account_listed', status: 'ok', title, detail: `TikTok knows the account ${name}.`, data: { displayName: user.displayName ?? null, username: user.username ?? null } };
}

export function canPostItem(f: DoctorFacts): CheckItem {
  const title = 'Creator can post now';
  const c = f.creatorInfo;
  if (!c.ok) return failedItem('can_post', title, c, 'creator_info');
  const info = c.value;
  return {
    id: 'can_post',
    status: 'ok',
    title,
    detail: `TikTok lets @${info.username} post now: audiences ${info.privacyLevelOptions.join(', ')}; videos up to ${info.maxVideoPostDurationSec} s.`,
    data: { privacyLevelOptions: info.privacyLevelOptions, maxVideoPostDurationSec: info.maxVideoPostDurationSec },
  };
}
