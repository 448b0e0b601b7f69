// TikTok's Content Sharing Guidelines for a Direct Post composer (docs/web-ui.md §3; TikTok's rules as
// docs/tiktok-api.md §12 records them), as one pure function: given the creator's fresh info, the
// media and the form, it says which options are visible and enabled, whether publishing is allowed
// (and the hover text when not), the disclosure label and the consent line. The components only
// render what this returns, so every rule is unit-tested here.
import type { CreatorInfo, PrivacyLevel } from '../api/types.js';

export type MediaKind = 'video' | 'photo';
export type PostMode = 'direct' | 'inbox';

export interface ComposerForm {
  title: string;
  description: string;
  /** No default: null until the user picks one of the creator's options. */
  privacyLevel: PrivacyLevel | null;
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  /** The "Content Disclosure Setting" toggle. */
  disclosureOn: boolean;
  /** "Your brand": brand_organic_toggle. */
  yourBrand: boolean;
  /** "Branded content": brand_content_toggle. */
  brandedContent: boolean;
  aiGenerated: boolean;
  /** Photos, direct posts only: TikTok adds recommended music (auto_add_music). */
  autoAddMusic: boolean;
  mode: PostMode;
}

/** The form as it opens: nothing chosen, every toggle off (§12 2b, 2c, 3). */
export const INITIAL_FORM: ComposerForm = {
  title: '',
  description: '',
  privacyLevel: null,
  allowComment: false,
  allowDuet: false,
  allowStitch: false,
  disclosureOn: false,
  yourBrand: false,
  brandedContent: false,
  aiGenerated: false,
  autoAddMusic: false,
  mode: 'direct',
};

export interface MediaState {
  kind: MediaKind | null;
  /** Photos in the carousel, or 1 for a video. */
  count: number;
  /** The video's length in seconds, when the probe knew it. */
  durationSec: number | null;
  /** An upload or a fix is still running. */
  busy: boolean;
  /** Preflight errors left unfixed. */
  errorCount: number;
}

export const NO_MEDIA: MediaState = { kind: null, count: 0, durationSec: null, busy: false, errorCount: 0 };

export interface RulesInput {
  creator: CreatorInfo;
  media: MediaState;
  form: ComposerForm;
  /** The account's app: false means TikTok shows the posts to the creator only (§10). */
  audited?: boolean;
}

export interface Option {
  visible: boolean;
  disabled: boolean;
  /** Why it is disabled, as hover text and a note beside it. */
  reason: string | null;
}

export interface PrivacyOption {
  value: PrivacyLevel;
  label: string;
  disabled: boolean;
  reason: string | null;
}

export interface TextPart {
  text: string;
  href?: string;
}

export interface ComposerRules {
  /** Direct posts carry the settings below; an inbox draft is finished in TikTok. */
  directSettings: boolean;
  privacyOptions: PrivacyOption[];
  comment: Option;
  duet: Option;
  stitch: Option;
  yourBrand: Option;
  brandedContent: Option;
  autoAddMusic: Option;
  /** "Your photo/video will be labeled as …", or null when nothing is disclosed. */
  disclosureLabel: string | null;
  aiLabel: string | null;
  /** The line right before the publish button, with its links. */
  consent: TextPart[];
  consentText: string;
  titleMax: number;
  descriptionMax: number | null;
  /** Shown above the form when the app is not audited. */
  auditWarning: string | null;
  durationProblem: string | null;
  canPublish: boolean;
  /** The first reason publishing is not possible: the publish button's hover text. */
  publishBlockedReason: string | null;
  blockers: string[];
  /** What will be sent: the values in effect (disabled options count as off). */
  effective: {
    privacyLevel: PrivacyLevel | null;
    allowComment: boolean;
    allowDuet: boolean;
    allowStitch: boolean;
    yourBrand: boolean;
    brandedContent: boolean;
    aiGenerated: boolean;
    autoAddMusic: boolean;
  };
}

