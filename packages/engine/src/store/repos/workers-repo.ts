// Workers' heartbeats: liveness as the database sees it (docs/notifications.md §5).
import type { WorkersRepo } from '../../domain/store-port.js';
import type { RepoContext } from './context.js';

export function createWorkersRepo(ctx: RepoContext): WorkersRepo {
  const { db } = ctx;
  return {
    async beat(w, now) {
      await db
        .insertInto('worker_heartbeats')
        .values({ id: w.id, host: w.host, pid: w.pid, started_at: w.startedAt, last_beat_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ last_beat_at: now }))
        .execute();
    },
    async remove(id) {
      await db.deleteFrom('worker_heartbeats').where('id', '=', id).execute();
    },
    async removeSilentSince(before) {
      const r = await db.deleteFrom('worker_heartbeats').where('last_beat_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows ?? 0);
    },
    async list() {
      const rows = await db.selectFrom('worker_heartbeats').selectAll().orderBy('last_beat_at', 'desc').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, host: r.host, pid: Number(r.pid), startedAt: Number(r.started_at), lastBeatAt: Number(r.last_beat_at) }));
    },
  };
}
