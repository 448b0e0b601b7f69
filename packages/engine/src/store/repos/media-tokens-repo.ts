// Capability tokens for URL pulls (docs/architecture.md §2, "never publish twice"): one per init
// attempt, stored as a hash. `use` and `revokeIfUnused` are single conditional updates of the
// same row, so exactly one of them wins a race: either TikTok's first request marked the token
// used (the pull started) or the revocation came first (the pull can never start).
import type { MediaTokensRepo } from '../../domain/store-port.js';
import type { RepoContext } from './context.js';

export function createMediaTokensRepo(ctx: RepoContext): MediaTokensRepo {
  const { db } = ctx;
  return {
    async insert(t) {
      await db
        .insertInto('media_tokens')
        .values({ token_hash: t.tokenHash, post_id: t.postId, attempt_id: t.attemptId, expires_at: t.expiresAt, revoked_at: null, first_used_at: null, created_at: t.now })
        .execute();
    },
    async use(tokenHash, now) {
      const r = await db
        .updateTable('media_tokens')
        .set((eb) => ({ first_used_at: eb.fn.coalesce('first_used_at', eb.val(now)) }))
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['post_id', 'attempt_id'])
        .executeTakeFirst();
      return r && { postId: r.post_id, attemptId: r.attempt_id };
    },
    async revokeIfUnused(attemptId, now) {
      const revoked = await db
        .updateTable('media_tokens')
        .set({ revoked_at: now })
        .where('attempt_id', '=', attemptId)
        .where('first_used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returning('token_hash')
        .execute();
      if (revoked.length > 0) return 'revoked';
      const rows = await db.selectFrom('media_tokens').select(['first_used_at']).where('attempt_id', '=', attemptId).execute();
      if (rows.length === 0) return 'none';
      return rows.some((r) => r.first_used_at !== null) ? 'already_used' : 'revoked';
    },
    async revokeAll(attemptId, now) {
      await db.updateTable('media_tokens').set({ revoked_at: now }).where('attempt_id', '=', attemptId).where('revoked_at', 'is', null).execute();
    },
  };
}
