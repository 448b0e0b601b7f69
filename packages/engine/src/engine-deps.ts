// What the engine's services and job handlers share, and the engine's tunables with their defaults.
import type { Clock } from '@tokpost/tiktok';
import { POSTING_CAPS } from '@tokpost/tiktok/contract';
import { DEFAULT_WEBHOOK_TOLERANCE_SEC } from '@tokpost/tiktok';
import type { CapPolicy } from './domain/types.js';
import type { Store } from './domain/store-port.js';
import type { IdFactory } from './ids.js';
import type { JobClock } from './jobs/job-clock.js';
import type { Logger } from './logger.js';
import type { Gate } from './pipeline/gate.js';
import type { TikTokClients } from './tiktok-clients.js';
import type { EngineEvents } from './engine-events.js';
import type { FfmpegResolution } from '@tokpost/media';

export interface EngineSettings {
  /** How long a claimed job stays leased without a heartbeat (default 60 s). */
  leaseMs: number;
  /** Refresh inline before a call when the access token expires within this (default 5 min). */
  tokenSafetyMarginMs: number;
  /** Refresh jobs run this long before the access token expires… (default 30 min) */
  refreshAheadMs: number;
  /** …minus a random part of this, so accounts do not all refresh at once (default 15 min). */
  refreshJitterMs: number;
  /**
   * Inits sent for one post at most, orphans and retries of failed publishes included (default 10).
   * Each is provably safe (docs/architecture.md §2.3); the cap stops a post that TikTok keeps
   * losing from consuming the creator's daily posts, since orphans may count against them.
   */
  maxInitsPerPost: number;
  /** Status tracking lasts this long after the init (default 24 h: moderation can take hours). */
  statusHorizonMs: number;
  /** Inbox drafts are polled this long for the creator to finish (default 7 days). */
  inboxHorizonMs: number;
  /** How long to wait for TikTok's word on an init whose answer was lost after a pull began (default 2 h). */
  unknownOutcomeWaitMs: number;
  /** Backoff of retried steps (token refresh, creator_info, a rejected-but-retryable init). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** 'block' holds a post whose media has preflight errors; 'warn' sends it anyway. */
  preflight: 'block' | 'warn';
  /** FILE_UPLOAD chunk size (default: the client's, 10,000,000 bytes). */
  chunkSize: number | undefined;
  /** Base URL for PULL_FROM_URL media (see media/pull-grants.ts). */
  mediaBaseUrl: string | undefined;
  pullTokenTtlMs: number;
  /** FILE_UPLOADs one process streams at once; the others wait their turn (default 4). */
  uploadsInFlight: number;
  /**
   * Added to TikTok's 60-s rate-limit window, shared by every worker through the database: the time
   * between tokpost counting a request and TikTok receiving it (default 1 s).
   */
  rateLimitMarginMs: number;
  // The policy layer (docs/architecture.md §2.5, policies/).
  /** Direct posts per creator per rolling 24 h, unless the account sets its own (default 15). */
  dailyPostCap: number;
  /** Inbox drafts pending per creator in 24 h (default 5). */
  pendingInboxCap: number;
  /** At publish time, a post over a cap moves to the next free slot or is held (default 'reslot'). */
  capPolicy: CapPolicy;
  /** Posts missed by less than this (tokpost was down) still go out at once (default 1 h). */
  catchUpGraceMs: number;
  /** Identical media (same SHA-256) on several accounts within this window gets a warning (default 24 h). */
  identicalMediaWindowMs: number;
  /** Reminders while an inbox draft waits for the creator, counted from its delivery (default 1 h, 1 day, 3 days). */
  inboxRemindersMs: number[];
  /** How long before the refresh token expires the doctor warns and a notification goes out (default 30, 7 and 1 days). */
  refreshExpiryWarningsMs: number[];
  // Confirmation through the Display API (docs/architecture.md §2.7, docs/tiktok-api.md §17).
  /** Confirm published posts with video/query when the account granted `video.list` (default true). */
  confirmPosts: boolean;
  /**
   * Look for a published post TikTok gave no public id for (SELF_ONLY, private accounts) on the
   * creator's video/list, by caption and time (default true). TikTok does not say whether such posts
   * are listed at all (docs/tiktok-api.md §17); when they are not, the post stays unconfirmed.
   */
  confirmFindOnProfile: boolean;
  /**
   * A post not (yet) listed, or a call that failed for now, is looked up again after each of these
   * delays in turn; after the last one tokpost stops and notes it (default 1 min, 10 min, 1 h).
   */
  confirmRetryDelaysMs: number[];
  // The doctor (docs/architecture.md §2.8).
  /** Where the doctor's test clip is generated (openEngine: `<dataDir>/temp`; otherwise the OS temp dir). */
  tempDir: string | undefined;
  /**
   * The ffmpeg binary for the doctor's test clip and media fixes; unset: resolveFfmpeg() picks the
   * system's or the bundled one (docs/media.md).
   */
  ffmpegPath: string | undefined;
  // Media over the API (docs/media.md).
  /** Where uploaded and fixed media files live (openEngine: `<dataDir>/media`; otherwise the OS temp dir). */
  mediaDir: string | undefined;
  /** Largest media file accepted, by multipart or resumable upload (default 4 GiB). */
  maxUploadBytes: number;
  /** A resumable upload not completed within this is dropped (default 24 h). */
  uploadTtlMs: number;
  /** How often the doctor looks at its test post (default 5 s)… */
  doctorPollMs: number;
  /** …and how long it waits for it to finish, confirmation included (default 15 min). */
  doctorTestPostTimeoutMs: number;
  // Notifications and liveness (docs/notifications.md).
  /** SMTP server for email endpoints; unset: no email is sent (deliveries are recorded as skipped). */
  smtp: SmtpSettings | undefined;
  /** Tries of one delivery (webhook or email) before it is recorded as failed (default 8). */
  notifyMaxAttempts: number;
  /** Backoff between tries of a delivery (default 30 s doubling, at most 1 h). */
  notifyRetryBaseMs: number;
  notifyRetryMaxMs: number;
  /** Real milliseconds a webhook receiver or SMTP server has to answer one try (default 10 s). */
  notifyTimeoutMs: number;
  /** How often the watchdog looks for stuck posts, inbox reminders and expiring tokens (default 1 min). */
  watchdogIntervalMs: number;
  /** A due post no worker has started this long after it was due (or moved) is stuck (default 15 min). */
  stuckScheduledMs: number;
  /** A publishing post without progress (no timeline entry) this long is stuck (default 90 min: the upload window is 1 h). */
  stuckPublishingMs: number;
  /** A processing post this long after its init is stuck (default 25 h: tracking gives up and holds it at 24 h). */
  stuckProcessingMs: number;
  /** A worker writes its heartbeat at most this often (default 10 s; the loop turns at least every pollMs). */
  heartbeatMs: number;
  /** No heartbeat from any worker for this long means no worker is alive (default 2 min). */
  workerDeadAfterMs: number;
  /** Tries of each "no worker alive" delivery, made inline by the process that noticed (default 3). */
  livenessDeliveryTries: number;
  /** How long an authorize URL from accounts.beginConnect stays usable (default 10 min; docs/connect.md). */
  oauthStateTtlMs: number;
  /**
   * A webhook whose signature timestamp is further than this from now is refused as a replay
   * (default 300 s). TikTok re-sends a failed delivery with its first signature, so a scaled clock
   * in tests widens this in step with the scale.
   */
  webhookToleranceMs: number;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  from: string;
  auth?: { user: string; pass: string };
}

