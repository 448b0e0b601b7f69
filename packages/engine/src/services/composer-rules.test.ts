import { describe, expect, it } from 'vitest';
import type { CreatorInfo } from '../accounts/creator-info.js';
import type { MediaAsset } from '../domain/types.js';
import { composerIssues } from './composer-rules.js';
import type { PostInput } from './post-input.js';

const creator: CreatorInfo = {
  avatarUrl: 'https://a.test/x.jpg',
  username: 'c',
  nickname: 'C',
  privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  commentDisabled: true,
  duetDisabled: true,
  stitchDisabled: true,
  maxVideoPostDurationSec: 60,
};

const videoOf = (durationSec: number, findings: MediaAsset['findings'] = []): MediaAsset =>
  ({ id: 'med_v', kind: 'video', probe: { kind: 'video', durationSec }, findings }) as unknown as MediaAsset;

const input = (over: Partial<PostInput> = {}): PostInput => ({ accountId: 'acct', mediaIds: ['med_v'], privacyLevel: 'SELF_ONLY', ...over });
const rules = (i: PostInput, media: MediaAsset[] = [videoOf(10)], o = { blockPreflight: true }) => composerIssues(i, 'video', media, creator, o).map((x) => `${x.field}:${x.rule}`);

describe('composerIssues', () => {
  it('no default privacy, and only the creator’s options', () => {
    expect(rules(input({ privacyLevel: null }))).toEqual(['privacyLevel:privacy_required']);
    expect(composerIssues(input({ privacyLevel: null }), 'video', [videoOf(10)], creator, { blockPreflight: true })[0]!.message).toContain('FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY');
    expect(rules(input({ privacyLevel: 'PUBLIC_TO_EVERYONE' }))).toEqual(['privacyLevel:privacy_not_offered']);
    expect(rules(input())).toEqual([]);
  });

  it('interactions the creator switched off; photos are never asked about Duet or Stitch', () => {
    expect(rules(input({ allowComment: true, allowDuet: true, allowStitch: true }))).toEqual(['allowComment:comments_disabled_by_creator', 'allowDuet:duet_disabled_by_creator', 'allowStitch:stitch_disabled_by_creator']);
    expect(composerIssues(input({ allowDuet: true, allowStitch: true }), 'photo', [], creator, { blockPreflight: true })).toEqual([]);
  });

  it('branded content never SELF_ONLY; the fix names the other offered levels', () => {
    const [issue] = composerIssues(input({ disclosure: { brandedContent: true } }), 'video', [videoOf(10)], creator, { blockPreflight: true });
    expect(issue).toEqual({
      field: 'privacyLevel',
      rule: 'branded_content_private',
      message: 'branded content cannot be visible only to the creator (SELF_ONLY): choose FOLLOWER_OF_CREATOR or MUTUAL_FOLLOW_FRIENDS, or set disclosure.brandedContent to false.',
    });
  });

  it("the creator's maximum duration, for inbox drafts too; privacy and toggles are not asked of inbox drafts", () => {
    expect(rules(input(), [videoOf(61)])).toEqual(['mediaIds:duration_over_creator_max']);
    expect(rules(input({ mode: 'inbox', privacyLevel: null, allowComment: true }), [videoOf(61)])).toEqual(['mediaIds:duration_over_creator_max']);
  });

  it('preflight errors block unless the engine is set to warn; warnings never do', () => {
    const error = { code: 'video_fps_too_low', severity: 'error', message: '15 fps is below 23.', fix: 'Re-encode.' } as MediaAsset['findings'][number];
    const warning = { ...error, code: 'video_below_720p', severity: 'warning' } as MediaAsset['findings'][number];
    expect(rules(input(), [videoOf(10, [error, warning])])).toEqual(['mediaIds:media_preflight_errors']);
    expect(rules(input(), [videoOf(10, [error])], { blockPreflight: false })).toEqual([]);
    expect(rules(input(), [videoOf(10, [warning])])).toEqual([]);
  });
});
