// An account's caps, pauses and last creator_info (domain/types.ts AccountPolicy). A missing row
// means every default; the first change creates it.
import type { CreatorInfoSnapshot, AccountPolicy, CapPolicy } from '../../domain/types.js';
import type { AccountPoliciesRepo } from '../../domain/store-port.js';
import type { AccountPoliciesTable } from '../schema.js';
import { fromJson, toJson, type RepoContext } from './context.js';

const defaults = (accountId: string): AccountPolicy => ({
  accountId,
  dailyPostCap: null,
  learnedPostCap: null,
  learnedCapAt: null,
  pausedUntil: null,
  pausedReason: null,
  capPolicy: null,
  creatorInfo: null,
  creatorInfoAt: null,
  updatedAt: 0,
});

const fromRow = (r: AccountPoliciesTable): AccountPolicy => ({
  accountId: r.account_id,
  dailyPostCap: r.daily_post_cap,
  learnedPostCap: r.learned_post_cap,
  learnedCapAt: r.learned_cap_at,
  pausedUntil: r.paused_until,
  pausedReason: r.paused_reason,
  capPolicy: (r.cap_policy as CapPolicy | null) ?? null,
  creatorInfo: fromJson<CreatorInfoSnapshot | null>(r.creator_info, null),
  creatorInfoAt: r.creator_info_at,
  updatedAt: r.updated_at,
});

const toRow = (p: AccountPolicy): AccountPoliciesTable => ({
  account_id: p.accountId,
  daily_post_cap: p.dailyPostCap,
  learned_post_cap: p.learnedPostCap,
  learned_cap_at: p.learnedCapAt,
  paused_until: p.pausedUntil,
  paused_reason: p.pausedReason,
  cap_policy: p.capPolicy,
  creator_info: p.creatorInfo ? toJson(p.creatorInfo) : null,
  creator_info_at: p.creatorInfoAt,
  updated_at: p.updatedAt,
});

export function createAccountPoliciesRepo(ctx: RepoContext): AccountPoliciesRepo {
  const { db } = ctx;
  const get = async (accountId: string) => {
    const r = await db.selectFrom('account_policies').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return r ? fromRow(r) : defaults(accountId);
  };
  return {
    get,
    update: (accountId, patch, now) =>
      ctx.atomically(async (conn) => {
        const r = await conn.selectFrom('account_policies').selectAll().where('account_id', '=', accountId).executeTakeFirst();
        const next: AccountPolicy = { ...(r ? fromRow(r) : defaults(accountId)), ...patch, accountId, updatedAt: now };
        const row = toRow(next);
        const { account_id: _id, ...rest } = row;
        await conn.insertInto('account_policies').values(row).onConflict((oc) => oc.column('account_id').doUpdateSet(rest)).execute();
        return next;
      }),
  };
}
