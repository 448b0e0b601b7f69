import type { RateLimitRepo } from '../../domain/store-port.js';
import { tryAcquire as sqliteAcquire } from '../sqlite/rate-limit.js';
import { tryAcquire as postgresAcquire } from '../postgres/rate-limit.js';
import type { RepoContext } from './context.js';

export function createRateLimitsRepo(ctx: RepoContext): RateLimitRepo {
  const acquire = ctx.dialect === 'postgres' ? postgresAcquire : sqliteAcquire;
  return {
    tryAcquire: (key, limit, windowMs, nowMs) => ctx.atomically((db) => acquire(db, key, limit, windowMs, nowMs)),
  };
}
