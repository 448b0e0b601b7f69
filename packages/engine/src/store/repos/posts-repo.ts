import type { PrivacyLevel } from '@tokpost/tiktok';
import type { PostState } from '../../domain/post-states.js';
import type { PostPatch, PostsRepo } from '../../domain/store-port.js';
import { sql } from 'kysely';
import type { Post } from '../../domain/types.js';
import type { PostsTable } from '../schema.js';
import { bool, changed, flag, fromJson, toJson, type RepoContext } from './context.js';

type Columns = Omit<PostsTable, 'id' | 'account_id' | 'created_at'>;

/**
 * The time a page of posts is ordered by. Written exactly as in the indexes of migration
 * 010-post-paging: both SQLite and PostgreSQL use an expression index only for the same expression.
 */
const PAGE_TIME = sql<number>`coalesce(scheduled_at, created_at)`;

/** camelCase patch → columns (mediaIds lives in post_media). */
function toColumns(p: PostPatch): Partial<Columns> {
  const c: Partial<Columns> = {};
  const set = <K extends keyof Columns>(k: K, v: Columns[K] | undefined) => {
    if (v !== undefined) c[k] = v;
  };
  set('kind', p.kind);
  set('title', p.title);
  set('description', p.description);
  if (p.privacyLevel !== undefined) c.privacy_level = p.privacyLevel;
  if (p.allowComment !== undefined) c.allow_comment = flag(p.allowComment);
  if (p.allowDuet !== undefined) c.allow_duet = flag(p.allowDuet);
  if (p.allowStitch !== undefined) c.allow_stitch = flag(p.allowStitch);
  if (p.brandOrganic !== undefined) c.brand_organic = flag(p.brandOrganic);
  if (p.brandContent !== undefined) c.brand_content = flag(p.brandContent);
  if (p.aiGenerated !== undefined) c.ai_generated = flag(p.aiGenerated);
  set('mode', p.mode);
  set('source', p.source);
  set('photo_cover_index', p.photoCoverIndex);
  if (p.videoCoverTimestampMs !== undefined) c.video_cover_timestamp_ms = p.videoCoverTimestampMs;
  if (p.autoAddMusic !== undefined) c.auto_add_music = flag(p.autoAddMusic);
  if (p.scheduledAt !== undefined) c.scheduled_at = p.scheduledAt;
  if (p.publishIfLate !== undefined) c.publish_if_late = flag(p.publishIfLate);
  set('state', p.state);
  if (p.stateReason !== undefined) c.state_reason = p.stateReason;
  if (p.stateMessage !== undefined) c.state_message = p.stateMessage;
  set('version', p.version);
  if (p.publishId !== undefined) c.publish_id = p.publishId;
  if (p.tiktokPostIds !== undefined) c.tiktok_post_ids = toJson(p.tiktokPostIds);
  if (p.shareUrl !== undefined) c.share_url = p.shareUrl;
  if (p.tiktokVideoId !== undefined) c.tiktok_video_id = p.tiktokVideoId;
  if (p.embedLink !== undefined) c.embed_link = p.embedLink;
  if (p.confirmedAt !== undefined) c.confirmed_at = p.confirmedAt;
  if (p.initStartedAt !== undefined) c.init_started_at = p.initStartedAt;
  if (p.publishedAt !== undefined) c.published_at = p.publishedAt;
  set('init_count', p.initCount);
  return c;
}

