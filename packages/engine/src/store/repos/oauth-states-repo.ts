// Pending OAuth connections (migration 008): the state as its SHA-256, the PKCE verifier sealed.
// `claim` is one conditional update, so two callbacks carrying the same state cannot both win.
import type { OAuthStatesRepo } from '../../domain/store-port.js';
import type { OAuthState } from '../../domain/types.js';
import type { OAuthStatesTable } from '../schema.js';
import { changed, fromJson, toJson, type RepoContext } from './context.js';

export function createOAuthStatesRepo(ctx: RepoContext): OAuthStatesRepo {
  const { db, box } = ctx;
  const fromRow = (r: OAuthStatesTable): OAuthState => ({
    id: r.id,
    stateHash: r.state_hash,
    appId: r.app_id,
    codeVerifier: box.open(r.code_verifier_enc),
    redirectUri: r.redirect_uri,
    scopes: fromJson<string[]>(r.scopes, []),
    accountId: r.account_id,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    usedAt: r.used_at === null ? null : Number(r.used_at),
  });
  return {
    async insert(s) {
      await db
        .insertInto('oauth_states')
        .values({
          id: s.id,
          state_hash: s.stateHash,
          app_id: s.appId,
          code_verifier_enc: box.seal(s.codeVerifier),
          redirect_uri: s.redirectUri,
          scopes: toJson(s.scopes),
          account_id: s.accountId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          used_at: s.usedAt,
        })
        .execute();
    },
    async getByHash(stateHash) {
      const r = await db.selectFrom('oauth_states').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
      return r && fromRow(r);
    },
    async claim(id, now) {
      const r = await db.updateTable('oauth_states').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      return changed(r);
    },
    async removeExpired(before) {
      const r = await db.deleteFrom('oauth_states').where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows ?? 0);
    },
  };
}
