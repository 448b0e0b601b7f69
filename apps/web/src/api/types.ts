// The REST API's views as the UI reads them (the server's contract; times are epoch ms, or ISO
// strings where the server sends them: read them through `toMs`).

export type PrivacyLevel = 'PUBLIC_TO_EVERYONE' | 'MUTUAL_FOLLOW_FRIENDS' | 'FOLLOWER_OF_CREATOR' | 'SELF_ONLY';
export type Instant = number | string;

export const POST_STATES = ['draft', 'scheduled', 'publishing', 'processing', 'inbox_pending', 'published', 'failed', 'needs_action', 'missed', 'cancelled'] as const;
export type PostState = (typeof POST_STATES)[number];

export type CheckStatus = 'ok' | 'warning' | 'failing';

export interface CheckItem {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}

export interface TestPostReport {
  status: CheckStatus;
  detail: string;
  fix?: string;
  postId: string | null;
  state: PostState | null;
  publishId: string | null;
  shareUrl: string | null;
  confirmed: boolean;
  timedOut: boolean;
}

export interface DoctorReport {
  accountId: string;
  checkedAt: Instant;
  status: CheckStatus;
  items: CheckItem[];
  testPost?: TestPostReport;
}

export interface Account {
  id: string;
  appId: string;
  openId: string;
  username: string;
  nickname: string;
  avatarUrl: string;
  scopes: string[];
  accessExpiresAt: Instant;
  refreshExpiresAt: Instant;
  status: 'active' | 'needs_reconnect' | 'disconnected';
  statusReason: string | null;
  statusMessage: string | null;
  statusChangedAt: Instant;
  lastRefreshAt: Instant | null;
  createdAt: Instant;
  /** A summary from what tokpost already knows (no call to TikTok), with every listed account. */
  health?: AccountHealth;
}

export interface AccountHealth {
  status: 'ok' | 'attention' | 'needs_reconnect';
  needsReconnect: boolean;
  tokenState: 'valid' | 'access_expired' | 'refresh_expired' | 'revoked';
  accessExpiresAt: Instant;
  refreshExpiresAt: Instant;
  refreshExpiresInMs: number;
  missingScopes: Array<{ scope: string; disables: string }>;
  postsLast24h: { direct: number; cap: number };
  problems: Array<{ code: string; message: string; fix: string }>;
}

export interface CreatorInfo {
  avatarUrl: string;
  username: string;
  nickname: string;
  privacyLevelOptions: PrivacyLevel[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
}

export interface Finding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  measured: number | string | null;
  limit: number | string | null;
  fix: string;
  fixable: boolean;
}

export interface MediaView {
  id: string;
  kind: 'video' | 'photo' | 'unusable';
  sizeBytes?: number;
  contentType?: string | null;
  probe: { kind: string; durationSec?: number | 'unknown'; width?: number; height?: number; detail?: string; detected?: string; [k: string]: unknown };
  findings: Finding[];
  /** The latest fix; progress is 0..1. */
  fix?: { id?: string; status: 'queued' | 'running' | 'done' | 'failed'; progress: number; fixedMediaId?: string; error?: string };
}

export interface Warning {
  code: string;
  message: string;
  nextFreeSlot?: Instant;
}

export interface Diagnosis {
  code: string;
  rawCode: string;
  severity: 'info' | 'warning' | 'error';
  retryable: boolean;
  summary: string;
  fix: string;
  logId: string | null;
  httpStatus: number | null;
  message: string | null;
  tiktokCode?: string | null;
  family?: number | null;
  /** Where the code comes from: TikTok's error or fail reason, OAuth, preflight, or tokpost itself ('local'). */
  source?: 'tiktok_error' | 'fail_reason' | 'oauth' | 'preflight' | 'local';
}

export interface Post {
  id: string;
  accountId: string;
  kind: 'video' | 'photo';
  mediaIds: string[];
  title: string;
  description: string;
  privacyLevel: PrivacyLevel | null;
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  brandOrganic: boolean;
  brandContent: boolean;
  aiGenerated: boolean;
  mode: 'direct' | 'inbox';
  scheduledAt: Instant | null;
  state: PostState;
  stateReason: string | null;
  stateMessage: string | null;
  version: number;
  publishId: string | null;
  shareUrl: string | null;
  initStartedAt: Instant | null;
  publishedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
  diagnosis?: Diagnosis;
}

export interface TimelineEvent {
  seq: number;
  at: Instant;
  fromState: PostState | null;
  toState: PostState;
  actor: string;
  reason: string | null;
  message: string | null;
  detail: Record<string, unknown> | null;
}

export interface Attempt {
  id: string;
  kind: string;
  endpoint: string;
  startedAt: Instant;
  finishedAt: Instant | null;
  durationMs: number | null;
  httpStatus: number | null;
  errorCode: string | null;
  failReason: string | null;
  logId: string | null;
  outcome: string;
  message: string | null;
  publishId: string | null;
}

export interface PostDetail {
  post: Post;
  timeline: TimelineEvent[];
  attempts: Attempt[];
  diagnosis: Diagnosis | null;
  publicUrl: string | null;
}

export interface AppView {
  id: string;
  clientKey: string;
  audited: boolean;
  verifiedUrlPrefixes: string[];
  activeCreatorCap?: number | null;
  createdAt: Instant;
}

export interface NotificationEndpoint {
  id: string;
  kind: 'webhook' | 'email';
  url?: string | null;
  to?: string | null;
  events?: string[] | null;
  signed?: boolean;
  createdAt?: Instant;
}

export interface NotificationEvent {
  id: string;
  type: string;
  at: Instant;
  summary: string;
  accountId: string | null;
  postId: string | null;
  deliveries: Array<{ endpointId: string; status: string; attempts: number; lastError: string | null; deliveredAt: Instant | null }>;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Instant;
  revokedAt: Instant | null;
}

export function toMs(t: Instant | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}
