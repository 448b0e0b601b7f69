// doctor(account): the monthly maintenance checklist, automated (docs/architecture.md §2.8). It
// gathers the facts once (doctor/facts.ts), judges each item with its own small function, and,
// when asked, runs a test post end to end (doctor/test-post.ts). It changes nothing about the
// account: it only reads, asks TikTok, and (for a token about to expire) queues the usual refresh.
import { notFound } from '../errors.js';
import { accountListedItem, canPostItem } from './tiktok-items.js';
import { connectionItem, refreshTokenItem, scopesItem } from './account-items.js';
import { auditItem, dailyCapItem, lastPostItem, pendingDraftsItem } from './posting-items.js';
import { worstOf, type CheckItem, type DoctorFacts, type DoctorReport } from './checklist.js';
import { gatherFacts } from './facts.js';
import { notRun, runTestPost, type TestPostDeps } from './test-post.js';

export interface DoctorOptions {
  /** Publish a short SELF_ONLY test video and follow it to its end (a worker must be running). */
  testPost?: boolean;
  /** How long to wait for the test post (default settings.doctorTestPostTimeoutMs). */
  timeoutMs?: number;
}

export type Doctor = (accountId: string, options?: DoctorOptions) => Promise<DoctorReport>;

/** The checklist in the order a person works through it. */
const ITEMS: ReadonlyArray<(f: DoctorFacts) => CheckItem> = [
  connectionItem,
  refreshTokenItem,
  scopesItem,
  accountListedItem,
  canPostItem,
  dailyCapItem,
  auditItem,
  pendingDraftsItem,
  lastPostItem,
];

export function createDoctor(d: TestPostDeps): Doctor {
  const { deps } = d;
  return async (accountId, o = {}) => {
    const account = await deps.store.accounts.get(accountId);
    if (!account) throw notFound('account', accountId);
    const app = await deps.store.apps.get(account.appId);
    if (!app) throw notFound('app', account.appId);
    const facts = await gatherFacts(deps, account, app);
    const items = ITEMS.map((item) => item(facts));
    const result: DoctorReport = { accountId, checkedAt: facts.now, status: worstOf(items.map((i) => i.status)), items };
    if (!o.testPost) return result;
    const blocked = items.find((i) => (i.id === 'connection' || i.id === 'can_post') && i.status === 'failing');
    const testPost = blocked ? notRun(`No test post: ${blocked.title.toLowerCase()} is failing.`) : await runTestPost(d, account, { timeoutMs: o.timeoutMs });
    return { ...result, status: worstOf([result.status, testPost.status]), testPost };
  };
}
