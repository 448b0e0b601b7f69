// Creating, editing, rescheduling, cancelling and retrying posts. Every change is one transaction
// with the post's publish job, and every change that could race a worker is guarded: a post can be
// edited or cancelled only while no init has been sent (`initStartedAt` null), and an edit bumps the
// version that the worker checks right before its init. So a cancelled post is never published, and
// an edited one never goes out in its old form.
import { EDITABLE_STATES } from '../domain/post-states.js';
import { transitionPost } from '../domain/transition.js';
import type { PostPatch, Repos } from '../domain/store-port.js';
import type { Account, App, Attempt, MediaAsset, Post, TimelineEvent } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { EngineError, invalidInput, notFound, type Issue } from '../errors.js';
import { isUnderVerifiedPrefix } from '../media/verified-prefix.js';
import type { PostState } from '../domain/post-states.js';
import { kindOfMedia, validatePostInput, type PostInput } from './post-input.js';
import { checkScheduling, type Warning } from '../policies/scheduling-checks.js';
import { diagnosePost, isDiagnosedState, type PostDiagnosis } from '../diagnostics/index.js';
import type { CreatorInfoReader } from '../accounts/creator-info.js';
import { withComposerRules } from './composer-rules.js';
import { pagePosts, type PostPage, type PostPageQuery } from './post-paging.js';

export type { Warning };

export interface PostWithWarnings {
  post: Post;
  warnings: Warning[];
}

/** A post as get() and list() show it: a failed, held or missed post says why (docs/architecture.md §2.6). */
export interface PostView extends Post {
  diagnosis?: PostDiagnosis;
}

export type PostEdit = Partial<Omit<PostInput, 'accountId' | 'draft'>>;

export interface CreateOptions {
  /**
   * Enforce TikTok's composer rules against the creator's current info (services/composer-rules.ts):
   * what the API and UI do, since TikTok requires them of every client (docs/tiktok-api.md §12).
   */
  composerRules?: boolean;
}

export interface PostsService {
  create(input: PostInput, o?: CreateOptions): Promise<PostWithWarnings>;
  get(id: string): Promise<PostView>;
  /** One page of posts in time order (scheduled time, else creation time), with an opaque cursor to the next. */
  page(query?: PostPageQuery): Promise<PostPage<PostView>>;
  list(filter?: { accountId?: string; states?: readonly PostState[]; limit?: number }): Promise<PostView[]>;
  timeline(id: string): Promise<TimelineEvent[]>;
  attempts(id: string): Promise<Attempt[]>;
  /** Refused once TikTok may have the post (an init was sent). `expectedVersion` guards lost updates. */
  edit(id: string, edit: PostEdit, o?: { expectedVersion?: number; actor?: string } & CreateOptions): Promise<PostWithWarnings>;
  reschedule(id: string, scheduledAt: number | null, o?: { actor?: string }): Promise<PostWithWarnings>;
  /** Draft → scheduled. */
  schedule(id: string, o?: { actor?: string }): Promise<PostWithWarnings>;
  cancel(id: string, o?: { actor?: string; reason?: string }): Promise<Post>;
  /**
   * Queues a failed, missed or held post again. When TikTok may already hold it (its outcome was
   * never settled), `acknowledgeDuplicateRisk` must be set: publishing again might post it twice.
   */
  retry(id: string, o?: { actor?: string; acknowledgeDuplicateRisk?: boolean }): Promise<Post>;
}

const publishJob = (post: Pick<Post, 'id' | 'accountId'>, runAt: number) => ({
  kind: 'publish' as const,
  key: `publish:${post.id}`,
  groupKey: `account:${post.accountId}`,
  postId: post.id,
  accountId: post.accountId,
  runAt,
});

export function canPullFor(app: App, mediaBaseUrl: string | undefined): boolean {
  return !!mediaBaseUrl && isUnderVerifiedPrefix(mediaBaseUrl, app.verifiedUrlPrefixes);
}

