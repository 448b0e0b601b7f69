// The policies at scheduling time (docs/architecture.md §2.5): what TikTok would refuse is refused
// now with the rule and the fix, and what might delay or weaken the post comes back as a warning
// with the post — a cap reached (with the next free slot), an unaudited app, fields TikTok drops
// for inbox drafts, the same media scheduled to several accounts. Publish time checks the caps
// again (policies/policy-gate.ts): the ledger moves between now and then.
import type { Issue } from '../errors.js';
import { localReasonMessage } from '../domain/reasons.js';
import type { Repos } from '../domain/store-port.js';
import type { Account, App, MediaAsset, Post } from '../domain/types.js';
import type { EngineSettings } from '../engine-deps.js';
import { activeCreatorCapOf, effectiveDailyCap, nextFreeSlot, WINDOW_MS } from './caps.js';
import { isPendingDraft, sentSince } from './ledger.js';

export interface Warning {
  code: string;
  message: string;
  /** The next time the post fits under the cap, when a cap is the reason. */
  nextFreeSlot?: number;
}

export interface SchedulingVerdict {
  refusals: Issue[];
  warnings: Warning[];
}

type Settings = Pick<EngineSettings, 'dailyPostCap' | 'capPolicy' | 'pendingInboxCap' | 'identicalMediaWindowMs'>;

/** Other accounts counted for the identical-media warning before it says "or more". */
const SAME_MEDIA_SHOWN = 100;

const when = (t: number) => new Date(t).toISOString();

/** Fields of the post that TikTok does not take for an inbox draft (the creator sets them in the app). */
export function fieldsDroppedInInbox(post: Post): string[] {
  const dropped: string[] = [];
  if (post.kind === 'video' && post.title) dropped.push('caption');
  if (post.privacyLevel) dropped.push('privacy level');
  if (post.allowComment) dropped.push('allow comments');
  if (post.kind === 'video' && post.allowDuet) dropped.push('allow duet');
  if (post.kind === 'video' && post.allowStitch) dropped.push('allow stitch');
  if (post.brandOrganic || post.brandContent) dropped.push('content disclosure');
  if (post.kind === 'video' && post.aiGenerated) dropped.push('AI-generated label');
  if (post.kind === 'video' && post.videoCoverTimestampMs !== null) dropped.push('cover frame');
  return dropped;
}

export async function checkScheduling(repos: Repos, settings: Settings, input: { post: Post; account: Account; app: App; media: readonly MediaAsset[]; now: number }): Promise<SchedulingVerdict> {
  const { post, account, app, media, now } = input;
  const refusals: Issue[] = [];
  const warnings: Warning[] = [];
  const policy = await repos.accountPolicies.get(account.id);

  if (!app.audited && post.mode === 'direct') {
    if (post.privacyLevel !== null && post.privacyLevel !== 'SELF_ONLY') refusals.push({ field: 'privacyLevel', message: localReasonMessage('unaudited_requires_self_only') });
    if (policy.creatorInfo?.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')) refusals.push({ field: 'accountId', message: localReasonMessage('unaudited_requires_private_account') });
    warnings.push({ code: 'unaudited_app', message: 'This TikTok app is not audited yet: posts are visible only to the creator, only private accounts can be posted to, and at most 5 creators a day.' });
  }
  if (post.mode === 'inbox') {
    const dropped = fieldsDroppedInInbox(post);
    if (dropped.length > 0) {
      warnings.push({ code: 'inbox_drops_settings', message: `TikTok does not take these for an inbox draft; the creator sets them in the TikTok app before posting: ${dropped.join(', ')}.` });
    }
  }
  if (post.state !== 'scheduled') return { refusals, warnings };

  const at = Math.max(post.scheduledAt ?? now, now);
  const since = at - WINDOW_MS;
  const others = (list: Array<{ postId: string; at: number }>) => list.filter((x) => x.postId !== post.id).map((x) => x.at);

  const [sent, planned] = await Promise.all([
    sentSince(repos, account.id, post.mode, since),
    repos.ledger.planned({ accountId: account.id, mode: post.mode, from: since, to: at }),
  ]);
  if (post.mode === 'direct') {
    const cap = effectiveDailyCap(policy, settings);
    const times = [...others(sent), ...others(planned)].sort((a, b) => a - b);
    const slot = nextFreeSlot(times, cap, at);
    if (slot > at) {
      warnings.push({
        code: 'daily_cap',
        message: `With this post the creator would have more than ${cap} direct posts in 24 hours (posts sent and scheduled). The next free slot is ${when(slot)}; otherwise tokpost ${(policy.capPolicy ?? settings.capPolicy) === 'hold' ? 'holds the post' : 'moves it there'} when it is due.`,
        nextFreeSlot: slot,
      });
    }
  } else {
    const pending = sent.filter(isPendingDraft).map((d) => d.at);
    const times = [...pending, ...others(planned)].sort((a, b) => a - b);
    const slot = nextFreeSlot(times, settings.pendingInboxCap, at);
    if (slot > at) {
      warnings.push({
        code: 'pending_inbox_cap',
        message: `The creator would have more than ${settings.pendingInboxCap} unfinished drafts in the TikTok inbox within 24 hours. The next free slot is ${when(slot)}, or sooner once the creator finishes some drafts.`,
        nextFreeSlot: slot,
      });
    }
  }

  const creatorCap = activeCreatorCapOf(app);
  if (creatorCap !== undefined) {
    const active = await repos.ledger.activeAccounts(app.id, since);
    if (!active.some((a) => a.accountId === account.id) && active.length >= creatorCap) {
      const slot = Math.min(...active.map((a) => a.lastAt)) + WINDOW_MS;
      warnings.push({ code: 'active_creator_cap', message: `${active.length} creators already post through this TikTok app within 24 hours of this time (cap ${creatorCap}). The next free slot is ${when(slot)}.`, nextFreeSlot: slot });
    }
  }

  const window = settings.identicalMediaWindowMs;
  const seen = new Set<string>();
  for (const m of new Set(media.map((x) => x.sha256))) {
    const others = await repos.ledger.accountsWithMedia({ sha256: m, from: at - window, to: at + window, excludeAccountId: account.id, limit: SAME_MEDIA_SHOWN });
    for (const a of others) seen.add(a);
  }
  if (seen.size > 0) {
    const count = seen.size >= SAME_MEDIA_SHOWN ? `${SAME_MEDIA_SHOWN} or more other accounts` : `${seen.size} other account${seen.size === 1 ? '' : 's'}`;
    warnings.push({
      code: 'identical_media',
      message: `The same media is scheduled for ${count} within ${Math.round(window / 3_600_000)} hours. TikTok's spam detection may block or limit repeated content; vary the video or space the posts out.`,
    });
  }
  return { refusals, warnings };
}
