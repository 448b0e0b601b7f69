// createStore: the Store port (domain/store-port.ts) over Kysely. Repositories are built over an
// executor — the database for single statements, or the connection of a transaction — so the same
// code runs in and out of transactions.
import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Repos, Store } from '../domain/store-port.js';
import type { IdFactory } from '../ids.js';
import type { OpenedDatabase } from './connect.js';
import { runTransaction as postgresTransaction } from './postgres/transaction.js';
import { createAccountPoliciesRepo } from './repos/account-policies-repo.js';
import { createAccountsRepo } from './repos/accounts-repo.js';
import { createApiKeysRepo } from './repos/api-keys-repo.js';
import { createAppsRepo } from './repos/apps-repo.js';
import { createAttemptsRepo } from './repos/attempts-repo.js';
import type { RepoContext } from './repos/context.js';
import { createJobsRepo } from './repos/jobs-repo.js';
import { createLedgerRepo } from './repos/ledger-repo.js';
import { createMediaRepo } from './repos/media-repo.js';
import { createMediaFixesRepo } from './repos/media-fixes-repo.js';
import { createMediaTokensRepo } from './repos/media-tokens-repo.js';
import { createMediaUploadsRepo } from './repos/media-uploads-repo.js';
import { createMetaRepo } from './repos/meta-repo.js';
import { createMetricsRepo } from './repos/metrics-repo.js';
import { createNotificationEndpointsRepo } from './repos/notification-endpoints-repo.js';
import { createNotificationsRepo } from './repos/notifications-repo.js';
import { createOAuthStatesRepo } from './repos/oauth-states-repo.js';
import { createPostsRepo } from './repos/posts-repo.js';
import { createRateLimitsRepo } from './repos/rate-limits-repo.js';
import { createTimelineRepo } from './repos/timeline-repo.js';
import { createWebhookEventsRepo } from './repos/webhook-events-repo.js';
import { createWebhookSignaturesRepo } from './repos/webhook-signatures-repo.js';
import { createWorkersRepo } from './repos/workers-repo.js';
import { resealAll } from './reseal.js';
import type { Database } from './schema.js';
import { runTransaction as sqliteTransaction } from './sqlite/transaction.js';

function createRepos(ctx: RepoContext): Repos {
  return {
    apps: createAppsRepo(ctx),
    accounts: createAccountsRepo(ctx),
    accountPolicies: createAccountPoliciesRepo(ctx),
    ledger: createLedgerRepo(ctx),
    media: createMediaRepo(ctx),
    posts: createPostsRepo(ctx),
    timeline: createTimelineRepo(ctx),
    attempts: createAttemptsRepo(ctx),
    jobs: createJobsRepo(ctx),
    webhookEvents: createWebhookEventsRepo(ctx),
    mediaTokens: createMediaTokensRepo(ctx),
    rateLimits: createRateLimitsRepo(ctx),
    meta: createMetaRepo(ctx),
    notificationEndpoints: createNotificationEndpointsRepo(ctx),
    notifications: createNotificationsRepo(ctx),
    workers: createWorkersRepo(ctx),
    apiKeys: createApiKeysRepo(ctx),
    oauthStates: createOAuthStatesRepo(ctx),
    mediaUploads: createMediaUploadsRepo(ctx),
    mediaFixes: createMediaFixesRepo(ctx),
    webhookSignatures: createWebhookSignaturesRepo(ctx),
    metrics: createMetricsRepo(ctx),
  };
}

export function createStore(opened: OpenedDatabase, deps: { box: SecretBox; ids: IdFactory }): Store {
  const { dialect } = opened;
  const run = dialect === 'postgres' ? postgresTransaction : sqliteTransaction;
  const txRepos = (conn: Kysely<Database>): Repos => createRepos({ db: conn, dialect, ...deps, atomically: (fn) => fn(conn) });
  const root = createRepos({ db: opened.db, dialect, ...deps, atomically: (fn) => run(opened.db, fn) });
  return {
    ...root,
    dialect,
    transaction: (fn) => run(opened.db, (conn) => fn(txRepos(conn))),
    reseal: (o) => resealAll(opened.db, dialect, deps.box, o),
    close: () => opened.close(),
  };
}