export function createPostsService(deps: EngineDeps, readers: { creatorInfo?: CreatorInfoReader } = {}): PostsService {
  const { store, clock, ids } = deps;

  const load = async (id: string, repos: Repos = store) => {
    const post = await repos.posts.get(id);
    if (!post) throw notFound('post', id);
    return post;
  };

  const appOfAccount = async (accountId: string) => {
    const account = await store.accounts.get(accountId);
    if (!account) throw invalidInput([{ field: 'accountId', message: `unknown account ${accountId}: connect it first` }]);
    const app = await store.apps.get(account.appId);
    if (!app) throw notFound('app', account.appId);
    return { account, app };
  };

  const warningsFor = (post: Post, media: readonly MediaAsset[]): Warning[] => {
    const now = clock.now();
    const w: Warning[] = [];
    media.forEach((m, i) => {
      const which = media.length > 1 ? `photo ${i + 1}: ` : '';
      for (const f of m.findings) {
        const blocks = f.severity === 'error' && deps.settings.preflight === 'block';
        w.push({ code: `preflight.${f.code}`, message: `${which}${f.message} ${f.fix}${blocks ? ' The post will be held until this is fixed.' : ''}` });
      }
    });
    if (post.scheduledAt !== null && post.scheduledAt < now && post.state === 'scheduled') {
      w.push({ code: 'scheduled_in_past', message: 'The scheduled time has passed; the post goes out now.' });
    }
    return w;
  };

  /** The scheduling-time policies (policies/scheduling-checks.ts): refusals throw, warnings come back. */
  const policyWarnings = async (post: Post, media: readonly MediaAsset[]): Promise<Warning[]> => {
    const { account, app } = await appOfAccount(post.accountId);
    const verdict = await checkScheduling(store, deps.settings, { post, account, app, media, now: clock.now() });
    if (verdict.refusals.length > 0) throw invalidInput(verdict.refusals);
    return verdict.warnings;
  };

  const resolveSource = (input: Pick<PostInput, 'source'>, kind: Post['kind'], canPull: boolean): Post['source'] => {
    if (kind === 'photo') return 'PULL_FROM_URL';
    if (input.source === 'FILE_UPLOAD' || input.source === 'PULL_FROM_URL') return input.source;
    return canPull ? 'PULL_FROM_URL' : 'FILE_UPLOAD';
  };

  /**
   * The read model: the diagnosis comes from the post's reason and its last attempt. The attempts
   * of a whole page come in one query, not one per post.
   */
  const views = async (posts: readonly Post[]): Promise<PostView[]> => {
    const diagnosed = posts.filter((p) => isDiagnosedState(p.state)).map((p) => p.id);
    const byPost = new Map<string, Attempt[]>();
    if (diagnosed.length > 0) {
      for (const a of await store.attempts.list({ postIds: diagnosed })) {
        if (a.postId !== null) byPost.set(a.postId, [...(byPost.get(a.postId) ?? []), a]);
      }
    }
    return posts.map((post) => (isDiagnosedState(post.state) ? { ...post, diagnosis: diagnosePost(post, byPost.get(post.id) ?? []) } : post));
  };
  const view = async (post: Post): Promise<PostView> => (await views([post]))[0]!;

  const composerVerdict = (generic: Issue[], input: PostInput, account: Account, media: readonly MediaAsset[]) =>
    withComposerRules(generic, {
      input,
      account,
      media,
      reader: readers.creatorInfo,
      blockPreflight: deps.settings.preflight === 'block',
      now: clock.now(),
      lastKnown: async () => (await store.accountPolicies.get(account.id)).creatorInfo ?? undefined,
    });

  const emit = (post: Post, from: PostState | null) => deps.events.emit('post', { postId: post.id, accountId: post.accountId, from, to: post.state, reason: post.stateReason, at: clock.now() });

  return {
    async create(input, co = {}) {
      const { app, account } = await appOfAccount(input.accountId);
      const media = await store.media.getMany(input.mediaIds);
      const canPull = canPullFor(app, deps.settings.mediaBaseUrl);
      const composer = co.composerRules ? await composerVerdict(validatePostInput(input, media, { canPull }), input, account, media) : undefined;
      const issues = composer?.issues ?? validatePostInput(input, media, { canPull });
      if (issues.length > 0) throw invalidInput(issues);
      const kind = input.kind ?? kindOfMedia(media)!;
      const now = clock.now();
      const state: PostState = input.draft ? 'draft' : 'scheduled';
      const post: Post = {
        id: ids.next('post'),
        accountId: input.accountId,
        kind,
        mediaIds: [...input.mediaIds],
        title: input.title ?? '',
        description: input.description ?? '',
        privacyLevel: input.privacyLevel ?? null,
        allowComment: input.allowComment ?? false,
        allowDuet: input.allowDuet ?? false,
        allowStitch: input.allowStitch ?? false,
        brandOrganic: input.disclosure?.yourBrand ?? false,
        brandContent: input.disclosure?.brandedContent ?? false,
        aiGenerated: input.aiGenerated ?? false,
        mode: input.mode ?? 'direct',
        source: resolveSource(input, kind, canPull),
        photoCoverIndex: input.photoCoverIndex ?? 0,
        videoCoverTimestampMs: input.videoCoverTimestampMs ?? null,
        autoAddMusic: input.autoAddMusic ?? false,
        scheduledAt: input.scheduledAt ?? null,
        publishIfLate: input.publishIfLate ?? false,
        state,
        stateReason: null,
        stateMessage: null,
        version: 1,
        publishId: null,
        tiktokPostIds: [],
        shareUrl: null,
        tiktokVideoId: null,
        embedLink: null,
        confirmedAt: null,
        initStartedAt: null,
        publishedAt: null,
        initCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      const checked = await policyWarnings(post, media);
      await store.transaction(async (tx) => {
        await tx.posts.insert(post);
        await tx.timeline.append({ postId: post.id, at: now, fromState: null, toState: state, actor: 'user', reason: null, message: state === 'draft' ? 'Saved as a draft.' : 'Scheduled.', detail: null });
        if (state === 'scheduled') await tx.jobs.upsert(publishJob(post, post.scheduledAt ?? now), now);
      });
      emit(post, null);
      if (state === 'scheduled') deps.events.emit('work');
      return { post, warnings: [...warningsFor(post, media), ...checked, ...(composer?.warnings ?? [])] };
    },

    get: async (id) => view(await load(id)),
    page: (query = {}) => pagePosts(store, views, query),
    list: async (filter = {}) => views(await store.posts.list(filter)),
    async timeline(id) {
      await load(id);
      return store.timeline.list(id);
    },
    async attempts(id) {
      await load(id);
      return store.attempts.list({ postId: id });
    },

    async edit(id, edit, o = {}) {
      const current = await load(id);
      refuseIfLocked(current);
      if (o.expectedVersion !== undefined && o.expectedVersion !== current.version) {
        throw new EngineError('conflict', `the post changed meanwhile (version ${current.version}, you edited version ${o.expectedVersion}); reload it and edit again`);
      }
      const { app, account } = await appOfAccount(current.accountId);
      const merged: PostInput = {
        accountId: current.accountId,
        mediaIds: edit.mediaIds ?? current.mediaIds,
        kind: edit.kind ?? current.kind,
        title: edit.title ?? current.title,
        description: edit.description ?? current.description,
        privacyLevel: edit.privacyLevel !== undefined ? edit.privacyLevel : current.privacyLevel,
        allowComment: edit.allowComment ?? current.allowComment,
        allowDuet: edit.allowDuet ?? current.allowDuet,
        allowStitch: edit.allowStitch ?? current.allowStitch,
        disclosure: { yourBrand: edit.disclosure?.yourBrand ?? current.brandOrganic, brandedContent: edit.disclosure?.brandedContent ?? current.brandContent },
        aiGenerated: edit.aiGenerated ?? current.aiGenerated,
        mode: edit.mode ?? current.mode,
        source: edit.source ?? current.source,
        photoCoverIndex: edit.photoCoverIndex ?? current.photoCoverIndex,
        videoCoverTimestampMs: edit.videoCoverTimestampMs !== undefined ? edit.videoCoverTimestampMs : current.videoCoverTimestampMs,
        autoAddMusic: edit.autoAddMusic ?? current.autoAddMusic,
        scheduledAt: edit.scheduledAt !== undefined ? edit.scheduledAt : current.scheduledAt,
        publishIfLate: edit.publishIfLate ?? current.publishIfLate,
        draft: current.state === 'draft',
      };
      const media = await store.media.getMany(merged.mediaIds);
      const canPull = canPullFor(app, deps.settings.mediaBaseUrl);
      const generic = validatePostInput(merged, media, { canPull });
      const composer = o.composerRules ? await composerVerdict(generic, merged, account, media) : undefined;
      const issues = composer?.issues ?? generic;
      if (issues.length > 0) throw invalidInput(issues);
      const kind = merged.kind ?? kindOfMedia(media)!;
      const patch: PostPatch = {
        mediaIds: merged.mediaIds,
        kind,
        title: merged.title ?? '',
        description: merged.description ?? '',
        privacyLevel: merged.privacyLevel ?? null,
        allowComment: merged.allowComment ?? false,
        allowDuet: merged.allowDuet ?? false,
        allowStitch: merged.allowStitch ?? false,
        brandOrganic: merged.disclosure?.yourBrand ?? false,
        brandContent: merged.disclosure?.brandedContent ?? false,
        aiGenerated: merged.aiGenerated ?? false,
        mode: merged.mode ?? 'direct',
        source: resolveSource(merged, kind, canPull),
        photoCoverIndex: merged.photoCoverIndex ?? 0,
        videoCoverTimestampMs: merged.videoCoverTimestampMs ?? null,
        autoAddMusic: merged.autoAddMusic ?? false,
        scheduledAt: merged.scheduledAt ?? null,
        publishIfLate: merged.publishIfLate ?? false,
        version: current.version + 1,
      };
      const changed = await applyChange(current, patch, o.actor ?? 'user', 'Edited.', media);
      return composer?.warnings.length ? { ...changed, warnings: [...changed.warnings, ...composer.warnings] } : changed;
    },

    async reschedule(id, scheduledAt, o = {}) {
      const current = await load(id);
      refuseIfLocked(current);
      if (scheduledAt !== null && !Number.isFinite(scheduledAt)) throw invalidInput([{ field: 'scheduledAt', message: 'must be a time' }]);
      const media = await store.media.getMany(current.mediaIds);
      const when = scheduledAt === null ? 'as soon as possible' : new Date(scheduledAt).toISOString();
      return applyChange(current, { scheduledAt, version: current.version + 1 }, o.actor ?? 'user', `Rescheduled to ${when}.`, media);
    },

    async schedule(id, o = {}) {
      const current = await load(id);
      if (current.state !== 'draft') throw new EngineError('conflict', `only drafts can be scheduled; this post is ${current.state}`);
      const { app } = await appOfAccount(current.accountId);
      const media = await store.media.getMany(current.mediaIds);
      const issues = validatePostInput({ ...postAsInput(current), draft: false }, media, { canPull: canPullFor(app, deps.settings.mediaBaseUrl) });
      if (issues.length > 0) throw invalidInput(issues);
      const checked = await policyWarnings({ ...current, state: 'scheduled' }, media);
      const now = clock.now();
      let moved: Post | undefined;
      await store.transaction(async (tx) => {
        moved = await transitionPost(tx, current, { to: 'scheduled', actor: o.actor ?? 'user', message: 'Scheduled.', patch: { version: current.version + 1 }, guard: { initNotStarted: true }, now });
        if (moved) await tx.jobs.upsert(publishJob(current, current.scheduledAt ?? now), now);
      });
      if (!moved) throw new EngineError('conflict', 'the post changed meanwhile; reload it');
      emit(moved, current.state);
      deps.events.emit('work');
      return { post: moved, warnings: [...warningsFor(moved, media), ...checked] };
    },

    async cancel(id, o = {}) {
      const first = await load(id);
      refuseIfLocked(first);
      const moved = await guardedChange(id, async (tx, current) => {
        const next = await transitionPost(tx, current, {
          to: 'cancelled',
          actor: o.actor ?? 'user',
          reason: o.reason ?? null,
          message: 'Cancelled; it will not be published.',
          guard: current.state === 'failed' ? {} : { initNotStarted: true },
          now: clock.now(),
        });
        if (next) await tx.jobs.deleteByKey(`publish:${id}`);
        return next;
      });
      emit(moved.post, moved.from);
      return moved.post;
    },

    async retry(id, o = {}) {
      const current = await load(id);
      // A failed post's publish is over at TikTok; a held one past its init may not be.
      const atTikTok = current.initStartedAt !== null && current.state !== 'failed';
      const retryable = current.state === 'failed' || current.state === 'missed' || current.state === 'needs_action';
      if (!retryable) throw new EngineError('conflict', `a ${current.state} post cannot be retried; only failed, missed or held posts can`);
      if (atTikTok && !o.acknowledgeDuplicateRisk) {
        throw new EngineError(
          'conflict',
          'TikTok may already have this post (its outcome was never settled): check the creator’s profile, then retry with acknowledgeDuplicateRisk if it is not there',
        );
      }
      const now = clock.now();
      let moved: Post | undefined;
      await store.transaction(async (tx) => {
        moved = await transitionPost(tx, current, {
          to: 'scheduled',
          actor: o.actor ?? 'user',
          message: 'Queued again.',
          patch: { initStartedAt: null, publishId: null, initCount: 0, version: current.version + 1 },
          now,
        });
        if (moved) {
          await tx.jobs.deleteByKey(`status:${id}`);
          await tx.jobs.upsert(publishJob(current, now), now);
        }
      });
      if (!moved) throw new EngineError('conflict', 'the post changed meanwhile; reload it and try again');
      emit(moved, current.state);
      deps.events.emit('work');
      return moved;
    },
  };

  /** A change to a post not yet sent: one transaction with its job, guarded against the worker. */
  /**
   * Runs `change` on a fresh read of the post, in one transaction, while the post may still change.
   * A worker claiming the post meanwhile (scheduled → publishing) only changes its state, so the
   * change is tried again on the new state; an init sent meanwhile makes it refused.
   */
  async function guardedChange(id: string, change: (tx: Repos, current: Post) => Promise<Post | undefined>, o: { version?: number } = {}): Promise<{ post: Post; from: PostState }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await store.transaction(async (tx) => {
        const current = await load(id, tx);
        if (o.version !== undefined && current.version !== o.version) {
          throw new EngineError('conflict', `the post changed meanwhile (it is at version ${current.version}); reload it and try again`);
        }
        refuseIfLocked(current);
        const post = await change(tx, current);
        return post && { post, from: current.state };
      });
      if (result) return result;
    }
    throw new EngineError('conflict', 'the post keeps changing; reload it and try again');
  }

  /** A change to a post not yet sent: one transaction with its job, guarded against the worker. */
  async function applyChange(current: Post, patch: PostPatch, actor: string, message: string, media: readonly MediaAsset[]): Promise<PostWithWarnings> {
    const checked = await policyWarnings({ ...current, ...patch, state: current.state === 'draft' ? 'draft' : 'scheduled' } as Post, media);
    const { post: updated, from } = await guardedChange(
      current.id,
      async (tx, fresh) => {
        const now = clock.now();
        // A failed post's last publish is over at TikTok: editing it starts afresh.
        const failed = fresh.state === 'failed';
        const full: PostPatch = failed ? { ...patch, initStartedAt: null, publishId: null, initCount: 0 } : patch;
        const guard = failed ? { version: fresh.version } : { initNotStarted: true, version: fresh.version };
        // A post being published (before its init) goes back to scheduled: the worker's version
        // check then stops the run that read the old version.
        const to = fresh.state === 'draft' ? 'draft' : 'scheduled';
        const next = await transitionPost(tx, fresh, { to, actor, message, patch: full, guard, now });
        if (next && next.state === 'scheduled') await tx.jobs.upsert(publishJob(fresh, next.scheduledAt ?? now), now);
        return next;
      },
      { version: current.version },
    );
    const queued = from === 'scheduled' || from === 'publishing';
    if (!queued || updated.state !== from) emit(updated, from);
    if (updated.state === 'scheduled') deps.events.emit('work');
    return { post: updated, warnings: [...warningsFor(updated, media), ...checked] };
  }
}