export const PRIVACY_LABELS: Record<PrivacyLevel, string> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
};

export const MUSIC_USAGE_URL = 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en';
export const BRANDED_CONTENT_POLICY_URL = 'https://www.tiktok.com/legal/page/global/bc-policy/en';

export const TEXTS = {
  disclosureIncomplete: 'You need to indicate if your content promotes yourself, a third party, or both.',
  brandedNotPrivate: 'Branded content visibility cannot be set to private.',
  commentDisabled: 'The creator turned comments off for their posts in TikTok.',
  duetDisabled: 'The creator turned Duet off in TikTok (or the account is private).',
  stitchDisabled: 'The creator turned Stitch off in TikTok (or the account is private).',
  auditWarning: 'This app is not audited: posts will be visible only to the creator.',
  unauditedPrivacy: 'This app is not audited yet: TikTok accepts only "Only me" posts from it.',
  choosePrivacy: 'Choose who can see this post.',
  noMedia: 'Add a video or photos first.',
  busy: 'Wait for the upload or the fix to finish.',
  processing: 'After publishing, it may take a few minutes for your post to be processed and appear on your profile.',
  inbox: 'The creator will get a notification in TikTok: open it to finish and post.',
} as const;

export const TITLE_MAX: Record<MediaKind, number> = { video: 2200, photo: 90 };
export const PHOTO_DESCRIPTION_MAX = 4000;

export function labelFor(kind: MediaKind | null, label: 'Promotional content' | 'Paid partnership'): string {
  const what = kind === 'photo' ? 'photo' : kind === 'video' ? 'video' : 'photo/video';
  return `Your ${what} will be labeled as '${label}'`;
}

