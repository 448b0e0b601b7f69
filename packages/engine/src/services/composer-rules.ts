// TikTok's composer rules (docs/tiktok-api.md §12), enforced when a post is created through the API
// and not only in a UI: the privacy level is chosen by the user from the creator's current options
// (there is no default), interactions the creator switched off cannot be allowed, branded content is
// never SELF_ONLY, a video may not exceed the creator's maximum duration, and media whose preflight
// found errors is not accepted until fixed. Each refusal names its rule, the field, and the fix.
//
// The same checks run again at publish time against creator_info read then (pipeline/creator-check.ts):
// these catch the mistake while the user is still there; those catch a creator whose settings changed.
import { COMPOSER_CREATOR_INFO_MAX_AGE_MS, type CreatorInfo, type CreatorInfoReader } from '../accounts/creator-info.js';
import { localReasonMessage } from '../domain/reasons.js';
import type { Account, MediaAsset, PostKind } from '../domain/types.js';
import { EngineError, type Issue } from '../errors.js';
import type { Warning } from '../policies/scheduling-checks.js';
import { videoDurationSec } from '../pipeline/creator-check.js';
import { kindOfMedia, type PostInput } from './post-input.js';

export const COMPOSER_RULES = [
  'privacy_required',
  'privacy_not_offered',
  'comments_disabled_by_creator',
  'duet_disabled_by_creator',
  'stitch_disabled_by_creator',
  'branded_content_private',
  'duration_over_creator_max',
  'media_preflight_errors',
] as const;
export type ComposerRule = (typeof COMPOSER_RULES)[number];

const issue = (rule: ComposerRule, field: string, message: string): Issue => ({ field, rule, message });

/**
 * The rules the input breaks for this creator. `creator` is undefined when the post needs no
 * creator_info (an inbox draft of photos); `blockPreflight` follows settings.preflight.
 */
export function composerIssues(input: PostInput, kind: PostKind | undefined, media: readonly MediaAsset[], creator: CreatorInfo | undefined, o: { blockPreflight: boolean }): Issue[] {
  const issues: Issue[] = [];
  const direct = (input.mode ?? 'direct') === 'direct';
  const options = creator?.privacyLevelOptions.join(', ') ?? '';
  const privacy = input.privacyLevel ?? null;
  // Inbox drafts send no privacy or interaction settings: the creator picks them in the app.
  if (direct && creator && !input.draft) {
    if (privacy === null) {
      issues.push(issue('privacy_required', 'privacyLevel', `required: TikTok allows no default privacy level. Choose one of this creator's options: ${options}.`));
    } else if (!creator.privacyLevelOptions.includes(privacy)) {
      issues.push(issue('privacy_not_offered', 'privacyLevel', `${privacy} is not among this creator's privacy options (${options}); choose one of them.`));
    }
    if (input.allowComment && creator.commentDisabled) issues.push(issue('comments_disabled_by_creator', 'allowComment', `${localReasonMessage('comments_disabled_by_creator')} Send allowComment: false.`));
    if (kind === 'video' && input.allowDuet && creator.duetDisabled) issues.push(issue('duet_disabled_by_creator', 'allowDuet', `${localReasonMessage('duet_disabled_by_creator')} Send allowDuet: false.`));
    if (kind === 'video' && input.allowStitch && creator.stitchDisabled) issues.push(issue('stitch_disabled_by_creator', 'allowStitch', `${localReasonMessage('stitch_disabled_by_creator')} Send allowStitch: false.`));
  }
  if (direct && input.disclosure?.brandedContent && privacy === 'SELF_ONLY') {
    const others = creator ? creator.privacyLevelOptions.filter((p) => p !== 'SELF_ONLY').join(' or ') : 'a public or friends level';
    issues.push(issue('branded_content_private', 'privacyLevel', `branded content cannot be visible only to the creator (SELF_ONLY): choose ${others || 'another level'}, or set disclosure.brandedContent to false.`));
  }
  if (kind === 'video' && creator) {
    const duration = videoDurationSec(media[0]);
    if (duration !== undefined && duration > creator.maxVideoPostDurationSec) {
      issues.push(
        issue(
          'duration_over_creator_max',
          'mediaIds',
          `the video lasts ${Math.round(duration * 10) / 10} s and this creator may post videos of up to ${creator.maxVideoPostDurationSec} s: trim the video or post it to another account.`,
        ),
      );
    }
  }
  if (o.blockPreflight) {
    for (const m of media) {
      const errors = m.findings.filter((f) => f.severity === 'error');
      if (errors.length === 0) continue;
      const what = errors.map((f) => `${f.message} ${f.fix}`.trim()).join(' ');
      issues.push(issue('media_preflight_errors', 'mediaIds', `media ${m.id} would be rejected by TikTok: ${what} Fix it (POST /api/media/${m.id}/fix) and post the fixed media instead.`));
    }
  }
  return issues;
}

