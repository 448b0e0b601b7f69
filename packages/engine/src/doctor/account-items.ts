// The checklist's account items: connected with a token TikTok accepts, the refresh token's expiry
// (warnings 30, 7 and 1 days before, settings.refreshExpiryWarningsMs), and the scopes granted
// against those tokpost needs.
import { isTikTokError } from '@tokpost/tiktok';
import { refreshExpiryMark } from '../accounts/refresh-schedule.js';
import { scopeFeature } from '../accounts/scope-features.js';
import { formatSpan } from '../time-spans.js';
import { fixOf, isoMinute, RECONNECT_FIX, type CheckItem, type DoctorFacts, type LiveCall } from './checklist.js';

const span = (ms: number) => formatSpan(ms, 'up');

/** A live call that failed because the grant is gone (revoked, expired, banned). */
export function grantRejected(call: LiveCall<unknown>): string | undefined {
  if (call.ok || !('error' in call)) return undefined;
  const e = call.error;
  return isTikTokError(e) && e.errorClass === 'needs_reconnect' ? e.code : undefined;
}

export function connectionItem(f: DoctorFacts): CheckItem {
  const title = 'Connected, token valid';
  const a = f.account;
  if (a.status !== 'active') {
    return {
      id: 'connection',
      status: 'failing',
      title,
      detail: `The account is ${a.status.replace('_', ' ')}${a.statusMessage ? `: ${a.statusMessage}` : '.'}`,
      fix: RECONNECT_FIX,
      data: { accountStatus: a.status, reason: a.statusReason },
    };
  }
  const rejected = grantRejected(f.userInfo) ?? grantRejected(f.creatorInfo);
  if (rejected) {
    return {
      id: 'connection',
      status: 'failing',
      title,
      detail: `TikTok rejects the account's access token (${rejected}): the creator removed tokpost's access in TikTok, or TikTok ended the grant.`,
      fix: RECONNECT_FIX,
      data: { accountStatus: a.status, tiktokCode: rejected },
    };
  }
  if (!f.userInfo.ok && 'skipped' in f.userInfo) {
    return { id: 'connection', status: 'warning', title, detail: `Connected, but the token was not checked: ${f.userInfo.skipped}.`, data: { accessExpiresAt: a.accessExpiresAt } };
  }
  const who = a.username ? `@${a.username}` : a.nickname || a.openId;
  return { id: 'connection', status: 'ok', title, detail: `Connected as ${who}; the access token is valid until ${isoMinute(a.accessExpiresAt)} and renewed automatically.`, data: { accessExpiresAt: a.accessExpiresAt } };
}

export function refreshTokenItem(f: DoctorFacts): CheckItem {
  const title = 'Refresh token expiry';
  const expiresAt = f.account.refreshExpiresAt;
  const left = expiresAt - f.now;
  const data = { refreshExpiresAt: expiresAt, warnBeforeMs: null as number | null };
  if (left <= 0) {
    return { id: 'refresh_token', status: 'failing', title, detail: `The refresh token expired on ${isoMinute(expiresAt)}; only the creator can renew the connection.`, fix: RECONNECT_FIX, data };
  }
  const mark = refreshExpiryMark(left, f.settings.refreshExpiryWarningsMs);
  if (mark === undefined) return { id: 'refresh_token', status: 'ok', title, detail: `The refresh token is valid until ${isoMinute(expiresAt)}.`, data };
  return {
    id: 'refresh_token',
    status: 'warning',
    title,
    detail: `The refresh token expires on ${isoMinute(expiresAt)}, within ${span(mark)} (${span(left)} left). TikTok cannot renew it: after that the creator must connect again.`,
    fix: 'Have the creator connect the account again before that date; this starts a new refresh token.',
    data: { ...data, warnBeforeMs: mark },
  };
}

/** What tokpost needs from a creator, and what each optional scope adds (docs/tiktok-api.md §3). */
const REQUIRED_SCOPES = ['user.info.basic', 'video.publish'] as const;
const OPTIONAL_SCOPES = ['video.upload', 'video.list'] as const;

export function scopesItem(f: DoctorFacts): CheckItem {
  const title = 'Permissions granted';
  const granted = f.account.scopes;
  const missing = REQUIRED_SCOPES.filter((s) => !granted.includes(s));
  const optionalMissing = OPTIONAL_SCOPES.filter((s) => !granted.includes(s));
  const data = { granted, required: [...REQUIRED_SCOPES], optional: [...OPTIONAL_SCOPES], missing: [...missing, ...optionalMissing] };
  const reconnect = fixOf('scope_missing');
  if (missing.length > 0) {
    return { id: 'scopes', status: 'failing', title, detail: `The creator did not grant ${missing.join(', ')}, which tokpost needs to post.`, fix: reconnect, data };
  }
  if (optionalMissing.length > 0) {
    const lost = optionalMissing.map((s) => `${s} (${scopeFeature(s)})`).join('; ');
    return { id: 'scopes', status: 'warning', title, detail: `Posting works. Not granted: ${lost}.`, fix: reconnect, data };
  }
  return { id: 'scopes', status: 'ok', title, detail: `Everything tokpost uses is granted: ${granted.join(', ')}.`, data };
}