function postAsInput(p: Post): PostInput {
  return {
    accountId: p.accountId,
    mediaIds: p.mediaIds,
    kind: p.kind,
    title: p.title,
    description: p.description,
    privacyLevel: p.privacyLevel,
    allowComment: p.allowComment,
    allowDuet: p.allowDuet,
    allowStitch: p.allowStitch,
    disclosure: { yourBrand: p.brandOrganic, brandedContent: p.brandContent },
    aiGenerated: p.aiGenerated,
    mode: p.mode,
    source: p.source,
    photoCoverIndex: p.photoCoverIndex,
    videoCoverTimestampMs: p.videoCoverTimestampMs,
    autoAddMusic: p.autoAddMusic,
    scheduledAt: p.scheduledAt,
    publishIfLate: p.publishIfLate,
  };
}

/** Throws the reason a post can no longer change, if it cannot. */
function refuseIfLocked(post: Post): void {
  if (post.initStartedAt !== null && post.state !== 'failed') {
    throw new EngineError(
      'locked',
      `TikTok already received this post (the publish request went out at ${new Date(post.initStartedAt).toISOString()}); edits and cancellation can no longer reach it`,
    );
  }
  if (!EDITABLE_STATES.includes(post.state)) throw new EngineError('locked', `the post is ${post.state} and can no longer change`);
}
