// What a post may be, checked when it is created or edited — the rules TikTok applies (caption
// lengths in UTF-16 code units, one video or 1–35 photos, no default privacy, branded content never
// SELF_ONLY, no Duet/Stitch for photos) and the ones a queue needs (media that exists).
import { PHOTO_DESCRIPTION_MAX, PHOTO_IMAGES_MAX, PHOTO_TITLE_MAX, PRIVACY_LEVELS, VIDEO_TITLE_MAX, type PrivacyLevel } from '@tokpost/tiktok';
import type { Issue } from '../errors.js';
import type { MediaAsset, PostKind, PostMode, VideoSourceKind } from '../domain/types.js';

export interface PostInput {
  accountId: string;
  mediaIds: string[];
  /** Derived from the media when omitted. */
  kind?: PostKind;
  title?: string;
  description?: string;
  /** Required for direct posts (there is no default); ignored for inbox video drafts. */
  privacyLevel?: PrivacyLevel | null;
  allowComment?: boolean;
  allowDuet?: boolean;
  allowStitch?: boolean;
  disclosure?: { yourBrand?: boolean; brandedContent?: boolean };
  aiGenerated?: boolean;
  mode?: PostMode;
  /** Video only: 'auto' pulls from the media URL when one is configured, else uploads. */
  source?: 'auto' | VideoSourceKind;
  photoCoverIndex?: number;
  videoCoverTimestampMs?: number | null;
  autoAddMusic?: boolean;
  /** Epoch ms; omitted or null: as soon as possible. */
  scheduledAt?: number | null;
  publishIfLate?: boolean;
  /** Keep as a draft: not queued, privacy may still be missing. */
  draft?: boolean;
}

export function kindOfMedia(media: readonly MediaAsset[]): PostKind | undefined {
  if (media.length === 0) return undefined;
  if (media.every((m) => m.kind === 'photo')) return 'photo';
  if (media.length === 1 && media[0]!.kind === 'video') return 'video';
  return undefined;
}

export function validatePostInput(input: PostInput, media: readonly MediaAsset[], o: { canPull: boolean }): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (input.mediaIds.length === 0) add('mediaIds', 'a post needs a video or at least one photo');
  const missing = input.mediaIds.filter((id) => !media.some((m) => m.id === id));
  if (missing.length > 0) add('mediaIds', `unknown media ${missing.join(', ')}: upload it first`);
  const kind = input.kind ?? kindOfMedia(media);
  if (media.length > 0 && missing.length === 0) {
    if (!kind) add('mediaIds', 'give exactly one video, or 1 to 35 photos (JPEG or WebP); files that are neither cannot be posted');
    else if (kind === 'video' && (media.length !== 1 || media[0]!.kind !== 'video')) add('mediaIds', 'a video post takes exactly one video file');
    else if (kind === 'photo' && media.some((m) => m.kind !== 'photo')) add('mediaIds', 'a photo post takes only photos');
  }
  if (kind === 'photo' && input.mediaIds.length > PHOTO_IMAGES_MAX) add('mediaIds', `a photo post takes at most ${PHOTO_IMAGES_MAX} photos`);

  const title = input.title ?? '';
  const titleMax = kind === 'photo' ? PHOTO_TITLE_MAX : VIDEO_TITLE_MAX;
  if (title.length > titleMax) add('title', `at most ${titleMax} characters (UTF-16 code units) for a ${kind ?? 'video'} post; it has ${title.length}`);
  const description = input.description ?? '';
  if (description && kind !== 'photo') add('description', 'only photo posts have a description; put a video’s text in its title (the caption)');
  if (description.length > PHOTO_DESCRIPTION_MAX) add('description', `at most ${PHOTO_DESCRIPTION_MAX} characters (UTF-16 code units); it has ${description.length}`);

  const mode = input.mode ?? 'direct';
  if (mode !== 'direct' && mode !== 'inbox') add('mode', "must be 'direct' or 'inbox'");
  const privacy = input.privacyLevel ?? null;
  if (privacy !== null && !(PRIVACY_LEVELS as readonly string[]).includes(privacy)) add('privacyLevel', `must be one of ${PRIVACY_LEVELS.join(', ')}`);
  if (privacy === null && mode === 'direct' && !input.draft) add('privacyLevel', "required: choose one of the creator's privacy options (there is no default)");
  if (input.disclosure?.brandedContent && privacy === 'SELF_ONLY') add('privacyLevel', 'branded content cannot be visible only to the creator (SELF_ONLY)');
  if (kind === 'photo' && (input.allowDuet || input.allowStitch)) add('allowDuet', 'photo posts have no Duet or Stitch');

  if (kind === 'photo') {
    const cover = input.photoCoverIndex ?? 0;
    if (!Number.isInteger(cover) || cover < 0 || cover >= Math.max(1, input.mediaIds.length)) add('photoCoverIndex', `must be between 0 and ${Math.max(0, input.mediaIds.length - 1)}`);
    if (!o.canPull) add('mediaIds', 'photo posts reach TikTok only by URL pull: configure a media URL under one of the app’s verified URL prefixes');
  }
  if (kind === 'video' && input.source === 'PULL_FROM_URL' && !o.canPull) add('source', 'PULL_FROM_URL needs a media URL under one of the app’s verified URL prefixes');
  if (input.videoCoverTimestampMs !== undefined && input.videoCoverTimestampMs !== null && (!Number.isInteger(input.videoCoverTimestampMs) || input.videoCoverTimestampMs < 0)) {
    add('videoCoverTimestampMs', 'must be a whole number of milliseconds, 0 or more');
  }
  if (input.scheduledAt !== undefined && input.scheduledAt !== null && !Number.isFinite(input.scheduledAt)) add('scheduledAt', 'must be a time');
  return issues;
}
