// createEngine: the engine's services and job handlers over one store. `openEngine` also opens the
// store (SQLite by default, PostgreSQL with a database URL) with the installation's encryption key.
// `engine.createWorker()` runs the durable job loop; `createWorker(options)` does both in one call.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { systemClock, type Clock, type TikTokWebhookEvent } from '@tokpost/tiktok';
import { loadKeyRing } from './crypto/rotate-key.js';
import type { Store } from './domain/store-port.js';
import { createEngineEvents, type EngineEvents } from './engine-events.js';
import { DEFAULT_SETTINGS, type EngineDeps, type EngineSettings } from './engine-deps.js';
import { notFound } from './errors.js';
import { createIdFactory, type IdFactory } from './ids.js';
import { createJobClock } from './jobs/job-clock.js';
import { startWorkerLoop, type Worker, type WorkerOptions } from './jobs/worker.js';
import { silentLogger, type Logger } from './logger.js';
import { openPull, type PullLookup } from './media/pull-grants.js';
import { createMediaImport, type ImportMediaInput } from './media/import-media.js';
import { registerMedia, type RegisterMediaInput } from './media/register-media.js';
import { createConnectFlow, type ConnectFlow } from './accounts/connect-flow.js';
import { accountHealth, type AccountHealth } from './accounts/health.js';
import { createFixHandler } from './media/fix-job.js';
import { createMediaFixesService } from './media/fixes-service.js';
import { viewFix, viewMedia, type MediaFixView, type MediaView } from './media/media-view.js';
import { createMediaUploadsService, type MediaUploadsService } from './media/uploads-service.js';
import { resolveFfmpeg, type FfmpegResolution } from '@tokpost/media';
import { createRefreshHandler } from './accounts/refresh-job.js';
import { createCreatorInfoReader } from './accounts/creator-info.js';
import { receiveTikTokWebhook, type WebhookDeliveryInput, type WebhookReceiptResult } from './pipeline/webhook-receipt.js';
import { readOperationsMetrics, type OperationsMetrics } from './services/metrics-service.js';
import type { Gate } from './pipeline/gate.js';
import { createPolicyGate } from './policies/policy-gate.js';
import { createPublishHandler } from './pipeline/publish-job.js';
import { createStatusHandler } from './pipeline/status-job.js';
import { createConfirmHandler } from './pipeline/confirm-job.js';
import { createDoctor, type Doctor } from './doctor/doctor.js';
import { createWebhookHandler, enqueueWebhookEvent } from './pipeline/webhook-job.js';
import { createWorkerHeartbeats } from './notifications/heartbeats.js';
import type { Liveness } from './notifications/liveness.js';
import { createNotificationsService, type NotificationsService } from './notifications/notifications-service.js';
import { createNotifyHandler } from './notifications/notify-job.js';
import { createWatchdogHandler, ensureWatchdog } from './notifications/watchdog.js';
import { createAccountsService, viewAccount, type AccountsService, type AccountView } from './services/accounts-service.js';
import { createApiKeysService, type ApiKeysService } from './services/api-keys-service.js';
import { createAppsService, type AppsService } from './services/apps-service.js';
import { createPostsService, type PostsService } from './services/posts-service.js';
import { DEFAULT_SQLITE_PATH } from './store/connect.js';
import { openStore } from './store/open-store.js';
import { createTikTokClients, type TikTokConnection } from './tiktok-clients.js';
import type { MediaAsset } from './domain/types.js';

export interface EngineOptions {
  store: Store;
  /** TikTok (or the emulator, or any TikTok-compatible server) and the OAuth redirect URI. */
  tiktok: TikTokConnection;
  clock?: Clock;
  ids?: IdFactory;
  random?: () => number;
  log?: Logger;
  /** The policy seam (caps, audit rules); the policy gate (policies/policy-gate.ts) by default. */
  gate?: Gate;
  settings?: Partial<EngineSettings>;
}

export interface MediaService {
  register(input: RegisterMediaInput): Promise<MediaAsset>;
  get(id: string): Promise<MediaAsset | undefined>;
  /** What the API shows of an asset (probe, findings, latest fix); not_found when there is none. */
  view(id: string): Promise<MediaView>;
  /** Files arriving over the API: whole (multipart) or resumable (docs/media.md). */
  readonly uploads: MediaUploadsService;
  /** A file fetched from a URL a user gives, under the import rules (media/url-import.ts), registered like an upload. */
  importUrl(input: ImportMediaInput): Promise<MediaView>;
  /** Queues a fix run by a worker (or answers the one in progress); progress shows in view(). */
  fix(id: string): Promise<MediaFixView>;
  /** The ffmpeg and ffprobe this engine runs, and where they came from (resolved on first call). */
  ffmpeg(): FfmpegResolution;
  /** For the media endpoint: what `{token}/{index}` of a URL pull may read (marks the token used). */
  openPull(token: string, index: number): Promise<PullLookup>;
}

