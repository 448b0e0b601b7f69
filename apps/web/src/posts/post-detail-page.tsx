// One post, explained: its state, the diagnosis and fix in plain words, retry or cancel, a new
// time, the live link once known, and the timeline of states and attempts with TikTok's raw codes
// and log ids (what TikTok support asks for).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, patch, post as postTo } from '../api/client.js';
import { useAccounts, usePostDetail } from '../api/queries.js';
import type { Diagnosis, Post, PostState, Warning } from '../api/types.js';
import { diagnosisDetail, localInputToIso, timeZone, toLocalInput, when } from '../format.js';
import { href } from '../router.js';
import { ErrorNote, Loading, STATE_LABELS, StateBadge } from '../ui/bits.js';

const PRIVACY: Record<string, string> = { PUBLIC_TO_EVERYONE: 'Everyone', MUTUAL_FOLLOW_FRIENDS: 'Friends', FOLLOWER_OF_CREATOR: 'Followers', SELF_ONLY: 'Only me' };
const EDITABLE: readonly PostState[] = ['draft', 'scheduled', 'publishing', 'needs_action', 'failed', 'missed'];
const RETRYABLE: readonly PostState[] = ['failed', 'missed', 'needs_action'];

export function PostDetailPage({ id }: { id: string }) {
  const detail = usePostDetail(id);
  const accounts = useAccounts(false);
  if (detail.isPending) return <Loading what="the post" />;
  if (detail.isError) return <ErrorNote error={detail.error} />;
  const { post, timeline, attempts, publicUrl } = detail.data;
  const diagnosis = detail.data.diagnosis ?? post.diagnosis ?? null;
  const account = accounts.data?.find((a) => a.id === post.accountId);
  const link = publicUrl ?? post.shareUrl;

  return (
    <article aria-labelledby="post-title" className="post-detail">
      <p>
        <a href={href('queue')}>← Queue</a>
      </p>
      <div className="page-head">
        <h1 id="post-title">{post.title || `${post.kind === 'photo' ? 'Photo' : 'Video'} post`}</h1>
        <StateBadge state={post.state} />
      </div>
      <dl className="facts">
        <div>
          <dt>Account</dt>
          <dd>{account ? `${account.nickname} (@${account.username})` : post.accountId}</dd>
        </div>
        <div>
          <dt>Scheduled</dt>
          <dd>{post.scheduledAt === null ? 'As soon as possible' : when(post.scheduledAt)}</dd>
        </div>
        <div>
          <dt>How</dt>
          <dd>{post.mode === 'inbox' ? 'Inbox draft (the creator finishes it in TikTok)' : 'Direct post'}</dd>
        </div>
        <div>
          <dt>Who can see it</dt>
          <dd>{post.privacyLevel ? PRIVACY[post.privacyLevel] : post.mode === 'inbox' ? 'chosen in TikTok' : '—'}</dd>
        </div>
        {post.publishId && (
          <div>
            <dt>TikTok publish id</dt>
            <dd>
              <code>{post.publishId}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>On TikTok</dt>
          <dd>
            {link ? (
              <a href={link} target="_blank" rel="noreferrer" data-testid="live-link">
                Open the post on TikTok
              </a>
            ) : post.state === 'published' ? (
              'Published; the link appears once TikTok confirms it.'
            ) : (
              'not yet'
            )}
          </dd>
        </div>
      </dl>

      {post.state === 'processing' && (
        <p className="note note-info" role="status">
          TikTok is processing the post. It may take a few minutes to appear on the profile.
        </p>
      )}
      {post.state === 'inbox_pending' && (
        <p className="note note-info" role="status">
          The post is waiting in the creator’s TikTok inbox: they open the notification in TikTok to finish and post it.
        </p>
      )}
      {diagnosis && <DiagnosisBox d={diagnosis} />}

      <Actions post={post} />

      <section aria-labelledby="timeline-title" className="card">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline">
          {timeline.map((e) => (
            <li key={e.seq}>
              <time className="small muted">{when(e.at)}</time>{' '}
              <span>
                {e.fromState ? `${STATE_LABELS[e.fromState]} → ` : ''}
                <strong>{STATE_LABELS[e.toState] ?? e.toState}</strong>
              </span>
              <span className="small muted"> · {e.actor}</span>
              {e.reason && (
                <>
                  {' '}
                  · <code>{e.reason}</code>
                </>
              )}
              {e.message && <p className="small">{e.message}</p>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="attempts-title" className="card">
        <h2 id="attempts-title">Calls to TikTok</h2>
        {attempts.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Call</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">TikTok code</th>
                  <th scope="col">Log id</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id} className={`attempt-${a.outcome}`}>
                    <td data-label="Started">{when(a.startedAt)}</td>
                    <td data-label="Call">
                      {/* The endpoint only when it says more than the kind (init → video_init; creator_info twice says nothing). */}
                      <span>
                        {a.kind}
                        {a.endpoint && a.endpoint !== a.kind && (
                          <>
                            <br />
                            <code className="small">{a.endpoint}</code>
                          </>
                        )}
                      </span>
                    </td>
                    <td data-label="Outcome">{a.outcome}</td>
                    <td data-label="HTTP">{a.httpStatus ?? '—'}</td>
                    <td data-label="TikTok code">{(a.failReason ?? a.errorCode) ? <code>{a.failReason ?? a.errorCode}</code> : '—'}</td>
                    <td data-label="Log id">{a.logId ? <code>{a.logId}</code> : '—'}</td>
                    <td data-label="Message" className="small">{a.message ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

function DiagnosisBox({ d }: { d: Diagnosis }) {
  const detail = diagnosisDetail(d);
  return (
    <section aria-labelledby="diagnosis-title" className={`note ${d.severity === 'error' ? 'note-error' : d.severity === 'warning' ? 'note-warning' : 'note-info'}`} data-testid="diagnosis">
      <h2 id="diagnosis-title">What happened</h2>
      <p>{d.summary}</p>
      <p className="fix">
        <strong>What to do:</strong> {d.fix}
      </p>
      <p className="small">
        Code <code>{d.rawCode}</code>
        {d.tiktokCode && d.tiktokCode !== d.rawCode && (
          <>
            {' '}
            (TikTok: <code>{d.tiktokCode}</code>)
          </>
        )}
        {d.httpStatus !== null && <> · HTTP {d.httpStatus}</>}
        {d.logId && (
          <>
            {' '}
            · log id <code>{d.logId}</code>
          </>
        )}
        {d.retryable && ' · trying again may work'}
      </p>
      {detail && (
        <p className="small muted">
          {d.source === 'local' ? 'Details' : 'TikTok said'}: {detail}
        </p>
      )}
    </section>
  );
}

function Actions({ post }: { post: Post }) {
  const qc = useQueryClient();
  const [at, setAt] = useState(() => toLocalInput(post.scheduledAt ?? Date.now() + 3_600_000));
  const [risk, setRisk] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['post', post.id] });
  const locked = post.initStartedAt !== null && post.state !== 'failed';
  const canEdit = EDITABLE.includes(post.state) && !locked;

  const retry = useMutation({ mutationFn: () => postTo<{ post: Post }>(`/api/posts/${post.id}/retry`, risk ? { acknowledgeDuplicateRisk: true } : {}), onSuccess: () => { setNotice('Queued again.'); void refresh(); } });
  const cancel = useMutation({ mutationFn: () => postTo<{ post: Post }>(`/api/posts/${post.id}/cancel`), onSuccess: () => { setNotice('Cancelled: it will not be published.'); void refresh(); } });
  const move = useMutation({
    mutationFn: () => patch<{ post: Post; warnings: Warning[] }>(`/api/posts/${post.id}`, { scheduledAt: localInputToIso(at) }),
    onSuccess: (r) => {
      setNotice([`Rescheduled to ${when(r.post.scheduledAt)}.`, ...r.warnings.map((w) => w.message + (w.nextFreeSlot !== undefined ? ` Next free slot: ${when(w.nextFreeSlot)}.` : ''))].join(' '));
      void refresh();
    },
  });
  const duplicateRisk = retry.error instanceof ApiError && retry.error.status === 409 && /acknowledgeDuplicateRisk/.test(retry.error.message);

  // A post held for its account goes out once the account is reconnected: retrying it would only hold it again.
  const heldForAccount = post.state === 'needs_action' && (post.stateReason === 'account_needs_reconnect' || post.stateReason === 'account_disconnected');
  if (!canEdit && !RETRYABLE.includes(post.state)) return null;
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">Actions</h2>
      {canEdit && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate();
          }}
        >
          <label htmlFor="reschedule-at">New time ({timeZone})</label>
          <input id="reschedule-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          <button type="submit" disabled={move.isPending || !localInputToIso(at)}>
            Reschedule
          </button>
        </form>
      )}
      <div className="actions">
        {heldForAccount ? (
          <a className="button primary" href={href('accounts')}>
            Reconnect the account
          </a>
        ) : (
          RETRYABLE.includes(post.state) && (
            <button type="button" className="primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
              Retry
            </button>
          )
        )}
        {canEdit && post.state !== 'cancelled' && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm('Cancel this post? It will not be published.')) cancel.mutate();
            }}
            disabled={cancel.isPending}
          >
            Cancel the post
          </button>
        )}
      </div>
      {duplicateRisk && (
        <label className="inline">
          <input type="checkbox" checked={risk} onChange={(e) => setRisk(e.target.checked)} /> I checked the creator’s profile: the post is not there, publish it again
        </label>
      )}
      {notice && (
        <p className="note note-ok" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={retry.error ?? cancel.error ?? move.error} />
    </section>
  );
}
