// What the domain needs from storage, in the domain's own terms. The store (../store) implements it
// with Kysely on SQLite or PostgreSQL; nothing here knows SQL, Kysely or a driver (the lint rule in
// eslint.config.js keeps it that way).
import type { Account, AccountPolicy, AccountStatus, ApiKey, App, Attempt, MediaAsset, MediaFix, MediaFixStatus, MediaUpload, OAuthState, Post, PostMode, TimelineEvent, UploadSession } from './types.js';
import type { PostState } from './post-states.js';
import type { DeliveryStatus, NotificationDelivery, NotificationEndpoint, NotificationEvent, WorkerHeartbeat } from '../notifications/notification-types.js';

export type Dialect = 'sqlite' | 'postgres';

export interface AppsRepo {
  insert(app: App): Promise<void>;
  get(id: string): Promise<App | undefined>;
  getByClientKey(clientKey: string): Promise<App | undefined>;
  list(): Promise<App[]>;
  update(id: string, patch: Partial<Pick<App, 'clientSecret' | 'audited' | 'verifiedUrlPrefixes' | 'activeCreatorCap'>>, now: number): Promise<App | undefined>;
}

export interface TokenUpdate {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  scopes: string[];
  lastRefreshAt: number;
}

export interface AccountsRepo {
  insert(account: Account): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  getByOpenId(appId: string, openId: string): Promise<Account | undefined>;
  list(filter?: { appId?: string; status?: AccountStatus }): Promise<Account[]>;
  updateTokens(id: string, tokens: TokenUpdate, now: number): Promise<void>;
  updateProfile(id: string, profile: Pick<Account, 'username' | 'nickname' | 'avatarUrl'>, now: number): Promise<void>;
  setStatus(id: string, status: AccountStatus, reason: string | null, message: string | null, now: number): Promise<void>;
}

export interface MediaRepo {
  insert(asset: MediaAsset): Promise<void>;
  get(id: string): Promise<MediaAsset | undefined>;
  getMany(ids: readonly string[]): Promise<MediaAsset[]>;
}

/** Conditions an update must meet; it changes nothing and answers false otherwise. */
export interface PostGuard {
  states?: readonly PostState[];
  version?: number;
  /** No init was sent yet. */
  initNotStarted?: boolean;
}

export type PostPatch = Partial<Omit<Post, 'id' | 'accountId' | 'createdAt' | 'updatedAt'>>;

/** Where a page of posts continues: after this (time, id). */
export interface PostPageKey {
  at: number;
  id: string;
}

export interface PostPageFilter {
  states?: readonly PostState[];
  accountId?: string;
  from?: number;
  to?: number;
  after?: PostPageKey;
  limit: number;
}

export interface PostsRepo {
  insert(post: Post): Promise<void>;
  get(id: string): Promise<Post | undefined>;
  /** Applies `patch` when `guard` holds; true when the row changed. */
  update(id: string, patch: PostPatch, now: number, guard?: PostGuard): Promise<boolean>;
  findByPublishId(publishId: string): Promise<Post | undefined>;
  list(filter?: { accountId?: string; states?: readonly PostState[]; stateReason?: string; limit?: number }): Promise<Post[]>;
  /** Posts in (scheduled time, else creation time; id) order, after the key (store/repos/posts-repo.ts). */
  page(filter: PostPageFilter): Promise<Post[]>;
  /** Direct posts whose init was sent for this account since `since` (the local post ledger). */
  countDirectInitsSince(accountId: string, since: number): Promise<number>;
}

export interface TimelineRepo {
  append(event: Omit<TimelineEvent, 'seq'>): Promise<TimelineEvent>;
  list(postId: string): Promise<TimelineEvent[]>;
}

export interface AttemptsRepo {
  insert(attempt: Attempt): Promise<void>;
  finish(id: string, patch: Partial<Omit<Attempt, 'id' | 'postId' | 'accountId' | 'kind' | 'endpoint' | 'startedAt'>>): Promise<void>;
  get(id: string): Promise<Attempt | undefined>;
  /** In (started, id) order; `postIds` reads the attempts of several posts at once (a page's). */
  list(filter: { postId?: string; postIds?: readonly string[]; accountId?: string; kind?: Attempt['kind']; limit?: number }): Promise<Attempt[]>;
  /** The most recent init attempt of a post. */
  latestInit(postId: string): Promise<Attempt | undefined>;
  findByPublishId(publishId: string): Promise<Attempt | undefined>;
  saveUploadSession(session: UploadSession): Promise<void>;
  getUploadSession(attemptId: string): Promise<UploadSession | undefined>;
}