/** An account with its health (accounts/health.ts). */
export type AccountWithHealth = AccountView & { health: AccountHealth };

/** The accounts service, the browser connection flow (docs/connect.md) and the health summary. */
export interface AccountsApi extends AccountsService, ConnectFlow {
  /** Health of one account, from the store only (no TikTok call). */
  health(id: string): Promise<AccountHealth>;
  getWithHealth(id: string): Promise<AccountWithHealth>;
  listWithHealth(filter?: Parameters<AccountsService['list']>[0]): Promise<AccountWithHealth[]>;
}

export interface Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: EngineSettings;
  readonly events: EngineEvents;
  readonly apps: AppsService;
  readonly accounts: AccountsApi;
  readonly posts: PostsService;
  readonly media: MediaService;
  /** Keys of the REST API (stored hashed). */
  readonly apiKeys: ApiKeysService;
  /** The account's maintenance checklist, optionally with a test post (docs/architecture.md §2.8). */
  readonly doctor: Doctor;
  /** Notification endpoints, the notification log, liveness (docs/notifications.md). */
  readonly notifications: NotificationsService;
  /**
   * Workers seen and whether any beat within settings.workerDeadAfterMs; when none did, raises and
   * delivers `no_worker_alive` (once per outage). Needs no worker: the server calls it periodically.
   */
  liveness(): Promise<Liveness>;
  /** A verified TikTok webhook event (the server checks the signature): recorded once, then processed. */
  handleTikTokEvent(event: TikTokWebhookEvent): Promise<{ duplicate: boolean }>;
  /**
   * One delivery to the webhook receiver, as received: the signature checked on the raw body with
   * the app's client secret, stale and replayed deliveries refused, duplicates acknowledged without
   * effect, the event recorded and queued durably (pipeline/webhook-receipt.ts).
   */
  receiveTikTokWebhook(input: WebhookDeliveryInput): Promise<WebhookReceiptResult>;
  /** Queue, posts, failures, stuck posts, TikTok calls and heartbeats, for /metrics (services/metrics-service.ts). */
  metrics(): Promise<OperationsMetrics>;
  createWorker(options?: WorkerOptions): Worker;
  /** The dependencies the services and handlers share (for the policy layer and tests). */
  readonly deps: EngineDeps;
}

