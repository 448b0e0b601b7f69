// The composer's rules against TikTok's Content Sharing Guidelines (docs/tiktok-api.md §12). The
// expected texts are TikTok's, written out here.
import { describe, expect, it } from 'vitest';
import type { CreatorInfo } from '../api/types.js';
import { composerRules, durationInWords, INITIAL_FORM, NO_MEDIA, type ComposerForm, type MediaState } from './rules.js';

const creator: CreatorInfo = {
  avatarUrl: 'https://example.test/a.jpg',
  username: 'maya.makes',
  nickname: 'Maya',
  privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: false,
  maxVideoPostDurationSec: 180,
};
const video: MediaState = { kind: 'video', count: 1, durationSec: 42, busy: false, errorCount: 0 };
const photos: MediaState = { kind: 'photo', count: 3, durationSec: null, busy: false, errorCount: 0 };

const rules = (form: Partial<ComposerForm> = {}, o: { media?: MediaState; creator?: Partial<CreatorInfo>; audited?: boolean } = {}) =>
  composerRules({ creator: { ...creator, ...o.creator }, media: o.media ?? video, form: { ...INITIAL_FORM, ...form }, audited: o.audited ?? true });

describe('privacy', () => {
  it('opens with no privacy chosen and publishing refused until one is', () => {
    expect(INITIAL_FORM.privacyLevel).toBeNull();
    const r = rules();
    expect(r.canPublish).toBe(false);
    expect(r.publishBlockedReason).toBe('Choose who can see this post.');
    expect(rules({ privacyLevel: 'MUTUAL_FOLLOW_FRIENDS' }).canPublish).toBe(true);
  });

  it('offers exactly the creator’s options, in their order, with TikTok’s names', () => {
    const r = rules({}, { creator: { privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'] } });
    expect(r.privacyOptions.map((o) => [o.value, o.label, o.disabled])).toEqual([
      ['FOLLOWER_OF_CREATOR', 'Followers', false],
      ['MUTUAL_FOLLOW_FRIENDS', 'Friends', false],
      ['SELF_ONLY', 'Only me', false],
    ]);
  });

  it('does not send a privacy level the creator does not offer', () => {
    const r = rules({ privacyLevel: 'FOLLOWER_OF_CREATOR' });
    expect(r.effective.privacyLevel).toBeNull();
    expect(r.canPublish).toBe(false);
  });
});

describe('interactions', () => {
  it('are all off by default and enabled when the creator allows them', () => {
    expect([INITIAL_FORM.allowComment, INITIAL_FORM.allowDuet, INITIAL_FORM.allowStitch]).toEqual([false, false, false]);
    const r = rules();
    expect([r.comment, r.duet, r.stitch]).toEqual([
      { visible: true, disabled: false, reason: null },
      { visible: true, disabled: false, reason: null },
      { visible: true, disabled: false, reason: null },
    ]);
    expect(r.effective).toMatchObject({ allowComment: false, allowDuet: false, allowStitch: false });
  });

  it('are disabled (greyed) when the creator disabled them, and never sent on', () => {
    const r = rules({ allowComment: true, allowDuet: true, allowStitch: true }, { creator: { commentDisabled: true, duetDisabled: true, stitchDisabled: false } });
    expect(r.comment).toEqual({ visible: true, disabled: true, reason: 'The creator turned comments off for their posts in TikTok.' });
    expect(r.duet).toEqual({ visible: true, disabled: true, reason: 'The creator turned Duet off in TikTok (or the account is private).' });
    expect(r.stitch.disabled).toBe(false);
    expect(r.effective).toMatchObject({ allowComment: false, allowDuet: false, allowStitch: true });
  });

  it('for photos: only Allow Comment; Duet and Stitch are hidden', () => {
    const r = rules({ allowDuet: true, allowStitch: true, allowComment: true, privacyLevel: 'PUBLIC_TO_EVERYONE' }, { media: photos });
    expect(r.comment.visible).toBe(true);
    expect(r.duet.visible).toBe(false);
    expect(r.stitch.visible).toBe(false);
    expect(r.effective).toMatchObject({ allowComment: true, allowDuet: false, allowStitch: false });
  });
});

describe('content disclosure', () => {
  it('is off by default: nothing labelled, the Music Usage consent line', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    expect(INITIAL_FORM.disclosureOn).toBe(false);
    expect(r.yourBrand.visible).toBe(false);
    expect(r.brandedContent.visible).toBe(false);
    expect(r.disclosureLabel).toBeNull();
    expect(r.consentText).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(r.consent.find((p) => p.href)?.href).toBe('https://www.tiktok.com/legal/page/global/music-usage-confirmation/en');
  });

  it('on with nothing chosen: publish disabled with TikTok’s hover text', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE', disclosureOn: true });
    expect(r.yourBrand).toEqual({ visible: true, disabled: false, reason: null });
    expect(r.brandedContent).toEqual({ visible: true, disabled: false, reason: null });
    expect(r.canPublish).toBe(false);
    expect(r.publishBlockedReason).toBe('You need to indicate if your content promotes yourself, a third party, or both.');
    // TikTok's text wins over anything else still missing.
    expect(rules({ disclosureOn: true }, { media: NO_MEDIA }).publishBlockedReason).toBe('You need to indicate if your content promotes yourself, a third party, or both.');
  });

  it('Your brand only: labelled Promotional content, the Music Usage consent line', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE', disclosureOn: true, yourBrand: true });
    expect(r.disclosureLabel).toBe("Your video will be labeled as 'Promotional content'");
    expect(r.consentText).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(r.canPublish).toBe(true);
    expect(r.effective).toMatchObject({ yourBrand: true, brandedContent: false });
  });

  it('Branded content only: labelled Paid partnership, the Branded Content Policy consent line', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE', disclosureOn: true, brandedContent: true }, { media: photos });
    expect(r.disclosureLabel).toBe("Your photo will be labeled as 'Paid partnership'");
    expect(r.consentText).toBe("By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.");
    expect(r.consent.filter((p) => p.href).map((p) => [p.text, p.href])).toEqual([
      ['Branded Content Policy', 'https://www.tiktok.com/legal/page/global/bc-policy/en'],
      ['Music Usage Confirmation', 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en'],
    ]);
  });

  it('both: labelled Paid partnership, the Branded Content Policy consent line', () => {
    const r = rules({ privacyLevel: 'MUTUAL_FOLLOW_FRIENDS', disclosureOn: true, yourBrand: true, brandedContent: true });
    expect(r.disclosureLabel).toBe("Your video will be labeled as 'Paid partnership'");
    expect(r.consentText).toBe("By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.");
    expect(r.effective).toMatchObject({ yourBrand: true, brandedContent: true });
  });

  it('turned off again: the choices underneath are not sent', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE', disclosureOn: false, yourBrand: true, brandedContent: true });
    expect(r.disclosureLabel).toBeNull();
    expect(r.effective).toMatchObject({ yourBrand: false, brandedContent: false });
    expect(r.canPublish).toBe(true);
  });
});

