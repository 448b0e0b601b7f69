// The refresh job: one per account, key `refresh:<account id>`, due ahead of the access token's
// expiry (accounts/refresh-schedule.ts). It shares the account's job group with publishing, so a
// refresh never races another use of the same refresh token.
import type { EngineDeps } from '../engine-deps.js';
import type { JobHandler } from '../jobs/worker.js';
import { nextRefreshAt } from './refresh-schedule.js';
import { refreshAccount } from './tokens.js';

export function createRefreshHandler(deps: EngineDeps): JobHandler {
  return async (lease) => {
    const account = lease.job.accountId ? await deps.store.accounts.get(lease.job.accountId) : undefined;
    if (!account || account.status !== 'active') return lease.done();
    const app = await deps.store.apps.get(account.appId);
    if (!app) return lease.done();
    const now = deps.clock.now();
    const s = deps.settings;
    // Someone refreshed already (a publish did it inline): come back when this token needs it.
    if (account.accessExpiresAt - now > s.refreshAheadMs + s.refreshJitterMs) {
      return lease.retry(nextRefreshAt(account, s, deps.random, now), null, undefined, { attempts: 'reset' });
    }
    const r = await refreshAccount(deps, { lease, actor: `worker:${lease.job.leaseOwner}`, attempt: lease.job.attempts, fromRefreshJob: true }, account, app);
    if (r.ok) return lease.retry(nextRefreshAt(r.account, s, deps.random, deps.clock.now()), null, undefined, { attempts: 'reset' });
    if (r.parked) return lease.done();
    return lease.retry(r.retryAt, r.message);
  };
}
