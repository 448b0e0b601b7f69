// Entities for store tests, written out field by field so a round-trip can be compared with a
// literal. Every boolean is set to the opposite of the schema's obvious default and every nullable
// field has a value, so a column the store forgets to write or read shows up as a difference.
import type { Account, App, Attempt, MediaAsset, Post, Store } from '../../src/index.js';

export const APP_ID = 'app_fixture';
export const ACCOUNT_ID = 'acc_fixture';
export const OTHER_ACCOUNT_ID = 'acc_other';
export const CLIENT_SECRET = 'client-secret-4d9e7a1c-never-in-clear';
export const ACCESS_TOKEN = 'act.access-token-8c1f5b2e-never-in-clear';
export const REFRESH_TOKEN = 'rft.refresh-token-3a7d9c4f-never-in-clear';

export function fixtureApp(o: Partial<App> = {}): App {
  return {
    id: APP_ID,
    clientKey: 'aw_fixture_key',
    clientSecret: CLIENT_SECRET,
    audited: true,
    verifiedUrlPrefixes: ['https://media.example.test/m/', 'cdn.example.test'],
    createdAt: 1_780_000_000_000,
    updatedAt: 1_780_000_000_001,
    ...o,
  };
}

export function fixtureAccount(o: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT_ID,
    appId: APP_ID,
    openId: 'open-id-fixture',
    username: 'fixture.creator',
    nickname: 'Fixture Creator',
    avatarUrl: 'https://avatars.example.test/fixture.jpg',
    scopes: ['user.info.basic', 'video.publish'],
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    accessExpiresAt: 1_780_086_400_000,
    refreshExpiresAt: 1_811_536_000_000,
    status: 'active',
    statusReason: 'reconnected',
    statusMessage: 'Connected again.',
    statusChangedAt: 1_780_000_000_002,
    lastRefreshAt: 1_780_000_000_003,
    createdAt: 1_780_000_000_000,
    updatedAt: 1_780_000_000_004,
    ...o,
  };
}

export function fixtureMedia(id: string): MediaAsset {
  return {
    id,
    path: `/data/media/${id}.mp4`,
    sizeBytes: 5_242_880,
    sha256: `${id}-sha256`,
    kind: 'video',
    contentType: 'video/mp4',
    probe: {
      kind: 'unusable',
      path: `/data/media/${id}.mp4`,
      sizeBytes: 5_242_880,
      bytesRead: 4096,
      extension: 'mp4',
      extensionMatches: true,
      reason: 'truncated',
      detected: 'MP4 (truncated)',
      detail: 'moov box missing',
    },
    findings: [{ code: 'file_truncated', severity: 'error', message: 'The file ends early.', measured: 4096, limit: null, fix: 'Export it again.', fixable: false }],
    createdAt: 1_780_000_000_000,
  };
}

export function fixturePost(o: Partial<Post> = {}): Post {
  return {
    id: 'post_fixture',
    accountId: ACCOUNT_ID,
    kind: 'photo',
    mediaIds: ['med_c', 'med_a', 'med_b'],
    title: 'A carousel – with ünïcode and "quotes"',
    description: 'Line one\nline two',
    privacyLevel: 'MUTUAL_FOLLOW_FRIENDS',
    allowComment: true,
    allowDuet: false,
    allowStitch: true,
    brandOrganic: true,
    brandContent: false,
    aiGenerated: true,
    mode: 'direct',
    source: 'PULL_FROM_URL',
    photoCoverIndex: 2,
    videoCoverTimestampMs: 1500,
    autoAddMusic: true,
    scheduledAt: 1_780_003_600_000,
    publishIfLate: false,
    state: 'processing',
    stateReason: 'sent',
    stateMessage: 'TikTok has the post.',
    version: 4,
    publishId: 'p_pub_fixture_1',
    tiktokPostIds: ['7602997517160123666', '7602997517160123667'],
    shareUrl: 'https://www.tiktok.com/@fixture.creator/photo/7602997517160123666',
    tiktokVideoId: '7602997517160123666',
    embedLink: 'https://www.tiktok.com/embed/v2/7602997517160123666',
    confirmedAt: 1_780_003_800_000,
    initStartedAt: 1_780_003_600_500,
    publishedAt: 1_780_003_700_000,
    initCount: 2,
    createdAt: 1_780_000_000_000,
    updatedAt: 1_780_000_000_010,
    ...o,
  };
}

export function fixtureAttempt(o: Partial<Attempt> = {}): Attempt {
  return {
    id: 'att_fixture',
    postId: 'post_fixture',
    accountId: ACCOUNT_ID,
    kind: 'init',
    endpoint: '/v2/post/publish/video/init/',
    startedAt: 1_780_003_600_500,
    finishedAt: null,
    durationMs: null,
    request: { post_mode: 'DIRECT_POST', source: 'FILE_UPLOAD', video_size: 5_242_880 },
    httpStatus: null,
    errorCode: null,
    failReason: null,
    logId: null,
    outcome: 'pending',
    message: null,
    publishId: null,
    source: 'FILE_UPLOAD',
    ...o,
  };
}

/** The rows a post needs to exist (foreign keys): an app, two accounts, three media assets. */
export async function seedOwners(store: Store): Promise<void> {
  await store.apps.insert(fixtureApp());
  await store.accounts.insert(fixtureAccount());
  await store.accounts.insert(fixtureAccount({ id: OTHER_ACCOUNT_ID, openId: 'open-id-other', createdAt: 1_780_000_000_001 }));
  for (const id of ['med_a', 'med_b', 'med_c']) await store.media.insert(fixtureMedia(id));
}

/** Every migration, in order, written out here so a migration missing from the list in store/migrate.ts fails the tests. */
export const EXPECTED_MIGRATIONS = ['001-initial', '002-jobs-due-index', '004-policies', '005-notifications', '006-confirmation', '007-api-keys', '008-oauth-states', '009-media-uploads', '010-post-paging', '011-api-read-paths'];