export function createEngine(o: EngineOptions): Engine {
  const clock = o.clock ?? systemClock;
  const random = o.random ?? Math.random;
  const ids = o.ids ?? createIdFactory();
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...o.settings };
  const jobClock = createJobClock(clock);
  let ffmpeg: FfmpegResolution | undefined;
  const events = createEngineEvents();
  const deps: EngineDeps = {
    store: o.store,
    clock,
    jobClock,
    ids,
    random,
    log: o.log ?? silentLogger,
    // Jobs (and the client's rate-limit waits inside them) run on the job clock.
    clients: createTikTokClients({ connection: o.tiktok, store: o.store, clock: jobClock, random, rateLimitMarginMs: settings.rateLimitMarginMs }),
    gate: o.gate ?? createPolicyGate(settings),
    settings,
    events,
    uploadSlots: pLimit(Math.max(1, settings.uploadsInFlight)),
    ffmpeg: () => (ffmpeg ??= resolveFfmpeg({ configured: settings.ffmpegPath })),
  };
  const handlers = {
    publish: createPublishHandler(deps),
    refresh: createRefreshHandler(deps),
    status: createStatusHandler(deps),
    webhook: createWebhookHandler(deps),
    confirm: createConfirmHandler(deps),
    notify: createNotifyHandler(deps),
    watchdog: createWatchdogHandler(deps),
    fix: createFixHandler(deps),
  };
  const creatorInfo = createCreatorInfoReader(deps);
  const posts = createPostsService(deps, { creatorInfo });
  const fixes = createMediaFixesService(deps);
  const media: MediaService = {
    register: (input) => registerMedia(o.store, { ids, now: clock.now() }, input),
    get: (id) => o.store.media.get(id),
    async view(id) {
      const [asset, fix] = await Promise.all([o.store.media.get(id), fixes.latest(id)]);
      if (!asset) throw notFound('media', id);
      return viewMedia(asset, fix);
    },
    uploads: createMediaUploadsService(deps),
    importUrl: createMediaImport(deps),
    fix: async (id) => viewFix(await fixes.fix(id)),
    ffmpeg: () => deps.ffmpeg(),
    openPull: (token, index) => openPull(o.store, token, index, clock.now()),
  };
  const notifications = createNotificationsService(deps);
  const accountsService = createAccountsService(deps, { creatorInfo });
  const withHealth = async (a: Parameters<typeof viewAccount>[0]): Promise<AccountWithHealth> => ({ ...viewAccount(a), health: await accountHealth(o.store, settings, a, clock.now()) });
  const storedAccount = async (id: string) => {
    const a = await o.store.accounts.get(id);
    if (!a) throw notFound('account', id);
    return a;
  };
  const accounts: AccountsApi = {
    ...accountsService,
    ...createConnectFlow(deps, { accounts: accountsService, redirectUri: o.tiktok.redirectUri }),
    health: async (id) => accountHealth(o.store, settings, await storedAccount(id), clock.now()),
    getWithHealth: async (id) => withHealth(await storedAccount(id)),
    listWithHealth: async (filter) => Promise.all((await o.store.accounts.list(filter)).map(withHealth)),
  };
  return {
    store: o.store,
    clock,
    settings,
    events,
    deps,
    apps: createAppsService(deps),
    accounts,
    posts,
    media,
    apiKeys: createApiKeysService(deps),
    doctor: createDoctor({ deps, posts, register: (path) => media.register({ path }) }),
    notifications,
    liveness: () => notifications.liveness(),
    handleTikTokEvent: (event) => enqueueWebhookEvent(deps, event),
    receiveTikTokWebhook: (input) => receiveTikTokWebhook(deps, input),
    metrics: () => readOperationsMetrics(deps),
    createWorker: (wo) => {
      const w = startWorkerLoop(
        {
          store: o.store,
          clock,
          jobClock,
          log: deps.log,
          random,
          leaseMs: settings.leaseMs,
          handlers,
          onWork: (listener) => {
            events.on('work', listener);
            return () => events.off('work', listener);
          },
          newWorkerId: () => ids.next('wrk'),
          heartbeats: createWorkerHeartbeats(o.store, settings.heartbeatMs),
          startup: wo?.watchdog === false ? undefined : () => ensureWatchdog(deps),
        },
        wo,
      );
      w.start();
      return w;
    },
  };
}

export interface OpenEngineOptions extends Omit<EngineOptions, 'store'> {
  /** PostgreSQL when set; the embedded SQLite database otherwise. */
  databaseUrl?: string;
  /** Where SQLite and the generated key live (default ./data). */
  dataDir?: string;
  /** TOKPOST_ENCRYPTION_KEY; a key file in the data dir is generated when unset. */
  encryptionKey?: string;
  /** TOKPOST_PREVIOUS_ENCRYPTION_KEYS: old keys still opening values during a rotation. */
  previousEncryptionKeys?: readonly string[];
  poolSize?: number;
}

export async function openEngine(o: OpenEngineOptions): Promise<Engine & { close(): Promise<void> }> {
  const dataDir = o.dataDir ?? './data';
  const log = o.log ?? silentLogger;
  const ring = loadKeyRing({ configured: o.encryptionKey, previous: o.previousEncryptionKeys, dataDir, log: (m) => log.info({}, m) });
  const store = await openStore({
    databaseUrl: o.databaseUrl,
    sqlitePath: o.databaseUrl ? undefined : o.dataDir ? join(dataDir, 'tokpost.db') : DEFAULT_SQLITE_PATH,
    encryptionKey: ring.current,
    previousKeys: ring.previous,
    ids: o.ids ?? createIdFactory(randomBytes),
    poolSize: o.poolSize,
  });
  // The doctor's test clips go to the data folder's temp dir, media files to its media folder,
  // unless told otherwise.
  const engine = createEngine({ ...o, store, settings: { tempDir: join(dataDir, 'temp'), mediaDir: join(dataDir, 'media'), ...o.settings } });
  return Object.assign(engine, { close: () => store.close() });
}

/** Opens nothing: runs the job loop of an engine built from these options (or the given engine). */
export function createWorker(o: (EngineOptions | { engine: Engine }) & WorkerOptions): Worker {
  const engine = 'engine' in o ? o.engine : createEngine(o);
  return engine.createWorker(o);
}