describe('branded content and "Only me" exclude each other', () => {
  it('Branded content chosen first: "Only me" is disabled with TikTok’s hover text', () => {
    const r = rules({ disclosureOn: true, brandedContent: true });
    expect(r.privacyOptions.find((o) => o.value === 'SELF_ONLY')).toEqual({ value: 'SELF_ONLY', label: 'Only me', disabled: true, reason: 'Branded content visibility cannot be set to private.' });
    expect(r.privacyOptions.filter((o) => o.disabled).map((o) => o.value)).toEqual(['SELF_ONLY']);
  });

  it('"Only me" chosen first: Branded content is disabled and says why', () => {
    const r = rules({ privacyLevel: 'SELF_ONLY', disclosureOn: true });
    expect(r.brandedContent).toEqual({ visible: true, disabled: true, reason: 'Branded content visibility cannot be set to private.' });
    expect(r.yourBrand.disabled).toBe(false);
  });

  it('never lets the two go out together', () => {
    const r = rules({ privacyLevel: 'SELF_ONLY', disclosureOn: true, brandedContent: true });
    expect(r.effective.brandedContent).toBe(false);
    expect(r.effective.privacyLevel).toBeNull();
    expect(r.canPublish).toBe(false);
  });
});

describe('AI-generated label', () => {
  it('is off by default and adds TikTok’s tag when on', () => {
    expect(rules().aiLabel).toBeNull();
    expect(rules({ aiGenerated: true }).aiLabel).toBe("Your post will carry the tag 'Creator labeled as AI-generated'.");
    expect(rules({ aiGenerated: true }).effective.aiGenerated).toBe(true);
  });
});