/** Seconds in words: 45 s, 3 min, 3 min 20 s. */
export function durationInWords(sec: number): string {
  const whole = Math.round(sec);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

const off = (visible: boolean): Option => ({ visible, disabled: false, reason: null });

export function composerRules({ creator, media, form, audited }: RulesInput): ComposerRules {
  const direct = form.mode === 'direct';
  const isPhoto = media.kind === 'photo';
  const unaudited = audited === false;

  // Branded content and "only me" exclude each other (§12 3): with "only me" chosen, branded
  // content is disabled; with branded content chosen, "only me" is.
  const brandedChosen = form.disclosureOn && form.brandedContent;
  const privacyOptions: PrivacyOption[] = creator.privacyLevelOptions.map((value) => {
    if (value === 'SELF_ONLY' && brandedChosen) return { value, label: PRIVACY_LABELS[value], disabled: true, reason: TEXTS.brandedNotPrivate };
    if (value !== 'SELF_ONLY' && unaudited) return { value, label: PRIVACY_LABELS[value], disabled: true, reason: TEXTS.unauditedPrivacy };
    return { value, label: PRIVACY_LABELS[value], disabled: false, reason: null };
  });
  const chosen = privacyOptions.find((o) => o.value === form.privacyLevel && !o.disabled);
  const privacyLevel = chosen ? chosen.value : null;

  const interaction = (visible: boolean, disabledByCreator: boolean, reason: string): Option =>
    disabledByCreator ? { visible, disabled: true, reason } : off(visible);
  const comment = interaction(direct, creator.commentDisabled, TEXTS.commentDisabled);
  const duet = interaction(direct && !isPhoto, creator.duetDisabled, TEXTS.duetDisabled);
  const stitch = interaction(direct && !isPhoto, creator.stitchDisabled, TEXTS.stitchDisabled);

  const brandedBlocked = form.privacyLevel === 'SELF_ONLY' || unaudited;
  const yourBrand = off(direct && form.disclosureOn);
  const brandedReason = form.privacyLevel === 'SELF_ONLY' ? TEXTS.brandedNotPrivate : `${TEXTS.unauditedPrivacy} ${TEXTS.brandedNotPrivate}`;
  const brandedContent: Option = brandedBlocked ? { visible: direct && form.disclosureOn, disabled: true, reason: brandedReason } : off(direct && form.disclosureOn);

  const effYourBrand = direct && form.disclosureOn && form.yourBrand;
  const effBranded = direct && form.disclosureOn && form.brandedContent && !brandedBlocked;

  let disclosureLabel: string | null = null;
  if (effBranded) disclosureLabel = labelFor(media.kind, 'Paid partnership');
  else if (effYourBrand) disclosureLabel = labelFor(media.kind, 'Promotional content');

  const consent: TextPart[] = effBranded
    ? [{ text: "By posting, you agree to TikTok's " }, { text: 'Branded Content Policy', href: BRANDED_CONTENT_POLICY_URL }, { text: ' and ' }, { text: 'Music Usage Confirmation', href: MUSIC_USAGE_URL }, { text: '.' }]
    : [{ text: "By posting, you agree to TikTok's " }, { text: 'Music Usage Confirmation', href: MUSIC_USAGE_URL }, { text: '.' }];

  const titleMax = TITLE_MAX[media.kind ?? 'video'];
  const descriptionMax = isPhoto ? PHOTO_DESCRIPTION_MAX : null;

  let durationProblem: string | null = null;
  if (media.kind === 'video' && media.durationSec !== null && media.durationSec > creator.maxVideoPostDurationSec) {
    durationProblem = `This video is ${durationInWords(media.durationSec)} long; ${creator.nickname} can post videos up to ${durationInWords(creator.maxVideoPostDurationSec)}. Trim it and upload it again.`;
  }

  // TikTok's own hover text comes first whenever it applies (rule 3), whatever else is missing.
  const blockers: string[] = [];
  if (direct && form.disclosureOn && !effYourBrand && !effBranded) blockers.push(TEXTS.disclosureIncomplete);
  if (media.kind === null || media.count === 0) blockers.push(TEXTS.noMedia);
  if (media.busy) blockers.push(TEXTS.busy);
  if (media.errorCount > 0) blockers.push(`Fix the media first: ${media.errorCount === 1 ? 'one problem stops' : `${media.errorCount} problems stop`} TikTok from accepting it.`);
  if (durationProblem) blockers.push(durationProblem);
  if (form.title.length > titleMax) blockers.push(`The ${isPhoto ? 'title' : 'caption'} is ${form.title.length} characters long; TikTok allows ${titleMax}.`);
  if (descriptionMax !== null && form.description.length > descriptionMax) blockers.push(`The description is ${form.description.length} characters long; TikTok allows ${descriptionMax}.`);
  if (direct && privacyLevel === null) blockers.push(TEXTS.choosePrivacy);

  return {
    directSettings: direct,
    privacyOptions,
    comment,
    duet,
    stitch,
    yourBrand,
    brandedContent,
    autoAddMusic: off(direct && isPhoto),
    disclosureLabel,
    aiLabel: direct && form.aiGenerated ? "Your post will carry the tag 'Creator labeled as AI-generated'." : null,
    consent,
    consentText: consent.map((p) => p.text).join(''),
    titleMax,
    descriptionMax,
    auditWarning: unaudited ? TEXTS.auditWarning : null,
    durationProblem,
    canPublish: blockers.length === 0,
    publishBlockedReason: blockers[0] ?? null,
    blockers,
    effective: {
      privacyLevel: direct ? privacyLevel : null,
      allowComment: direct && form.allowComment && !comment.disabled,
      allowDuet: direct && form.allowDuet && duet.visible && !duet.disabled,
      allowStitch: direct && form.allowStitch && stitch.visible && !stitch.disabled,
      yourBrand: effYourBrand,
      brandedContent: effBranded,
      aiGenerated: direct && form.aiGenerated,
      autoAddMusic: direct && isPhoto && form.autoAddMusic,
    },
  };
}
