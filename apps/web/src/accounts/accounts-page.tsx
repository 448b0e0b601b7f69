// Accounts: every connected creator with its health at a glance (the doctor's checklist), connect
// and reconnect through TikTok's consent page, refresh, disconnect, and "send a test post".
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, messageOf, post } from '../api/client.js';
import { LIVE_MS, useAccounts, useApps, usePosts } from '../api/queries.js';
import { toMs, type Account, type AccountHealth, type AppView, type CheckItem, type DoctorReport, type Post } from '../api/types.js';
import { relative, when } from '../format.js';
import { href } from '../router.js';
import { Avatar, CheckMark, ErrorNote, Loading, StateBadge } from '../ui/bits.js';

async function startConnect(body: { appId?: string; accountId?: string }): Promise<void> {
  const { authorizeUrl } = await post<{ authorizeUrl: string }>('/api/accounts/connect', body);
  window.location.assign(authorizeUrl);
}

export function AccountsPage() {
  const accounts = useAccounts();
  const apps = useApps();
  const [chosenAppId, setAppId] = useState('');
  const appList = apps.data ?? [];
  // With several apps the server needs to be told which one: the first audited app unless chosen.
  const appId = chosenAppId || (appList.length > 1 ? (appList.find((a) => a.audited) ?? appList[0])?.id ?? '' : '');
  const connect = useMutation({ mutationFn: () => startConnect(appId ? { appId } : {}) });

  return (
    <section aria-labelledby="accounts-title">
      <div className="page-head">
        <h1 id="accounts-title">Accounts</h1>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            connect.mutate();
          }}
        >
          {appList.length > 1 && (
            <>
              <label htmlFor="connect-app">TikTok app</label>
              <select id="connect-app" value={appId} onChange={(e) => setAppId(e.target.value)}>
                {appList.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.clientKey}
                    {a.audited ? '' : ' (not audited)'}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="submit" className="primary" disabled={connect.isPending}>
            {connect.isPending ? 'Opening TikTok…' : 'Connect a TikTok account'}
          </button>
        </form>
      </div>
      <ErrorNote error={connect.error} />
      {accounts.isPending && <Loading what="accounts" />}
      <ErrorNote error={accounts.error} />
      {accounts.data && accounts.data.length === 0 && (
        <div className="card empty">
          <p>No TikTok account is connected yet. Connect one: TikTok asks the creator to allow tokpost to post for them, then sends them back here.</p>
        </div>
      )}
      <ul className="account-list">
        {accounts.data?.map((a) => (
          <li key={a.id}>
            <AccountCard account={a} app={appList.find((x) => x.id === a.appId)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const STATUS_WORDS: Record<Account['status'], string> = { active: 'Connected', needs_reconnect: 'Needs reconnecting', disconnected: 'Disconnected' };

/** The hold reasons a reconnect releases (the other held posts wait for something else). */
const RECONNECT_HOLDS = ['account_needs_reconnect', 'account_disconnected'];

const TOKEN_WORDS: Record<AccountHealth['tokenState'], string> = {
  valid: 'valid',
  access_expired: 'access token expired, no refresh has succeeded yet',
  refresh_expired: 'refresh token expired: the creator must connect again',
  revoked: 'revoked or disconnected',
};

function AccountCard({ account, app }: { account: Account; app: AppView | undefined }) {
  const qc = useQueryClient();
  const [doctorOpen, setDoctorOpen] = useState(false);
  const health = account.health;
  const needsReconnect = health?.needsReconnect ?? account.status !== 'active';
  const heldQuery = usePosts({ accountId: account.id, state: 'needs_action' }, needsReconnect, 1);
  const held = { data: heldQuery.data?.filter((p) => p.stateReason === null || RECONNECT_HOLDS.includes(p.stateReason)) };
  // Slower than the account itself: these change rarely.
  const drafts = usePosts({ accountId: account.id, state: 'inbox_pending' }, LIVE_MS * 5, 1);
  const published = usePosts({ accountId: account.id, state: 'published' }, LIVE_MS * 5, 1);
  const reconnect = useMutation({ mutationFn: () => startConnect({ accountId: account.id, appId: account.appId }) });
  const refresh = useMutation({ mutationFn: () => post(`/api/accounts/${account.id}/refresh`), onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }) });
  const disconnect = useMutation({ mutationFn: () => del(`/api/accounts/${account.id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }) });

  const refreshAt = toMs(health?.refreshExpiresAt ?? account.refreshExpiresAt);
  const daysLeft = health ? health.refreshExpiresInMs / 86_400_000 : refreshAt === null ? null : (refreshAt - Date.now()) / 86_400_000;
  const last = (published.data ?? []).reduce<Post | undefined>((best, p) => ((toMs(p.publishedAt) ?? 0) > (toMs(best?.publishedAt) ?? -1) ? p : best), undefined);
  const titleId = `acct-${account.id}`;
  const problems = health?.problems ?? [];

  return (
    <article className="card account" aria-labelledby={titleId} data-testid="account-card">
      <header className="account-head">
        <Avatar url={account.avatarUrl} name={account.nickname || account.username} size={48} />
        <div>
          <h2 id={titleId}>{account.nickname || account.username}</h2>
          <p className="muted">@{account.username}</p>
        </div>
        <span className={`badge acct-${needsReconnect ? 'needs_reconnect' : account.status}`}>{needsReconnect && account.status === 'active' ? 'Needs reconnecting' : STATUS_WORDS[account.status]}</span>
      </header>

      {app && !app.audited && (
        <p className="note note-warning" role="note">
          This app is not audited: posts will be visible only to the creator.
        </p>
      )}
      {needsReconnect && (
        <div className="note note-error">
          <p>
            <strong>{account.statusMessage ?? problems[0]?.message ?? 'TikTok no longer accepts this account’s tokens.'}</strong> Reconnect it: the creator approves tokpost again on TikTok’s page.
          </p>
          {held.data && held.data.length > 0 && (
            <>
              <p>Reconnecting releases {held.data.length === 1 ? 'this held post' : `these ${held.data.length} held posts`}:</p>
              <ul className="held-list" aria-label="Held posts">
                {held.data.map((p) => (
                  <li key={p.id}>
                    <a href={href(`posts/${p.id}`)}>{p.title || `${p.kind} post`}</a> · {p.scheduledAt === null ? 'as soon as possible' : when(p.scheduledAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="primary" onClick={() => reconnect.mutate()} disabled={reconnect.isPending}>
            Reconnect @{account.username}
          </button>
          <ErrorNote error={reconnect.error} />
        </div>
      )}

      <dl className="facts">
        <div>
          <dt>Token</dt>
          <dd>{health ? TOKEN_WORDS[health.tokenState] : STATUS_WORDS[account.status]}{(!health || health.tokenState === 'valid') && account.status === 'active' ? `, access renews ${relative(account.accessExpiresAt)}` : ''}</dd>
        </div>
        <div>
          <dt>Refresh token expires</dt>
          <dd className={daysLeft !== null && daysLeft < 14 ? 'warn-text' : undefined} data-testid="refresh-countdown">
            {health?.tokenState === 'revoked' || account.status !== 'active' ? (
              'not usable: TikTok no longer accepts this account’s tokens'
            ) : (
              <>
                {relative(refreshAt)} <span className="muted small">({when(refreshAt)})</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Scopes</dt>
          <dd>
            {account.scopes.length ? account.scopes.join(', ') : 'none'}
            {health && health.missingScopes.length > 0 && (
              <span className="warn-text small">
                {' '}
                · missing: {health.missingScopes.map((m) => `${m.scope} (no ${m.disables})`).join('; ')}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Posts in the last 24 h</dt>
          <dd>{health ? `${health.postsLast24h.direct} of ${health.postsLast24h.cap}` : '—'}</dd>
        </div>
        <div>
          <dt>Pending inbox drafts</dt>
          <dd>{drafts.data ? (drafts.data.length === 0 ? 'none' : `${drafts.data.length} waiting for the creator in TikTok`) : '—'}</dd>
        </div>
        <div>
          <dt>Last post</dt>
          <dd>{last ? <a href={href(`posts/${last.id}`)}>{`${last.title || 'untitled'} · ${relative(last.publishedAt)}`}</a> : published.data ? 'none yet' : '—'}</dd>
        </div>
      </dl>

      {problems.length > 0 && !needsReconnect && (
        <ul className="checklist compact" aria-label="Needs attention">
          {problems.map((p, i) => (
            <CheckRow key={`${p.code}-${i}`} item={{ id: p.code, status: 'warning', title: p.message, detail: '', fix: p.fix }} />
          ))}
        </ul>
      )}

      <div className="actions">
        <a className="button" href={href('compose', { account: account.id })} aria-disabled={needsReconnect || undefined} tabIndex={needsReconnect ? -1 : undefined}>
          Compose
        </a>
        <button type="button" onClick={() => refresh.mutate()} disabled={refresh.isPending || needsReconnect}>
          {refresh.isSuccess ? 'Refresh queued' : 'Refresh token'}
        </button>
        <button type="button" onClick={() => setDoctorOpen((v) => !v)} aria-expanded={doctorOpen} aria-controls={`doctor-${account.id}`}>
          {doctorOpen ? 'Hide the checklist' : 'Doctor checklist'}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(`Disconnect @${account.username}? Its posts and history stay; unsent posts are held until it is reconnected.`)) disconnect.mutate();
          }}
          disabled={disconnect.isPending || account.status === 'disconnected'}
        >
          Disconnect
        </button>
      </div>
      <ErrorNote error={refresh.error ?? disconnect.error} />
      {doctorOpen && <Doctor id={`doctor-${account.id}`} accountId={account.id} />}
    </article>
  );
}

function CheckRow({ item }: { item: CheckItem }) {
  return (
    <li className={`check-row check-row-${item.status}`}>
      <CheckMark status={item.status} />
      <div>
        <strong>{item.title}</strong>
        {item.detail && <p>{item.detail}</p>}
        {item.fix && <p className="fix">What to do: {item.fix}</p>}
      </div>
    </li>
  );
}

function Doctor({ id, accountId }: { id: string; accountId: string }) {
  const report = useQuery({
    queryKey: ['doctor', accountId],
    queryFn: () => get<{ report: DoctorReport }>(`/api/accounts/${accountId}/doctor`).then((r) => r.report),
    // The doctor asks TikTok live (creator_info allows 20 calls a minute): on demand, not polled.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const testPost = useMutation({
    mutationFn: () => get<{ report: DoctorReport }>(`/api/accounts/${accountId}/doctor?testPost=true`).then((r) => r.report),
  });
  const shown = testPost.data ?? report.data;
  const test = testPost.data?.testPost;

  return (
    <section id={id} className="doctor" aria-label="Doctor checklist">
      {report.isPending && <Loading what="the checklist" />}
      <ErrorNote error={report.error} />
      {shown && (
        <>
          <p className="muted small">Checked {when(shown.checkedAt)}</p>
          <ul className="checklist">
            {shown.items.map((i) => (
              <CheckRow key={i.id} item={i} />
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => report.refetch()} disabled={report.isFetching}>
          {report.isFetching ? 'Checking…' : 'Check again'}
        </button>
        <button type="button" onClick={() => testPost.mutate()} disabled={testPost.isPending}>
          {testPost.isPending ? 'Sending a test post…' : 'Send a test post'}
        </button>
        <span className="muted small">A short private (Only me) clip, to prove posting works end to end.</span>
      </div>
      {testPost.isError && <ErrorNote>{messageOf(testPost.error)}</ErrorNote>}
      {testPost.isPending && (
        <p className="muted small" role="status">
          The clip is published privately and followed until TikTok confirms it; this can take a few minutes.
        </p>
      )}
      {test && (
        <div className={`note ${test.status === 'ok' ? 'note-ok' : test.status === 'warning' ? 'note-warning' : 'note-error'}`} role="status" aria-label="Test post result">
          <p>
            <CheckMark status={test.status} /> {test.detail}
          </p>
          {test.state && (
            <p>
              State: <StateBadge state={test.state} />
              {test.postId && (
                <>
                  {' '}
                  · <a href={href(`posts/${test.postId}`)}>details</a>
                </>
              )}
              {test.shareUrl && (
                <>
                  {' '}
                  ·{' '}
                  <a href={test.shareUrl} target="_blank" rel="noreferrer">
                    open on TikTok
                  </a>
                </>
              )}
            </p>
          )}
          {test.fix && <p className="fix">What to do: {test.fix}</p>}
        </div>
      )}
    </section>
  );
}
