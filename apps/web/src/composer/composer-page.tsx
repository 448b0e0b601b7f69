// The composer, by TikTok's Content Sharing Guidelines (docs/web-ui.md §3): the creator's info is
// fetched fresh when it opens, and every rule (which options are offered, enabled or hidden, the
// labels and the consent line, whether publishing is allowed) comes from composerRules().
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, get, post } from '../api/client.js';
import { useAccounts, useApps } from '../api/queries.js';
import type { CreatorInfo, Post, Warning } from '../api/types.js';
import { localInputToIso, timeZone, toLocalInput, when } from '../format.js';
import { href, navigate } from '../router.js';
import { Avatar, ErrorNote, Loading } from '../ui/bits.js';
import { MediaPanel } from './media-panel.js';
import { mediaState, type MediaItem } from './media-state.js';
import { DirectSettings } from './direct-settings.js';
import { composerRules, INITIAL_FORM, TEXTS, type ComposerForm } from './rules.js';

export function ComposerPage({ accountId }: { accountId: string | null }) {
  const accounts = useAccounts(false);
  if (!accountId) {
    const active = accounts.data?.filter((a) => a.status === 'active') ?? [];
    return (
      <section aria-labelledby="compose-title">
        <h1 id="compose-title">Compose</h1>
        {accounts.isPending && <Loading what="accounts" />}
        <ErrorNote error={accounts.error} />
        {accounts.data && active.length === 0 && (
          <p className="card">
            No connected account can post. <a href={href('accounts')}>Connect or reconnect one</a> first.
          </p>
        )}
        {active.length > 0 && (
          <div className="card">
            <label htmlFor="compose-account">Post to which account?</label>
            <select id="compose-account" defaultValue="" onChange={(e) => e.target.value && navigate('compose', { account: e.target.value })}>
              <option value="" disabled>
                Choose an account
              </option>
              {active.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.nickname} (@{a.username})
                </option>
              ))}
            </select>
          </div>
        )}
      </section>
    );
  }
  return <Composer accountId={accountId} />;
}

interface Published {
  post: Post;
  warnings: Warning[];
}