describe('media', () => {
  it('refuses a video longer than the creator’s maximum, in words', () => {
    const r = rules({ privacyLevel: 'PUBLIC_TO_EVERYONE' }, { media: { ...video, durationSec: 200 } });
    expect(r.durationProblem).toBe('This video is 3 min 20 s long; Maya can post videos up to 3 min. Trim it and upload it again.');
    expect(r.canPublish).toBe(false);
    expect(rules({ privacyLevel: 'PUBLIC_TO_EVERYONE' }, { media: { ...video, durationSec: 180 } }).canPublish).toBe(true);
  });

  it('needs media, finished uploads and no preflight errors', () => {
    expect(rules({ privacyLevel: 'SELF_ONLY' }, { media: NO_MEDIA }).publishBlockedReason).toBe('Add a video or photos first.');
    expect(rules({ privacyLevel: 'SELF_ONLY' }, { media: { ...video, busy: true } }).publishBlockedReason).toBe('Wait for the upload or the fix to finish.');
    expect(rules({ privacyLevel: 'SELF_ONLY' }, { media: { ...video, errorCount: 2 } }).publishBlockedReason).toBe('Fix the media first: 2 problems stop TikTok from accepting it.');
  });

  it('holds titles to TikTok’s lengths: 2200 for a video caption, 90 for a photo title, 4000 for its description', () => {
    expect(rules().titleMax).toBe(2200);
    expect(rules({}, { media: photos }).titleMax).toBe(90);
    expect(rules({}, { media: photos }).descriptionMax).toBe(4000);
    const long = rules({ privacyLevel: 'SELF_ONLY', title: 'x'.repeat(91) }, { media: photos });
    expect(long.publishBlockedReason).toBe('The title is 91 characters long; TikTok allows 90.');
  });

  it('writes durations in words', () => {
    expect([durationInWords(45), durationInWords(180), durationInWords(200), durationInWords(600)]).toEqual(['45 s', '3 min', '3 min 20 s', '10 min']);
  });
});

describe('recommended music', () => {
  it('is offered for direct photo posts only, off by default', () => {
    expect(INITIAL_FORM.autoAddMusic).toBe(false);
    expect(rules({}, { media: photos }).autoAddMusic.visible).toBe(true);
    expect(rules({ autoAddMusic: true }, { media: video }).autoAddMusic.visible).toBe(false);
    expect(rules({ autoAddMusic: true }, { media: video }).effective.autoAddMusic).toBe(false);
    expect(rules({ autoAddMusic: true }, { media: photos }).effective.autoAddMusic).toBe(true);
  });
});

describe('unaudited app', () => {
  it('warns that posts stay private and offers only "Only me"', () => {
    const r = rules({ disclosureOn: true }, { audited: false });
    expect(r.auditWarning).toBe('This app is not audited: posts will be visible only to the creator.');
    expect(r.privacyOptions.filter((o) => !o.disabled).map((o) => o.value)).toEqual(['SELF_ONLY']);
    expect(r.privacyOptions[0]?.reason).toBe('This app is not audited yet: TikTok accepts only "Only me" posts from it.');
    expect(r.brandedContent).toEqual({ visible: true, disabled: true, reason: 'This app is not audited yet: TikTok accepts only "Only me" posts from it. Branded content visibility cannot be set to private.' });
  });

  it('says nothing for an audited app', () => {
    expect(rules().auditWarning).toBeNull();
  });
});

describe('inbox draft', () => {
  it('leaves privacy, interactions and disclosure to TikTok and needs no privacy choice', () => {
    const r = rules({ mode: 'inbox', allowComment: true, disclosureOn: true }, { media: video });
    expect(r.directSettings).toBe(false);
    expect([r.comment.visible, r.duet.visible, r.stitch.visible, r.yourBrand.visible]).toEqual([false, false, false, false]);
    expect(r.canPublish).toBe(true);
    expect(r.effective).toMatchObject({ privacyLevel: null, allowComment: false, yourBrand: false, brandedContent: false });
  });
});