export type JobKind = 'publish' | 'refresh' | 'status' | 'webhook' | 'confirm' | 'notify' | 'watchdog' | 'fix';

export interface JobSpec {
  kind: JobKind;
  /** Deduplicates: one pending unit per key. */
  key: string;
  /** Jobs sharing a group key never run at the same time (one unit per account in flight). */
  groupKey: string | null;
  postId?: string | null;
  accountId?: string | null;
  runAt: number;
  payload?: Record<string, unknown>;
}

export interface Job {
  id: string;
  kind: JobKind;
  key: string;
  groupKey: string | null;
  postId: string | null;
  accountId: string | null;
  runAt: number;
  /** Runs that ended in a retry so far. */
  attempts: number;
  payload: Record<string, unknown>;
  lastError: string | null;
}

/** A job this worker holds: `leaseToken` fences every write the job makes. */
export interface ClaimedJob extends Job {
  leaseOwner: string;
  leaseToken: string;
  leaseExpiresAt: number;
}

export type AttemptCount = 'increment' | 'keep' | 'reset';

export interface JobsRepo {
  /** Creates the unit, or moves an existing one with the same key to `runAt` (keeping its lease). */
  upsert(spec: JobSpec, now: number): Promise<void>;
  /**
   * Leases up to `limit` due jobs (`runAt <= now`, no live lease) whose group has no live lease,
   * at most one per group.
   */
  claim(input: { now: number; owner: string; limit: number; leaseMs: number; kinds?: readonly JobKind[] }): Promise<ClaimedJob[]>;
  /** Extends the lease; false when the lease was lost (another worker took the job, or it is gone). */
  renew(job: ClaimedJob, leaseExpiresAt: number, now: number): Promise<boolean>;
  /** Removes the job (done); false when the lease was lost. */
  complete(job: ClaimedJob): Promise<boolean>;
  /**
   * Releases the lease and runs the job again at `runAt`; false when the lease was lost. `attempts`
   * counts a failed run (default), keeps the count (a planned next run) or resets it (a success).
   */
  retryAt(job: ClaimedJob, runAt: number, error: string | null, now: number, attempts?: AttemptCount): Promise<boolean>;
  /** Releases the lease, leaving when the job runs next untouched (e.g. an edit moved it). */
  release(job: ClaimedJob, now: number): Promise<boolean>;
  get(key: string): Promise<Job | undefined>;
  deleteByKey(key: string): Promise<void>;
  /** Deletes an account's jobs of the given kinds (an account parked for reconnect). */
  deleteForAccount(accountId: string, kinds: readonly JobKind[]): Promise<void>;
  /** Makes an account's jobs of the given kinds due now (reconnected). */
  wakeForAccount(accountId: string, kinds: readonly JobKind[], now: number): Promise<void>;
  /** When the next job becomes due (or a lease expires), for the worker's sleep. */
  nextDueAt(now: number): Promise<number | undefined>;
  count(filter?: { kind?: JobKind }): Promise<number>;
}

export interface WebhookEventsRepo {
  /** Records the event; false when it was already recorded (a redelivery). */
  record(input: { key: string; event: string; receivedAt: number; accountId: string | null; publishId: string | null; payload: unknown }): Promise<boolean>;
  get(key: string): Promise<{ key: string; event: string; payload: unknown; accountId: string | null; processedAt: number | null; outcome: string | null } | undefined>;
  markProcessed(key: string, outcome: string, now: number): Promise<void>;
}

export interface WebhookSignaturesRepo {
  /** Records a signature (its hash); false when it was recorded before (a replayed delivery). */
  claim(signatureHash: string, now: number): Promise<boolean>;
  /** Forgets signatures received before `before`; answers how many. */
  prune(before: number): Promise<number>;
}

/** Thresholds of the stuck-post count (the watchdog's, notifications/stuck-posts.ts). */
export interface StuckThresholds {
  scheduledMs: number;
  publishingMs: number;
  processingMs: number;
}