function Composer({ accountId }: { accountId: string }) {
  // Fresh every time the composer opens (TikTok's rule 1): never served from a cache.
  const creator = useQuery({
    queryKey: ['creator-info', accountId],
    queryFn: () => get<{ creatorInfo: CreatorInfo }>(`/api/accounts/${encodeURIComponent(accountId)}/creator-info`).then((r) => r.creatorInfo),
    staleTime: 0,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const accounts = useAccounts(false);
  const apps = useApps();
  const account = accounts.data?.find((a) => a.id === accountId);
  const app = apps.data?.find((a) => a.id === account?.appId);

  if (account && account.status !== 'active') {
    return (
      <section aria-labelledby="compose-title" className="card">
        <h1 id="compose-title">@{account.username} needs reconnecting</h1>
        <p>{account.statusMessage ?? 'TikTok no longer accepts this account’s tokens.'} Reconnect it on the accounts page, then compose again.</p>
        <a className="button primary" href={href('accounts')}>
          Go to accounts
        </a>
      </section>
    );
  }
  if (creator.isPending) return <Loading what="the creator's settings from TikTok" />;
  if (creator.isError) {
    const refused = creator.error instanceof ApiError && creator.error.status === 409;
    return (
      <section aria-labelledby="compose-title" className="card">
        <h1 id="compose-title">{refused ? 'This creator cannot post right now' : 'The creator’s settings could not be loaded from TikTok'}</h1>
        <ErrorNote error={creator.error} />
        <p>{refused ? 'TikTok says no post can be made for this account at the moment. Try again later.' : 'The composer needs them fresh from TikTok before anything can be posted. Try again in a moment.'}</p>
        <div className="actions">
          <button type="button" onClick={() => creator.refetch()}>
            Try again
          </button>
          <a className="button" href={href('accounts')}>
            Back to accounts
          </a>
        </div>
      </section>
    );
  }
  return <ComposerBody accountId={accountId} creator={creator.data} audited={app?.audited} />;
}

function ComposerBody({ accountId, creator, audited }: { accountId: string; creator: CreatorInfo; audited: boolean | undefined }) {
  const [form, setForm] = useState<ComposerForm>(INITIAL_FORM);
  const [items, setItems] = useState<MediaItem[]>([]);
  const [coverIndex, setCoverIndex] = useState(0);
  const [when_, setWhen] = useState<'now' | 'later'>('now');
  const [scheduleAt, setScheduleAt] = useState(() => toLocalInput(Date.now() + 3_600_000));
  const [publishIfLate, setPublishIfLate] = useState(false);
  const [done, setDone] = useState<Published | null>(null);

  const media = mediaState(items);
  const rules = composerRules({ creator, media, form, audited });
  const set = <K extends keyof ComposerForm>(k: K, v: ComposerForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const scheduledIso = when_ === 'later' ? localInputToIso(scheduleAt) : null;
  const scheduleProblem = when_ === 'later' && !scheduledIso ? 'Pick a date and time for the post.' : null;
  const blocked = rules.publishBlockedReason ?? scheduleProblem;

  const submit = useMutation({
    mutationFn: () => {
      const e = rules.effective;
      const body: Record<string, unknown> = {
        accountId,
        mediaIds: items.map((i) => i.postId ?? i.media?.id),
        title: form.title,
        aiGenerated: e.aiGenerated,
        mode: form.mode,
        allowComment: e.allowComment,
        allowDuet: e.allowDuet,
        allowStitch: e.allowStitch,
        disclosure: { yourBrand: e.yourBrand, brandedContent: e.brandedContent },
      };
      if (media.kind === 'photo') {
        body['description'] = form.description;
        body['photoCoverIndex'] = coverIndex;
        body['autoAddMusic'] = e.autoAddMusic;
      }
      if (e.privacyLevel) body['privacyLevel'] = e.privacyLevel;
      if (scheduledIso) {
        body['scheduledAt'] = scheduledIso;
        body['publishIfLate'] = publishIfLate;
      }
      return post<Published>('/api/posts', body);
    },
    onSuccess: (r) => setDone(r),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!blocked && !submit.isPending) submit.mutate();
  }

  if (done) return <AfterPublish done={done} direct={form.mode === 'direct'} />;

  return (
    <form className="composer" onSubmit={onSubmit} aria-labelledby="compose-title">
      <h1 id="compose-title" className="visually-hidden">
        Compose a post
      </h1>
      <div className="card posting-to" aria-label="Posting to">
        <Avatar url={creator.avatarUrl} name={creator.nickname} size={40} />
        <p>
          Posting to TikTok account: <strong data-testid="creator-nickname">{creator.nickname}</strong> <span className="muted">(@{creator.username})</span>
        </p>
      </div>
      {rules.auditWarning && (
        <p className="note note-warning" role="note" data-testid="audit-warning">
          {rules.auditWarning}
        </p>
      )}

      <MediaPanel items={items} setItems={setItems} coverIndex={coverIndex} setCoverIndex={setCoverIndex} />
      {rules.durationProblem && (
        <p className="note note-error" role="alert">
          {rules.durationProblem}
        </p>
      )}

      <fieldset>
        <legend>Post</legend>
        <label htmlFor="post-title">{media.kind === 'photo' ? 'Title' : 'Caption'}</label>
        {media.kind === 'photo' ? (
          <input id="post-title" value={form.title} onChange={(e) => set('title', e.target.value)} aria-describedby="title-count" />
        ) : (
          <textarea id="post-title" rows={3} value={form.title} onChange={(e) => set('title', e.target.value)} aria-describedby="title-count" />
        )}
        <p id="title-count" className={`small ${form.title.length > rules.titleMax ? 'error' : 'muted'}`}>
          {form.title.length} / {rules.titleMax}
          {media.kind !== 'photo' && ' · #hashtags and @mentions work as in TikTok'}
        </p>
        {rules.descriptionMax !== null && (
          <>
            <label htmlFor="post-description">Description</label>
            <textarea id="post-description" rows={4} value={form.description} onChange={(e) => set('description', e.target.value)} aria-describedby="description-count" />
            <p id="description-count" className="small muted">
              {form.description.length} / {rules.descriptionMax}
            </p>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>How it reaches TikTok</legend>
        <label className="choice">
          <input type="radio" name="mode" value="direct" checked={form.mode === 'direct'} onChange={() => set('mode', 'direct')} />
          <span>
            <strong>Direct post</strong>
            <span className="hint">tokpost publishes it to the profile with the settings below.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="mode" value="inbox" checked={form.mode === 'inbox'} onChange={() => set('mode', 'inbox')} />
          <span>
            <strong>Inbox draft</strong>
            <span className="hint">It goes to the creator’s TikTok inbox; they open the notification in TikTok, choose who can see it and post it. Nothing is public until then.</span>
          </span>
        </label>
      </fieldset>

      {rules.directSettings && <DirectSettings form={form} set={set} rules={rules} />}

      <fieldset>
        <legend>When</legend>
        <label className="choice">
          <input type="radio" name="when" checked={when_ === 'now'} onChange={() => setWhen('now')} />
          <span>As soon as possible</span>
        </label>
        <label className="choice">
          <input type="radio" name="when" checked={when_ === 'later'} onChange={() => setWhen('later')} />
          <span>At a time</span>
        </label>
        {when_ === 'later' && (
          <div className="schedule">
            <label htmlFor="schedule-at">Date and time ({timeZone})</label>
            <input id="schedule-at" type="datetime-local" value={scheduleAt} onChange={(e) => setScheduleAt(e.target.value)} />
            <label className="inline">
              <input type="checkbox" checked={publishIfLate} onChange={(e) => setPublishIfLate(e.target.checked)} /> Post it late if tokpost could not at that time
            </label>
          </div>
        )}
      </fieldset>

      <div className="publish-bar">
        <p className="consent" data-testid="consent-line">
          {rules.consent.map((p, i) =>
            p.href ? (
              <a key={i} href={p.href} target="_blank" rel="noreferrer">
                {p.text}
              </a>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </p>
        <span className="publish-wrap" title={blocked ?? undefined}>
          <button type="submit" className="primary" disabled={!!blocked || submit.isPending} title={blocked ?? undefined} aria-describedby={blocked ? 'publish-reason' : undefined}>
            {submit.isPending ? 'Sending…' : when_ === 'later' ? 'Schedule' : form.mode === 'inbox' ? 'Send to inbox' : 'Publish'}
          </button>
        </span>
        {blocked && (
          <p id="publish-reason" className="small muted" data-testid="publish-reason">
            {blocked}
          </p>
        )}
      </div>
      <ErrorNote error={submit.error} />
    </form>
  );
}

function AfterPublish({ done, direct }: { done: Published; direct: boolean }) {
  const slot = done.warnings.find((w) => w.nextFreeSlot !== undefined)?.nextFreeSlot;
  return (
    <section className="card" aria-labelledby="done-title">
      <h1 id="done-title">{done.post.scheduledAt ? `Scheduled for ${when(done.post.scheduledAt)}` : 'Sent to tokpost’s queue'}</h1>
      <p className="note note-info" role="status">
        {direct ? TEXTS.processing : TEXTS.inbox}
      </p>
      {done.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {done.warnings.map((w, i) => (
            <li key={i} className="note note-warning">
              {w.message}
              {w.nextFreeSlot !== undefined && <> Next free slot: {when(w.nextFreeSlot)}.</>}
            </li>
          ))}
        </ul>
      )}
      {slot !== undefined && <p className="small muted">Times are in your time zone ({timeZone}).</p>}
      <div className="actions">
        <a className="button primary" href={href(`posts/${done.post.id}`)}>
          Follow this post
        </a>
        <a className="button" href={href('queue')}>
          Queue
        </a>
        <button type="button" onClick={() => window.location.reload()}>
          Compose another
        </button>
      </div>
    </section>
  );
}
