// The checklist's posting items, from tokpost's own records: direct posts in the last 24 h against
// the cap in force (the policies' ledger and effectiveDailyCap, docs/architecture.md §2.5), the
// app's audit (unaudited: SELF_ONLY to private accounts only, docs/tiktok-api.md §10), drafts
// waiting in the creator's inbox, and the last post that went out.
import { capPolicyOf, effectiveDailyCap, nextFreeSlot } from '../policies/caps.js';
import { localReasonMessage } from '../domain/reasons.js';
import { fixOf, isoMinute, type CheckItem, type DoctorFacts } from './checklist.js';

export function dailyCapItem(f: DoctorFacts): CheckItem {
  const title = 'Posts in the last 24 h';
  const defaults = { dailyPostCap: f.settings.dailyPostCap, capPolicy: f.settings.capPolicy };
  const cap = effectiveDailyCap(f.policy, defaults);
  const used = f.ledger.directInitsLast24h;
  const learnt = f.policy.learnedPostCap !== null && f.policy.learnedPostCap <= (f.policy.dailyPostCap ?? f.settings.dailyPostCap) ? ' (a limit TikTok taught tokpost: another tool posts for this creator too)' : '';
  const data = { used, cap, capPolicy: capPolicyOf(f.policy, defaults), pausedUntil: f.policy.pausedUntil };
  if (f.policy.pausedUntil !== null && f.policy.pausedUntil > f.now) {
    return {
      id: 'daily_cap',
      status: 'failing',
      title,
      detail: `Publishing is paused until ${isoMinute(f.policy.pausedUntil)}: ${f.policy.pausedReason ?? localReasonMessage('account_paused')} ${used} of ${cap} direct posts used.`,
      fix: fixOf('account_paused'),
      data,
    };
  }
  if (used >= cap) {
    const free = nextFreeSlot(f.ledger.directInitTimes, cap, f.now);
    return {
      id: 'daily_cap',
      status: 'failing',
      title,
      detail: `${used} of ${cap} direct posts used in the last 24 h${learnt}: the creator is at the cap; the next slot frees at ${isoMinute(free)}.`,
      fix: 'Spread the posts out; posts due before then are moved to the next free slot or held, as the cap policy says.',
      data: { ...data, nextFreeAt: free },
    };
  }
  const status = used >= Math.ceil(cap * 0.8) ? 'warning' : 'ok';
  return { id: 'daily_cap', status, title, detail: `${used} of ${cap} direct posts used in the last 24 h${learnt}.`, ...(status === 'warning' ? { fix: 'Few slots are left today; spread further posts out.' } : {}), data };
}

export function auditItem(f: DoctorFacts): CheckItem {
  const title = 'App audited';
  if (f.app.audited) return { id: 'audit', status: 'ok', title, detail: 'The TikTok app is audited: posts can be public.', data: { audited: true } };
  const options = f.creatorInfo.ok ? f.creatorInfo.value.privacyLevelOptions : f.policy.creatorInfo?.privacyLevelOptions;
  const publicAccount = options?.includes('PUBLIC_TO_EVERYONE') ?? null;
  const data = { audited: false, publicAccount };
  if (publicAccount) {
    return { id: 'audit', status: 'failing', title, detail: localReasonMessage('unaudited_requires_private_account'), fix: fixOf('unaudited_requires_private_account'), data };
  }
  return {
    id: 'audit',
    status: 'warning',
    title,
    detail: 'The TikTok app is not audited: every post is visible only to the creator (SELF_ONLY), only private accounts can be posted to, and at most 5 creators a day.',
    fix: 'Apply for TikTok’s Content Posting API audit to post publicly.',
    data,
  };
}

export function pendingDraftsItem(f: DoctorFacts): CheckItem {
  const title = 'Drafts waiting in the TikTok inbox';
  const waiting = f.inboxPending.length;
  const cap = f.settings.pendingInboxCap;
  const recent = f.ledger.pendingInboxTimes.length;
  const data = { waiting, pendingLast24h: recent, cap, postIds: f.inboxPending.map((p) => p.id) };
  const finish = fixOf('pending_inbox_cap_reached');
  if (recent >= cap) {
    return { id: 'pending_drafts', status: 'failing', title, detail: `${recent} drafts sent in the last 24 h are unfinished: TikTok accepts no more than ${cap}.`, fix: finish, data };
  }
  if (waiting > 0) return { id: 'pending_drafts', status: 'warning', title, detail: `${waiting} draft${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for the creator in the TikTok inbox.`, fix: finish, data };
  return { id: 'pending_drafts', status: 'ok', title, detail: 'No draft is waiting for the creator.', data };
}

export function lastPostItem(f: DoctorFacts): CheckItem {
  const title = 'Last successful post';
  const last = f.lastPublished;
  const failed = f.failedSince.length;
  const data = { postId: last?.id ?? null, publishedAt: last?.publishedAt ?? null, shareUrl: last?.shareUrl ?? null, failedSince: f.failedSince.map((p) => p.id) };
  const since = failed > 0 ? ` ${failed} post${failed === 1 ? '' : 's'} failed or ${failed === 1 ? 'is' : 'are'} held since.` : '';
  if (!last) {
    return { id: 'last_post', status: 'warning', title, detail: `No post has gone out through tokpost yet.${since}`, fix: 'Run the doctor with a test post to check publishing end to end.', data };
  }
  const link = last.shareUrl ? ` (${last.shareUrl})` : '';
  return {
    id: 'last_post',
    status: failed > 0 ? 'warning' : 'ok',
    title,
    detail: `Last published on ${isoMinute(last.publishedAt ?? last.updatedAt)}${link}.${since}`,
    ...(failed > 0 ? { fix: 'Open the failed or held posts: each says why and what to do.' } : {}),
    data,
  };
}