/** What /metrics reports, counted in the database so every process reports the same (store/repos/metrics-repo.ts). */
export interface MetricsCounts {
  /** Pending jobs by kind (leased or not). */
  jobsByKind: Array<{ kind: string; count: number }>;
  /** Due (`runAt <= now`) and not held by a live lease, by kind, with how late the oldest is. */
  dueUnclaimed: Array<{ kind: string; count: number; maxLatenessMs: number }>;
  postsByState: Array<{ state: string; count: number }>;
  /** Failed, held and missed posts by their reason (the service maps reasons to families). */
  troubledByReason: Array<{ state: string; reason: string | null; count: number }>;
  /** Posts past their state's deadline, by state. */
  stuckByState: Array<{ state: string; count: number }>;
  /** Attempt rows (every call to TikTok is one) by endpoint and TikTok's code (`ok` when none). */
  tiktokCalls: Array<{ endpoint: string; code: string; count: number }>;
}

export interface MetricsRepo {
  counts(now: number, stuck: StuckThresholds): Promise<MetricsCounts>;
}

export type RevokeOutcome = 'revoked' | 'already_used' | 'none';

export interface MediaTokensRepo {
  insert(input: { tokenHash: string; postId: string; attemptId: string; expiresAt: number; now: number }): Promise<void>;
  /** Marks the token used and answers what it grants; undefined when unknown, revoked or expired. */
  use(tokenHash: string, now: number): Promise<{ postId: string; attemptId: string } | undefined>;
  /**
   * Revokes an attempt's tokens only if none was ever used: 'revoked' proves TikTok never started
   * pulling, 'already_used' that it did.
   */
  revokeIfUnused(attemptId: string, now: number): Promise<RevokeOutcome>;
  revokeAll(attemptId: string, now: number): Promise<void>;
}

export interface RateLimitRepo {
  tryAcquire(key: string, limit: number, windowMs: number, nowMs: number): Promise<{ granted: true } | { granted: false; retryAtMs: number }>;
}

export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export type AccountPolicyPatch = Partial<Omit<AccountPolicy, 'accountId' | 'updatedAt'>>;

export interface AccountPoliciesRepo {
  /** The account's policy (all defaults when nothing was ever set). */
  get(accountId: string): Promise<AccountPolicy>;
  /** Sets the given fields (creating the row when needed); answers the policy as stored. */
  update(accountId: string, patch: AccountPolicyPatch, now: number): Promise<AccountPolicy>;
}

/** An init that may count against TikTok's caps: sent and not refused (orphans included, the safe reading). */
export interface CountedInit {
  postId: string;
  at: number;
  postState: PostState;
  /** TikTok answered with a publish_id: it surely counted. Otherwise (in flight, answer lost) it may have. */
  certain: boolean;
}

/** The ledgers behind the caps (docs/architecture.md §2.5), read from init attempts and posts. */
export interface LedgerRepo {
  /** Counted inits of an account's posts in `mode` since `since`, oldest first. */
  inits(filter: { accountId: string; mode: PostMode; since: number }): Promise<CountedInit[]>;
  /** Accounts of the app with a counted init since `since`, with the time of their latest one. */
  activeAccounts(appId: string, since: number): Promise<Array<{ accountId: string; lastAt: number }>>;
  /** An account's posts in `mode` due in [from, to] that have not been sent yet. */
  planned(filter: { accountId: string; mode: PostMode; from: number; to: number }): Promise<Array<{ postId: string; at: number }>>;
  /**
   * Accounts other than `excludeAccountId` with a post (planned or sent) whose media includes a file
   * with this SHA-256, due or sent in [from, to]; at most `limit` of them.
   */
  accountsWithMedia(filter: { sha256: string; from: number; to: number; excludeAccountId: string; limit: number }): Promise<string[]>;
}

export interface NotificationEndpointsRepo {
  insert(endpoint: NotificationEndpoint): Promise<void>;
  get(id: string): Promise<NotificationEndpoint | undefined>;
  list(): Promise<NotificationEndpoint[]>;
  /** False when there was no such endpoint. */
  remove(id: string): Promise<boolean>;
}

export interface NotificationsRepo {
  /** Records the event (given an id); undefined when one with the same dedupe key exists already (nothing changes). */
  record(event: Omit<NotificationEvent, 'id'>): Promise<NotificationEvent | undefined>;
  get(id: string): Promise<NotificationEvent | undefined>;
  getByKey(dedupeKey: string): Promise<NotificationEvent | undefined>;
  /** Newest first; `before` is the (at, id) of the last event of the previous page. */
  list(o: { before?: { at: number; id: string }; limit: number }): Promise<NotificationEvent[]>;
  addDelivery(d: Pick<NotificationDelivery, 'eventId' | 'endpointId'>, now: number): Promise<void>;
  getDelivery(eventId: string, endpointId: string): Promise<NotificationDelivery | undefined>;
  deliveriesOf(eventIds: readonly string[]): Promise<NotificationDelivery[]>;
  /** Records one try (or its end): `attempts` grows by `tried` (0 or 1). */
  updateDelivery(eventId: string, endpointId: string, patch: { status: DeliveryStatus; tried: 0 | 1; error: string | null }, now: number): Promise<void>;
}