export const DEFAULT_SETTINGS: EngineSettings = {
  leaseMs: 60_000,
  tokenSafetyMarginMs: 5 * 60_000,
  refreshAheadMs: 30 * 60_000,
  refreshJitterMs: 15 * 60_000,
  maxInitsPerPost: 10,
  statusHorizonMs: 24 * 3_600_000,
  inboxHorizonMs: 7 * 24 * 3_600_000,
  unknownOutcomeWaitMs: 2 * 3_600_000,
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  preflight: 'block',
  chunkSize: undefined,
  mediaBaseUrl: undefined,
  pullTokenTtlMs: 3 * 3_600_000,
  uploadsInFlight: 4,
  rateLimitMarginMs: 1_000,
  dailyPostCap: POSTING_CAPS.directPostsPerCreator,
  pendingInboxCap: POSTING_CAPS.pendingInboxShares,
  capPolicy: 'reslot',
  catchUpGraceMs: 3_600_000,
  identicalMediaWindowMs: 24 * 3_600_000,
  inboxRemindersMs: [3_600_000, 24 * 3_600_000, 3 * 24 * 3_600_000],
  refreshExpiryWarningsMs: [30, 7, 1].map((days) => days * 24 * 3_600_000),
  confirmPosts: true,
  confirmFindOnProfile: true,
  confirmRetryDelaysMs: [60_000, 10 * 60_000, 3_600_000],
  tempDir: undefined,
  ffmpegPath: undefined,
  mediaDir: undefined,
  maxUploadBytes: 4 * 1024 ** 3,
  uploadTtlMs: 24 * 3_600_000,
  doctorPollMs: 5_000,
  doctorTestPostTimeoutMs: 15 * 60_000,
  smtp: undefined,
  notifyMaxAttempts: 8,
  notifyRetryBaseMs: 30_000,
  notifyRetryMaxMs: 3_600_000,
  notifyTimeoutMs: 10_000,
  watchdogIntervalMs: 60_000,
  stuckScheduledMs: 15 * 60_000,
  stuckPublishingMs: 90 * 60_000,
  stuckProcessingMs: 25 * 3_600_000,
  heartbeatMs: 10_000,
  workerDeadAfterMs: 2 * 60_000,
  livenessDeliveryTries: 3,
  oauthStateTtlMs: 10 * 60_000,
  webhookToleranceMs: DEFAULT_WEBHOOK_TOLERANCE_SEC * 1000,
};

export interface EngineDeps {
  store: Store;
  /** The engine's time; job code runs on `jobClock`, which wraps it. */
  clock: Clock;
  jobClock: JobClock;
  ids: IdFactory;
  random: () => number;
  log: Logger;
  clients: TikTokClients;
  gate: Gate;
  settings: EngineSettings;
  events: EngineEvents;
  /** Runs an upload when one of this process's upload slots is free. */
  uploadSlots: <T>(run: () => Promise<T>) => Promise<T>;
  /** The ffmpeg/ffprobe this engine runs (resolved once, on first use). */
  ffmpeg: () => FfmpegResolution;
}
