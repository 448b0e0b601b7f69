// The checklist items are pure functions of the gathered facts: fixed facts in, fixed verdicts out.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../engine-deps.js';
import type { Account, AccountPolicy, App } from '../domain/types.js';
import { refreshTokenItem, scopesItem } from './account-items.js';
import type { DoctorFacts } from './checklist.js';
import { auditItem, dailyCapItem, pendingDraftsItem } from './posting-items.js';

const NOW = Date.UTC(2026, 5, 1, 9);
const DAY = 86_400_000;

const account = {
  id: 'acct_1',
  appId: 'app_1',
  openId: 'open-1',
  username: 'creator',
  nickname: 'Creator',
  avatarUrl: '',
  scopes: ['user.info.basic', 'video.publish', 'video.upload', 'video.list'],
  accessToken: 'act.secret',
  refreshToken: 'rft.secret',
  accessExpiresAt: NOW + DAY,
  refreshExpiresAt: NOW + 365 * DAY,
  status: 'active',
  statusReason: null,
  statusMessage: null,
  statusChangedAt: NOW,
  lastRefreshAt: NOW,
  createdAt: NOW,
  updatedAt: NOW,
} satisfies Account;

const policy: AccountPolicy = {
  accountId: 'acct_1',
  dailyPostCap: null,
  learnedPostCap: null,
  learnedCapAt: null,
  pausedUntil: null,
  pausedReason: null,
  capPolicy: null,
  creatorInfo: null,
  creatorInfoAt: null,
  updatedAt: NOW,
};

const app: App = { id: 'app_1', clientKey: 'k', clientSecret: 's', audited: true, verifiedUrlPrefixes: [], createdAt: NOW, updatedAt: NOW };

function facts(o: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    now: NOW,
    settings: DEFAULT_SETTINGS,
    account,
    app,
    policy,
    ledger: { directInitsLast24h: 0, directInitTimes: [], pendingInboxTimes: [], activeCreators: [] },
    userInfo: { ok: false, skipped: 'not asked' },
    creatorInfo: { ok: false, skipped: 'not asked' },
    inboxPending: [],
    lastPublished: undefined,
    failedSince: [],
    ...o,
  };
}

describe('doctor items', () => {
  it('daily cap: ok below 80 %, warning from 12 of 15, failing at 15 with the time the oldest post leaves the window', () => {
    const times = Array.from({ length: 15 }, (_, i) => NOW - 20 * 3_600_000 + i * 60_000);
    const at = (n: number) => dailyCapItem(facts({ ledger: { directInitsLast24h: n, directInitTimes: times.slice(0, n), pendingInboxTimes: [], activeCreators: [] } }));
    expect([at(11).status, at(12).status, at(15).status]).toEqual(['ok', 'warning', 'failing']);
    expect(at(15).data).toMatchObject({ used: 15, cap: 15, nextFreeAt: NOW + 4 * 3_600_000 });
  });

  it('daily cap: a learnt lower cap counts, and a pause fails the item whatever the count', () => {
    const learnt = dailyCapItem(facts({ policy: { ...policy, learnedPostCap: 3 }, ledger: { directInitsLast24h: 3, directInitTimes: [NOW - 3, NOW - 2, NOW - 1], pendingInboxTimes: [], activeCreators: [] } }));
    expect(learnt).toMatchObject({ status: 'failing', data: { used: 3, cap: 3 } });
    expect(learnt.detail).toContain('another tool posts for this creator');
    const paused = dailyCapItem(facts({ policy: { ...policy, pausedUntil: NOW + 3_600_000, pausedReason: 'TikTok said the creator is at the daily limit.' } }));
    expect(paused).toMatchObject({ status: 'failing', data: { used: 0, pausedUntil: NOW + 3_600_000 } });
    expect(paused.detail).toContain('2026-06-01 10:00 UTC');
  });

  it('refresh token: the nearest mark passed is named', () => {
    const left = (ms: number) => refreshTokenItem(facts({ account: { ...account, refreshExpiresAt: NOW + ms } }));
    expect(left(6 * DAY + 1).detail).toBe('The refresh token expires on 2026-06-07 09:00 UTC, within 7 days (7 days left). TikTok cannot renew it: after that the creator must connect again.');
    expect(left(5 * 3_600_000).detail).toContain('within 1 day (5 hours left)');
  });

  it('scopes: a missing posting scope fails, a missing optional one warns with what is lost', () => {
    const without = (...drop: string[]) => scopesItem(facts({ account: { ...account, scopes: account.scopes.filter((s) => !drop.includes(s)) } }));
    expect(without('video.publish')).toMatchObject({ status: 'failing', data: { missing: ['video.publish'] } });
    const w = without('video.list');
    expect(w).toMatchObject({ status: 'warning', data: { missing: ['video.list'] } });
    expect(w.detail).toBe('Posting works. Not granted: video.list (confirming published posts on the profile and keeping TikTok’s own link to each).');
    expect(without().status).toBe('ok');
  });

  it('audit: an unaudited app fails for a public account known from the last creator_info', () => {
    const snapshot = { avatarUrl: '', username: 'c', nickname: 'C', privacyLevelOptions: ['PUBLIC_TO_EVERYONE' as const, 'SELF_ONLY' as const], commentDisabled: false, duetDisabled: false, stitchDisabled: false, maxVideoPostDurationSec: 600 };
    expect(auditItem(facts({ app: { ...app, audited: false }, policy: { ...policy, creatorInfo: snapshot } })).status).toBe('failing');
    expect(auditItem(facts({ app: { ...app, audited: false } }))).toMatchObject({ status: 'warning', data: { publicAccount: null } });
  });

  it('pending drafts: failing once as many drafts as TikTok allows are unfinished in 24 h', () => {
    const item = pendingDraftsItem(facts({ ledger: { directInitsLast24h: 0, directInitTimes: [], pendingInboxTimes: [1, 2, 3, 4, 5].map((i) => NOW - i), activeCreators: [] } }));
    expect(item).toMatchObject({ status: 'failing', data: { pendingLast24h: 5, cap: 5 } });
  });
});
