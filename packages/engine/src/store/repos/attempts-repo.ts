import type { AttemptsRepo } from '../../domain/store-port.js';
import type { Attempt } from '../../domain/types.js';
import type { AttemptsTable } from '../schema.js';
import { fromJson, toJson, type RepoContext } from './context.js';

export function createAttemptsRepo(ctx: RepoContext): AttemptsRepo {
  const { db, box } = ctx;
  const fromRow = (r: AttemptsTable): Attempt => ({
    id: r.id,
    postId: r.post_id,
    accountId: r.account_id,
    kind: r.kind as Attempt['kind'],
    endpoint: r.endpoint,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    request: fromJson<Record<string, unknown>>(r.request_summary, {}),
    httpStatus: r.http_status,
    errorCode: r.error_code,
    failReason: r.fail_reason,
    logId: r.log_id,
    outcome: r.outcome as Attempt['outcome'],
    message: r.message,
    publishId: r.publish_id,
    source: r.source as Attempt['source'],
  });
  return {
    async insert(a) {
      await db
        .insertInto('attempts')
        .values({
          id: a.id,
          post_id: a.postId,
          account_id: a.accountId,
          kind: a.kind,
          endpoint: a.endpoint,
          started_at: a.startedAt,
          finished_at: a.finishedAt,
          duration_ms: a.durationMs,
          request_summary: toJson(a.request),
          http_status: a.httpStatus,
          error_code: a.errorCode,
          fail_reason: a.failReason,
          log_id: a.logId,
          outcome: a.outcome,
          message: a.message,
          publish_id: a.publishId,
          source: a.source,
          upload_url_enc: null,
          upload_expires_at: null,
          video_size: null,
          chunk_size: null,
        })
        .execute();
    },
    async finish(id, p) {
      const set: Partial<AttemptsTable> = {};
      if (p.finishedAt !== undefined) set.finished_at = p.finishedAt;
      if (p.durationMs !== undefined) set.duration_ms = p.durationMs === null ? null : Math.round(p.durationMs);
      if (p.request !== undefined) set.request_summary = toJson(p.request);
      if (p.httpStatus !== undefined) set.http_status = p.httpStatus;
      if (p.errorCode !== undefined) set.error_code = p.errorCode;
      if (p.failReason !== undefined) set.fail_reason = p.failReason;
      if (p.logId !== undefined) set.log_id = p.logId;
      if (p.outcome !== undefined) set.outcome = p.outcome;
      if (p.message !== undefined) set.message = p.message;
      if (p.publishId !== undefined) set.publish_id = p.publishId;
      if (p.source !== undefined) set.source = p.source;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('attempts').set(set).where('id', '=', id).execute();
    },
    async get(id) {
      const r = await db.selectFrom('attempts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async list(f) {
      if (f.postIds?.length === 0) return [];
      let q = db.selectFrom('attempts').selectAll();
      if (f.postId) q = q.where('post_id', '=', f.postId);
      if (f.postIds) q = q.where('post_id', 'in', [...f.postIds]);
      if (f.accountId) q = q.where('account_id', '=', f.accountId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      q = q.orderBy('started_at').orderBy('id');
      if (f.limit) q = q.limit(f.limit);
      return (await q.execute()).map(fromRow);
    },
    async latestInit(postId) {
      const r = await db
        .selectFrom('attempts')
        .selectAll()
        .where('post_id', '=', postId)
        .where('kind', '=', 'init')
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && fromRow(r);
    },
    async findByPublishId(publishId) {
      const r = await db.selectFrom('attempts').selectAll().where('publish_id', '=', publishId).where('kind', '=', 'init').executeTakeFirst();
      return r && fromRow(r);
    },
    async saveUploadSession(s) {
      await db
        .updateTable('attempts')
        .set({ upload_url_enc: box.seal(s.uploadUrl), upload_expires_at: s.uploadExpiresAt, video_size: s.videoSize, chunk_size: s.chunkSize })
        .where('id', '=', s.attemptId)
        .execute();
    },
    async getUploadSession(attemptId) {
      const r = await db
        .selectFrom('attempts')
        .select(['upload_url_enc', 'upload_expires_at', 'video_size', 'chunk_size'])
        .where('id', '=', attemptId)
        .executeTakeFirst();
      if (!r?.upload_url_enc || r.upload_expires_at === null || r.video_size === null || r.chunk_size === null) return undefined;
      return { attemptId, uploadUrl: box.open(r.upload_url_enc), uploadExpiresAt: r.upload_expires_at, videoSize: r.video_size, chunkSize: r.chunk_size };
    },
  };
}
