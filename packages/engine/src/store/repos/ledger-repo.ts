// The ledgers behind TikTok's caps (docs/architecture.md §2.5), read from what is already stored:
// init attempts say what TikTok may count, posts say what is planned. An init counts unless TikTok
// refused it or it was never sent; an orphan (answer lost, proven unable to publish) may still count,
// because TikTok may have counted it before it expired (policies/ledger.ts decides how much).
import { sql } from 'kysely';
import type { LedgerRepo } from '../../domain/store-port.js';
import type { PostState } from '../../domain/post-states.js';
import type { RepoContext } from './context.js';

const CERTAIN_OUTCOMES = ['ok'];
const COUNTED_OUTCOMES = [...CERTAIN_OUTCOMES, 'pending', 'unknown', 'orphaned'];
const NOT_GOING_OUT: PostState[] = ['cancelled', 'failed', 'missed', 'draft'];

/** When a post is due or was sent; written exactly as in migration 011's posts_account_live_at. */
const LIVE_AT = sql<number>`coalesce(p.init_started_at, p.scheduled_at, p.created_at)`;

/**
 * Posts of one file past which the identical-media check asks account by account instead of
 * walking the file's posts (bench/api.ts: 100,000 posts of one clip took 600 ms a check).
 */
export const MANY_USES = 1000;

export function createLedgerRepo(ctx: RepoContext): LedgerRepo {
  const { db } = ctx;
  return {
    async inits({ accountId, mode, since }) {
      const rows = await db
        .selectFrom('attempts as a')
        .innerJoin('posts as p', 'p.id', 'a.post_id')
        .select(['a.post_id', 'a.started_at', 'a.outcome', 'p.state'])
        .where('a.account_id', '=', accountId)
        .where('a.kind', '=', 'init')
        .where('a.outcome', 'in', COUNTED_OUTCOMES)
        .where('a.started_at', '>', since)
        .where('p.mode', '=', mode)
        .orderBy('a.started_at')
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({ postId: r.post_id!, at: Number(r.started_at), postState: r.state as PostState, certain: CERTAIN_OUTCOMES.includes(r.outcome ?? '') }));
    },

    async activeAccounts(appId, since) {
      const rows = await db
        .selectFrom('attempts as a')
        .innerJoin('accounts as ac', 'ac.id', 'a.account_id')
        .select(['a.account_id', (eb) => eb.fn.max('a.started_at').as('last_at')])
        .where('ac.app_id', '=', appId)
        .where('a.kind', '=', 'init')
        .where('a.outcome', 'in', COUNTED_OUTCOMES)
        .where('a.started_at', '>', since)
        .groupBy('a.account_id')
        .execute();
      return rows.map((r) => ({ accountId: r.account_id!, lastAt: Number(r.last_at) }));
    },

    async planned({ accountId, mode, from, to }) {
      const rows = await db
        .selectFrom('posts')
        .select(['id', 'scheduled_at', 'created_at'])
        .where('account_id', '=', accountId)
        .where('mode', '=', mode)
        .where('state', 'in', ['scheduled', 'publishing'])
        .where('init_started_at', 'is', null)
        .where((eb) => eb.fn.coalesce('scheduled_at', 'created_at'), '>=', from)
        .where((eb) => eb.fn.coalesce('scheduled_at', 'created_at'), '<=', to)
        .execute();
      return rows.map((r) => ({ postId: r.id, at: Number(r.scheduled_at ?? r.created_at) }));
    },

    async accountsWithMedia({ sha256, from, to, excludeAccountId, limit }) {
      const mediaIds = (await db.selectFrom('media_assets').select('id').where('sha256', '=', sha256).execute()).map((m) => m.id);
      if (mediaIds.length === 0) return [];
      // Whether the file has more than MANY_USES posts, without reading them.
      const many = await db.selectFrom('post_media').select('post_id').where('media_id', 'in', mediaIds).limit(1).offset(MANY_USES).executeTakeFirst();
      if (!many) {
        const rows = await db
          .selectFrom('post_media as pm')
          .innerJoin('posts as p', 'p.id', 'pm.post_id')
          .select('p.account_id')
          .distinct()
          .where('pm.media_id', 'in', mediaIds)
          .where('p.account_id', '<>', excludeAccountId)
          .where('p.state', 'not in', NOT_GOING_OUT)
          .where(LIVE_AT, '>=', from)
          .where(LIVE_AT, '<=', to)
          .limit(limit)
          .execute();
        return rows.map((r) => r.account_id);
      }
      // Many posts share the file: each other account answers whether one of its posts in the
      // window uses it, a seek on posts_account_live_at that stops at the first.
      const rows = await db
        .selectFrom('accounts as a')
        .select('a.id')
        .where('a.id', '<>', excludeAccountId)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('posts as p')
              .innerJoin('post_media as pm', 'pm.post_id', 'p.id')
              .select(sql`1`.as('one'))
              .whereRef('p.account_id', '=', 'a.id')
              .where(LIVE_AT, '>=', from)
              .where(LIVE_AT, '<=', to)
              .where('p.state', 'not in', NOT_GOING_OUT)
              .where('pm.media_id', 'in', mediaIds),
          ),
        )
        .orderBy('a.id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
