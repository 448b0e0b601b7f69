import type { AccountsRepo } from '../../domain/store-port.js';
import type { Account, AccountStatus } from '../../domain/types.js';
import type { AccountsTable } from '../schema.js';
import { fromJson, toJson, type RepoContext } from './context.js';

export function createAccountsRepo(ctx: RepoContext): AccountsRepo {
  const { db, box } = ctx;
  const fromRow = (r: AccountsTable): Account => ({
    id: r.id,
    appId: r.app_id,
    openId: r.open_id,
    username: r.username,
    nickname: r.nickname,
    avatarUrl: r.avatar_url,
    scopes: fromJson<string[]>(r.scopes, []),
    accessToken: box.open(r.access_token_enc),
    refreshToken: box.open(r.refresh_token_enc),
    accessExpiresAt: r.access_expires_at,
    refreshExpiresAt: r.refresh_expires_at,
    status: r.status as AccountStatus,
    statusReason: r.status_reason,
    statusMessage: r.status_message,
    statusChangedAt: r.status_changed_at,
    lastRefreshAt: r.last_refresh_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  return {
    async insert(a) {
      await db
        .insertInto('accounts')
        .values({
          id: a.id,
          app_id: a.appId,
          open_id: a.openId,
          username: a.username,
          nickname: a.nickname,
          avatar_url: a.avatarUrl,
          scopes: toJson(a.scopes),
          access_token_enc: box.seal(a.accessToken),
          refresh_token_enc: box.seal(a.refreshToken),
          access_expires_at: a.accessExpiresAt,
          refresh_expires_at: a.refreshExpiresAt,
          status: a.status,
          status_reason: a.statusReason,
          status_message: a.statusMessage,
          status_changed_at: a.statusChangedAt,
          last_refresh_at: a.lastRefreshAt,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async getByOpenId(appId, openId) {
      const r = await db.selectFrom('accounts').selectAll().where('app_id', '=', appId).where('open_id', '=', openId).executeTakeFirst();
      return r && fromRow(r);
    },
    async list(filter = {}) {
      let q = db.selectFrom('accounts').selectAll();
      if (filter.appId) q = q.where('app_id', '=', filter.appId);
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(fromRow);
    },
    async updateTokens(id, t, now) {
      // The access token and a rotated refresh token are written by one statement: never one
      // without the other.
      await db
        .updateTable('accounts')
        .set({
          access_token_enc: box.seal(t.accessToken),
          refresh_token_enc: box.seal(t.refreshToken),
          access_expires_at: t.accessExpiresAt,
          refresh_expires_at: t.refreshExpiresAt,
          scopes: toJson(t.scopes),
          last_refresh_at: t.lastRefreshAt,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },
    async updateProfile(id, p, now) {
      await db.updateTable('accounts').set({ username: p.username, nickname: p.nickname, avatar_url: p.avatarUrl, updated_at: now }).where('id', '=', id).execute();
    },
    async setStatus(id, status, reason, message, now) {
      await db
        .updateTable('accounts')
        .set({ status, status_reason: reason, status_message: message, status_changed_at: now, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
  };
}
