import type { PostState } from '../../domain/post-states.js';
import type { TimelineRepo } from '../../domain/store-port.js';
import type { TimelineEvent } from '../../domain/types.js';
import { fromJson, toJson, type RepoContext } from './context.js';

export function createTimelineRepo(ctx: RepoContext): TimelineRepo {
  const { db } = ctx;
  return {
    async append(e) {
      // Called inside the transaction that changes the post, so the post row's lock orders the
      // sequence numbers of concurrent writers.
      const last = await db.selectFrom('post_events').select((eb) => eb.fn.max<number>('seq').as('m')).where('post_id', '=', e.postId).executeTakeFirst();
      const seq = Number(last?.m ?? 0) + 1;
      await db
        .insertInto('post_events')
        .values({
          post_id: e.postId,
          seq,
          at: e.at,
          from_state: e.fromState,
          to_state: e.toState,
          actor: e.actor,
          reason: e.reason,
          message: e.message,
          detail: e.detail === null ? null : toJson(e.detail),
        })
        .execute();
      return { ...e, seq };
    },
    async list(postId) {
      const rows = await db.selectFrom('post_events').selectAll().where('post_id', '=', postId).orderBy('seq').execute();
      return rows.map(
        (r): TimelineEvent => ({
          postId: r.post_id,
          seq: r.seq,
          at: r.at,
          fromState: r.from_state as PostState | null,
          toState: r.to_state as PostState,
          actor: r.actor,
          reason: r.reason,
          message: r.message,
          detail: fromJson<Record<string, unknown> | null>(r.detail, null),
        }),
      );
    },
  };
}