/** Whether creating this post needs the creator's info: a direct post, or a video (its duration). */
export function needsCreatorInfo(input: PostInput, kind: PostKind | undefined): boolean {
  if (input.draft) return false;
  return (input.mode ?? 'direct') === 'direct' || kind === 'video';
}

/** Daily limits: they lift with time, so a post scheduled for later may still be accepted. A ban does not. */
const PASSING_LIMITS: ReadonlySet<string> = new Set(['spam_risk_too_many_posts', 'reached_active_user_cap']);

/** A post due later than this is "for later": TikTok's "cannot post now" does not refuse it. */
const LATER_MS = 60_000;

export interface ComposerVerdict {
  issues: Issue[];
  warnings: Warning[];
}

/**
 * The generic input issues (services/post-input.ts) with the composer's added. When TikTok says the
 * creator cannot post now because of a daily limit, a post scheduled for later is still checked —
 * against the last creator_info known — and accepted with a warning; the publish run asks again.
 */
export async function withComposerRules(
  generic: Issue[],
  c: {
    input: PostInput;
    account: Account;
    media: readonly MediaAsset[];
    reader: CreatorInfoReader | undefined;
    blockPreflight: boolean;
    now: number;
    lastKnown: () => Promise<CreatorInfo | undefined>;
  },
): Promise<ComposerVerdict> {
  const kind = c.input.kind ?? kindOfMedia(c.media);
  const warnings: Warning[] = [];
  // An inbox video needs only its duration checked, which needs video.publish; without it the publish-time check stands.
  const wanted = c.reader && needsCreatorInfo(c.input, kind) && (c.input.mode !== 'inbox' || c.account.scopes.includes('video.publish'));
  let creator: CreatorInfo | undefined;
  if (wanted) {
    try {
      creator = await c.reader!.read(c.account.id, { maxAgeMs: COMPOSER_CREATOR_INFO_MAX_AGE_MS });
    } catch (e) {
      const later = typeof c.input.scheduledAt === 'number' && c.input.scheduledAt > c.now + LATER_MS;
      if (!(e instanceof EngineError && e.code === 'cannot_post_now' && later && e.reason && PASSING_LIMITS.has(e.reason))) throw e;
      creator = await c.lastKnown();
      warnings.push({ code: 'creator_cannot_post_now', message: `${e.message}. The post is scheduled for later, so it is accepted; TikTok is asked again when it is due.` });
    }
  }
  const composer = composerIssues(c.input, kind, c.media, creator, { blockPreflight: c.blockPreflight });
  // post-input.ts refuses a missing privacy level and SELF_ONLY branded content too, without the
  // creator's options: the composer's issue on privacyLevel stands for both. Other fields keep both.
  const restated = composer.some((i) => i.field === 'privacyLevel');
  return { issues: [...generic.filter((i) => !(restated && i.field === 'privacyLevel')), ...composer], warnings };
}