export interface WorkersRepo {
  /** Creates or refreshes the worker's row with `lastBeatAt = now`. */
  beat(worker: Omit<WorkerHeartbeat, 'lastBeatAt'>, now: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Forgets workers silent since before `before` (killed long ago); answers how many. */
  removeSilentSince(before: number): Promise<number>;
  list(): Promise<WorkerHeartbeat[]>;
}

export interface ApiKeysRepo {
  insert(key: ApiKey): Promise<void>;
  get(id: string): Promise<ApiKey | undefined>;
  getByHash(keyHash: string): Promise<ApiKey | undefined>;
  list(): Promise<ApiKey[]>;
  /** Marks the key revoked; false when no such key exists or it was revoked already. */
  revoke(id: string, now: number): Promise<boolean>;
}

export interface OAuthStatesRepo {
  insert(state: OAuthState): Promise<void>;
  getByHash(stateHash: string): Promise<OAuthState | undefined>;
  /**
   * Marks the state used, once: true for the one caller that claimed it while unused and not
   * expired at `now`; false when it was used already, expired, or does not exist.
   */
  claim(id: string, now: number): Promise<boolean>;
  /** Forgets states that expired before `before`; answers how many. */
  removeExpired(before: number): Promise<number>;
}

export interface MediaUploadsRepo {
  insert(upload: MediaUpload): Promise<void>;
  get(id: string): Promise<MediaUpload | undefined>;
  /**
   * Moves `receivedBytes` from `from` to `to` (a chunk landed); false when the row had another
   * count (a concurrent chunk won, or the client is at the wrong offset) or is complete already.
   */
  advance(id: string, from: number, to: number, now: number): Promise<boolean>;
  /** Records the media the upload became; false when it was recorded already. */
  complete(id: string, mediaId: string, now: number): Promise<boolean>;
  /** Sessions past their expiry that never completed, oldest first. */
  listExpired(now: number, limit: number): Promise<MediaUpload[]>;
  remove(id: string): Promise<void>;
}

export interface MediaFixesRepo {
  insert(fix: MediaFix): Promise<void>;
  get(id: string): Promise<MediaFix | undefined>;
  /** The most recent fix of a media asset. */
  latestFor(mediaId: string): Promise<MediaFix | undefined>;
  /** Applies `patch` when the fix is in one of `states` (any state when omitted); true when it changed. */
  update(id: string, patch: Partial<Pick<MediaFix, 'status' | 'progress' | 'fixedMediaId' | 'error'>>, now: number, states?: readonly MediaFixStatus[]): Promise<boolean>;
}

export interface Repos {
  apps: AppsRepo;
  accountPolicies: AccountPoliciesRepo;
  ledger: LedgerRepo;
  accounts: AccountsRepo;
  media: MediaRepo;
  posts: PostsRepo;
  timeline: TimelineRepo;
  attempts: AttemptsRepo;
  jobs: JobsRepo;
  webhookEvents: WebhookEventsRepo;
  mediaTokens: MediaTokensRepo;
  rateLimits: RateLimitRepo;
  meta: MetaRepo;
  notificationEndpoints: NotificationEndpointsRepo;
  notifications: NotificationsRepo;
  workers: WorkersRepo;
  apiKeys: ApiKeysRepo;
  oauthStates: OAuthStatesRepo;
  mediaUploads: MediaUploadsRepo;
  mediaFixes: MediaFixesRepo;
  webhookSignatures: WebhookSignaturesRepo;
  metrics: MetricsRepo;
}

export interface Store extends Repos {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction: every write in it commits together or not at all. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /**
   * Seals every stored secret again under the current key (a key rotation; store/reseal.ts):
   * batch by batch, so an interrupted run loses nothing and a second run finishes it.
   */
  reseal(o?: { batchSize?: number; onBatch?: (resealed: number) => void | Promise<void> }): Promise<{ resealed: number; remaining: number }>;
  close(): Promise<void>;
}
