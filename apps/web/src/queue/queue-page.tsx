// Queue and calendar: a week or a month of posts coloured by state, filtered by account and
// state; dragging a post to another day reschedules it (PATCH scheduledAt), and the API's refusal
// (a post already publishing, a cap) is shown as it said it.
import { useState, type DragEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messageOf, patch } from '../api/client.js';
import { useAccounts, usePosts } from '../api/queries.js';
import { POST_STATES, toMs, type Post, type PostState, type Warning } from '../api/types.js';
import { clock, when } from '../format.js';
import { href } from '../router.js';
import { ErrorNote, Loading, STATE_LABELS, StateBadge } from '../ui/bits.js';
import { dayKey, moveToDay, shift, visibleDays, windowOf, type CalendarView } from './calendar.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const FIXED: readonly PostState[] = ['published', 'cancelled'];
const dayTitle = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

const placeOf = (p: Post) => toMs(p.scheduledAt) ?? toMs(p.publishedAt) ?? toMs(p.createdAt);

export function QueuePage() {
  const [view, setView] = useState<CalendarView>('week');
  const [anchor, setAnchor] = useState(() => Date.now());
  const [accountId, setAccountId] = useState('');
  const [state, setState] = useState<PostState | ''>('');
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const qc = useQueryClient();

  const days = visibleDays(view, anchor);
  const win = windowOf(days);
  const filter = { accountId: accountId || undefined, state: state || undefined, from: new Date(win.from).toISOString(), to: new Date(win.to).toISOString() };
  const posts = usePosts(filter);
  const unscheduled = usePosts({ accountId: accountId || undefined, state: state || 'scheduled' }, true, 1);
  const accounts = useAccounts(false);
  const nameOf = (id: string) => {
    const a = accounts.data?.find((x) => x.id === id);
    return a ? `@${a.username}` : id;
  };

  const reschedule = useMutation({
    mutationFn: ({ id, at }: { id: string; at: number }) => patch<{ post: Post; warnings: Warning[] }>(`/api/posts/${id}`, { scheduledAt: new Date(at).toISOString() }),
    onSuccess: (r) => {
      const w = r.warnings.map((x) => x.message).join(' ');
      setNotice({ kind: 'ok', text: `Rescheduled to ${when(r.post.scheduledAt)}.${w ? ` ${w}` : ''}` });
      void qc.invalidateQueries({ queryKey: ['posts'] });
    },
    onError: (e) => setNotice({ kind: 'error', text: `Not rescheduled: ${messageOf(e)}` }),
  });

  const byDay = new Map<string, Post[]>();
  for (const p of posts.data ?? []) {
    const at = placeOf(p);
    if (at === null) continue;
    const k = dayKey(at);
    byDay.set(k, [...(byDay.get(k) ?? []), p]);
  }
  for (const list of byDay.values()) list.sort((a, b) => (placeOf(a) ?? 0) - (placeOf(b) ?? 0));
  const asap = (unscheduled.data ?? []).filter((p) => p.scheduledAt === null && !['published', 'cancelled', 'failed'].includes(p.state));

  function onDrop(e: DragEvent, day: string) {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/x-tokpost-post');
    const p = posts.data?.find((x) => x.id === id);
    if (!p) return;
    const from = placeOf(p) ?? Date.now();
    if (dayKey(from) === day) return;
    setNotice(null);
    reschedule.mutate({ id, at: moveToDay(from, day) });
  }

  const today = dayKey(Date.now());
  const month = new Date(anchor).getMonth();
  const title = view === 'month' ? monthTitle.format(anchor) : `${dayTitle.format(days[0]!)} – ${dayTitle.format(days[6]!)}`;

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">Queue</h1>
        <a className="button primary" href={href('compose')}>
          New post
        </a>
      </div>
      <div className="toolbar" role="group" aria-label="Calendar controls">
        <div className="segmented" role="group" aria-label="View">
          {(['week', 'month'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {v === 'week' ? 'Week' : 'Month'}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" onClick={() => setAnchor(shift(view, anchor, -1))} aria-label={view === 'week' ? 'Previous week' : 'Previous month'}>
            ←
          </button>
          <button type="button" onClick={() => setAnchor(Date.now())}>
            Today
          </button>
          <button type="button" onClick={() => setAnchor(shift(view, anchor, 1))} aria-label={view === 'week' ? 'Next week' : 'Next month'}>
            →
          </button>
        </div>
        <span className="filter">
        <label htmlFor="filter-account">Account</label>
        <select id="filter-account" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
          <option value="">All accounts</option>
          {accounts.data?.map((a) => (
            <option key={a.id} value={a.id}>
              @{a.username}
            </option>
          ))}
        </select>
        </span>
        <span className="filter">
        <label htmlFor="filter-state">State</label>
        <select id="filter-state" value={state} onChange={(e) => setState(e.target.value as PostState | '')}>
          <option value="">All states</option>
          {POST_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
        </span>
      </div>
      <h2 className="calendar-title">{title}</h2>
      <p className="muted small">Drag a post to another day to reschedule it at the same time of day, or open it to change its time.</p>
      {notice && (
        <p className={`note ${notice.kind === 'error' ? 'note-error' : 'note-ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {posts.isPending && <Loading what="posts" />}
      <ErrorNote error={posts.error} />

      <div className={`calendar calendar-${view}`}>
        <div className="weekday-row" aria-hidden="true">
          {WEEKDAYS.map((d) => (
            <span key={d}>{d}</span>
          ))}
        </div>
        <ol className="days">
          {days.map((d) => {
            const k = dayKey(d.getTime());
            const list = byDay.get(k) ?? [];
            const outside = view === 'month' && d.getMonth() !== month;
            return (
              <li
                key={k}
                className={`day${k === today ? ' today' : ''}${outside ? ' outside' : ''}`}
                onDragOver={(e) => {
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                }}
                onDrop={(e) => onDrop(e, k)}
                data-day={k}
                aria-label={`${dayTitle.format(d)}: ${list.length} post${list.length === 1 ? '' : 's'}`}
              >
                <span className="day-number" aria-hidden="true">
                  {view === 'week' ? dayTitle.format(d) : d.getDate()}
                </span>
                <ul className="chips">
                  {list.map((p) => (
                    <li key={p.id}>
                      <a
                        className={`chip state-${p.state}`}
                        href={href(`posts/${p.id}`)}
                        draggable={!FIXED.includes(p.state)}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/x-tokpost-post', p.id);
                          e.dataTransfer.effectAllowed = 'move';
                        }}
                        title={`${STATE_LABELS[p.state]} · ${when(placeOf(p))}`}
                        data-testid="calendar-post"
                      >
                        <span className="chip-time">{clock(placeOf(p))}</span> <span className="chip-title">{p.title || `${p.kind} post`}</span>
                        <span className="visually-hidden">
                          , {STATE_LABELS[p.state]}, {nameOf(p.accountId)}
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      </div>

      <Legend />

      {asap.length > 0 && (
        <section aria-labelledby="asap-title" className="card">
          <h2 id="asap-title">As soon as possible</h2>
          <PostTable posts={asap} nameOf={nameOf} />
        </section>
      )}
      {posts.data && posts.data.length > 0 && (
        <section aria-labelledby="list-title" className="card">
          <h2 id="list-title">In this {view}</h2>
          <PostTable posts={[...posts.data].sort((a, b) => (placeOf(a) ?? 0) - (placeOf(b) ?? 0))} nameOf={nameOf} />
        </section>
      )}
    </section>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Colours by state">
      {POST_STATES.map((s) => (
        <li key={s}>
          <StateBadge state={s} />
        </li>
      ))}
    </ul>
  );
}

function PostTable({ posts, nameOf }: { posts: Post[]; nameOf: (id: string) => string }) {
  return (
    <div className="table-wrap">
      <table className="stacked">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Post</th>
            <th scope="col">Account</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((p) => (
            <tr key={p.id}>
              <td data-label="When">{p.scheduledAt === null ? 'As soon as possible' : when(p.scheduledAt)}</td>
              <td data-label="Post">
                <div>
                  <a href={href(`posts/${p.id}`)}>{p.title || `${p.kind} post`}</a>
                  {p.diagnosis && <p className="small muted">{p.diagnosis.summary}</p>}
                </div>
              </td>
              <td data-label="Account">{nameOf(p.accountId)}</td>
              <td data-label="State">
                <StateBadge state={p.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