export function createPostsRepo(ctx: RepoContext): PostsRepo {
  const { db } = ctx;

  const fromRow = (r: PostsTable, mediaIds: string[]): Post => ({
    id: r.id,
    accountId: r.account_id,
    kind: r.kind as Post['kind'],
    mediaIds,
    title: r.title,
    description: r.description,
    privacyLevel: r.privacy_level as PrivacyLevel | null,
    allowComment: bool(r.allow_comment),
    allowDuet: bool(r.allow_duet),
    allowStitch: bool(r.allow_stitch),
    brandOrganic: bool(r.brand_organic),
    brandContent: bool(r.brand_content),
    aiGenerated: bool(r.ai_generated),
    mode: r.mode as Post['mode'],
    source: r.source as Post['source'],
    photoCoverIndex: r.photo_cover_index,
    videoCoverTimestampMs: r.video_cover_timestamp_ms,
    autoAddMusic: bool(r.auto_add_music),
    scheduledAt: r.scheduled_at,
    publishIfLate: bool(r.publish_if_late),
    state: r.state as PostState,
    stateReason: r.state_reason,
    stateMessage: r.state_message,
    version: r.version,
    publishId: r.publish_id,
    tiktokPostIds: fromJson<string[]>(r.tiktok_post_ids, []),
    shareUrl: r.share_url,
    tiktokVideoId: r.tiktok_video_id,
    embedLink: r.embed_link,
    confirmedAt: r.confirmed_at,
    initStartedAt: r.init_started_at,
    publishedAt: r.published_at,
    initCount: r.init_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  const withMedia = async (rows: PostsTable[]): Promise<Post[]> => {
    if (rows.length === 0) return [];
    const media = await db
      .selectFrom('post_media')
      .select(['post_id', 'media_id'])
      .where(
        'post_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('post_id')
      .orderBy('position')
      .execute();
    const byPost = new Map<string, string[]>();
    for (const m of media) byPost.set(m.post_id, [...(byPost.get(m.post_id) ?? []), m.media_id]);
    return rows.map((r) => fromRow(r, byPost.get(r.id) ?? []));
  };

  const writeMedia = async (postId: string, mediaIds: readonly string[]) => {
    await db.deleteFrom('post_media').where('post_id', '=', postId).execute();
    if (mediaIds.length > 0) {
      await db
        .insertInto('post_media')
        .values(mediaIds.map((media_id, position) => ({ post_id: postId, position, media_id })))
        .execute();
    }
  };

  return {
    async insert(p) {
      await db
        .insertInto('posts')
        .values({ ...(toColumns(p) as Columns), id: p.id, account_id: p.accountId, created_at: p.createdAt, updated_at: p.updatedAt })
        .execute();
      await writeMedia(p.id, p.mediaIds);
    },
    async get(id) {
      const r = await db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? (await withMedia([r]))[0] : undefined;
    },
    async update(id, patch, now, guard = {}) {
      let q = db
        .updateTable('posts')
        .set({ ...toColumns(patch), updated_at: now })
        .where('id', '=', id);
      if (guard.states) q = q.where('state', 'in', [...guard.states]);
      if (guard.version !== undefined) q = q.where('version', '=', guard.version);
      if (guard.initNotStarted) q = q.where('init_started_at', 'is', null);
      const ok = changed(await q.executeTakeFirst());
      if (ok && patch.mediaIds) await writeMedia(id, patch.mediaIds);
      return ok;
    },
    async findByPublishId(publishId) {
      const r = await db.selectFrom('posts').selectAll().where('publish_id', '=', publishId).executeTakeFirst();
      return r ? (await withMedia([r]))[0] : undefined;
    },
    async list(filter = {}) {
      let q = db.selectFrom('posts').selectAll();
      if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
      if (filter.states) q = q.where('state', 'in', [...filter.states]);
      if (filter.stateReason) q = q.where('state_reason', '=', filter.stateReason);
      // Unscheduled posts last on both dialects: left to themselves, SQLite sorts NULL first and
      // PostgreSQL last, and with a limit the two would answer different posts.
      q = q
        .orderBy('scheduled_at', (ob) => ob.asc().nullsLast())
        .orderBy('created_at')
        .orderBy('id');
      if (filter.limit) q = q.limit(filter.limit);
      return withMedia(await q.execute());
    },
    async page(f) {
      let q = db.selectFrom('posts').selectAll();
      if (f.accountId) q = q.where('account_id', '=', f.accountId);
      if (f.states) q = q.where('state', 'in', [...f.states]);
      if (f.from !== undefined) q = q.where(PAGE_TIME, '>=', f.from);
      if (f.to !== undefined) q = q.where(PAGE_TIME, '<=', f.to);
      // After (time, id): `time >= t` seeks into the (time, id) index; the rest drops the ties
      // already shown. (SQLite does not seek on a row-value comparison over an expression index.)
      if (f.after) {
        const { at, id } = f.after;
        q = q.where(PAGE_TIME, '>=', at).where((eb) => eb.or([eb(PAGE_TIME, '>', at), eb('id', '>', id)]));
      }
      return withMedia(await q.orderBy(PAGE_TIME).orderBy('id').limit(f.limit).execute());
    },
    async countDirectInitsSince(accountId, since) {
      const r = await db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('mode', '=', 'direct')
        .where('init_started_at', '>', since)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
