// The engine's entities as the domain sees them: camelCase, secrets in clear (they only ever live
// in memory; the store seals them at rest). Wire names stay in @tokpost/tiktok.
import type { CreatorInfoResult, PrivacyLevel } from '@tokpost/tiktok';
import type { Finding, ProbeResult } from '@tokpost/media';
import type { PostState } from './post-states.js';

export type AccountStatus = 'active' | 'needs_reconnect' | 'disconnected';
export type PostKind = 'video' | 'photo';
export type PostMode = 'direct' | 'inbox';
export type VideoSourceKind = 'FILE_UPLOAD' | 'PULL_FROM_URL';

export interface App {
  id: string;
  clientKey: string;
  clientSecret: string;
  /** Unaudited apps may only post SELF_ONLY to private accounts (docs/tiktok-api.md §10). */
  audited: boolean;
  /** URL prefixes (or domains) verified for PULL_FROM_URL in TikTok's developer portal. */
  verifiedUrlPrefixes: string[];
  /**
   * Distinct creators this app may post for in 24 h (TikTok sets it at audit). Unaudited apps
   * always have 5; unset on an audited app: not enforced locally.
   */
  activeCreatorCap?: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Account {
  id: string;
  appId: string;
  openId: string;
  username: string;
  nickname: string;
  avatarUrl: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  /** Absolute times from TikTok's answers (expires_in / refresh_expires_in), never from constants. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
  status: AccountStatus;
  statusReason: string | null;
  statusMessage: string | null;
  statusChangedAt: number;
  lastRefreshAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** At publish time, a post over a cap moves to the next free slot, or waits for someone to act. */
export const CAP_POLICIES = ['reslot', 'hold'] as const;
export type CapPolicy = (typeof CAP_POLICIES)[number];

/** What TikTok's creator_info said last (without its log id). */
export type CreatorInfoSnapshot = Omit<CreatorInfoResult, 'logId'>;

/** An account's publishing limits and what TikTok taught tokpost about them (docs/architecture.md §2.5). */
export interface AccountPolicy {
  accountId: string;
  /** Direct posts per rolling 24 h (null: the engine's default, settings.dailyPostCap). */
  dailyPostCap: number | null;
  /** A lower cap learned when TikTok refused a post below ours: another tool posts for this creator. */
  learnedPostCap: number | null;
  learnedCapAt: number | null;
  /** Nothing goes out for this account before this time. */
  pausedUntil: number | null;
  pausedReason: string | null;
  /** null: the engine's default (settings.capPolicy). */
  capPolicy: CapPolicy | null;
  creatorInfo: CreatorInfoSnapshot | null;
  creatorInfoAt: number | null;
  updatedAt: number;
}

export interface MediaAsset {
  id: string;
  path: string;
  sizeBytes: number;
  sha256: string;
  kind: 'video' | 'photo' | 'unusable';
  /** MIME type for serving it to a URL pull. */
  contentType: string | null;
  probe: ProbeResult;
  findings: Finding[];
  createdAt: number;
}

export interface Post {
  id: string;
  accountId: string;
  kind: PostKind;
  /** One video, or the photos of a carousel in order. */
  mediaIds: string[];
  /** Video: the caption (TikTok's `title`). Photo: the title. */
  title: string;
  /** Photo posts only. */
  description: string;
  /** No default: null until the user picks one of the creator's options. */
  privacyLevel: PrivacyLevel | null;
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  /** "Your brand": promotes the creator's own business (brand_organic_toggle). */
  brandOrganic: boolean;
  /** "Branded content": a paid partnership (brand_content_toggle). */
  brandContent: boolean;
  aiGenerated: boolean;
  mode: PostMode;
  /** How a video reaches TikTok; photos always go by URL pull. */
  source: VideoSourceKind;
  photoCoverIndex: number;
  videoCoverTimestampMs: number | null;
  autoAddMusic: boolean;
  scheduledAt: number | null;
  publishIfLate: boolean;
  state: PostState;
  stateReason: string | null;
  stateMessage: string | null;
  /** Bumped by every edit; a publish in flight checks it before the irreversible init. */
  version: number;
  /** TikTok's id for the publish that counts (the accepted init, or the one adopted by reconciliation). */
  publishId: string | null;
  /** `publicaly_available_post_id`, as exact decimal strings. */
  tiktokPostIds: string[];
  /** TikTok's own link to the post, as the Display API's video/query answered it (never built by tokpost). */
  shareUrl: string | null;
  /** The video id video/query confirmed (a `publicaly_available_post_id`, or found on the profile list). */
  tiktokVideoId: string | null;
  embedLink: string | null;
  /** When video/query confirmed the post (docs/architecture.md §2.7); null while unconfirmed. */
  confirmedAt: number | null;
  /** Set when an init is about to be sent; from then on the post cannot be edited or cancelled. */
  initStartedAt: number | null;
  publishedAt: number | null;
  /** Number of inits sent for this post (orphans included). */
  initCount: number;
  createdAt: number;
  updatedAt: number;
}

export type AttemptKind = 'code_exchange' | 'token_refresh' | 'user_info' | 'creator_info' | 'init' | 'upload' | 'status' | 'cancel' | 'confirm';
/**
 * pending: sent, answer not yet recorded · ok · error: TikTok answered with a rejection ·
 * unknown: the answer was lost · orphaned: an unknown init proven unable to publish ·
 * not_sent: refused locally before reaching TikTok.
 */
export type AttemptOutcome = 'pending' | 'ok' | 'error' | 'unknown' | 'orphaned' | 'not_sent';

export interface Attempt {
  id: string;
  postId: string | null;
  accountId: string | null;
  kind: AttemptKind;
  endpoint: string;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  /** What was asked, without secrets (no tokens, no upload or media URLs). */
  request: Record<string, unknown>;
  httpStatus: number | null;
  errorCode: string | null;
  failReason: string | null;
  logId: string | null;
  outcome: AttemptOutcome;
  message: string | null;
  publishId: string | null;
  source: VideoSourceKind | null;
}

/** What an init attempt needs to resume its upload after a crash (FILE_UPLOAD). */
export interface UploadSession {
  attemptId: string;
  uploadUrl: string;
  uploadExpiresAt: number;
  videoSize: number;
  chunkSize: number;
}

export interface TimelineEvent {
  postId: string;
  /** 1, 2, 3… in the order the events happened. */
  seq: number;
  at: number;
  fromState: PostState | null;
  toState: PostState;
  /** `user`, `worker:<id>`, `tiktok:webhook`, `tiktok:status`, `system`. */
  actor: string;
  reason: string | null;
  message: string | null;
  detail: Record<string, unknown> | null;
}

/** A key of the REST API. The key itself is never stored: only its SHA-256 (`keyHash`). */
export interface ApiKey {
  id: string;
  name: string;
  keyHash: string;
  /** The key's first characters, to tell keys apart in a listing. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * A pending OAuth connection (docs/connect.md): the authorize URL's state (kept only as its
 * SHA-256), the PKCE verifier and what was asked for. Single use: `usedAt` is set by the callback.
 */
export interface OAuthState {
  id: string;
  stateHash: string;
  appId: string;
  codeVerifier: string;
  redirectUri: string;
  scopes: string[];
  /** The account being reconnected, when the connection was started for one. */
  accountId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}
