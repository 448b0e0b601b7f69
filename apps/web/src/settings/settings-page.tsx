// Settings: TikTok apps (the client secret is write-only: it goes in, never comes back), audit
// status and verified URL prefixes, notification endpoints (their signing secret shown once) and
// API keys (each key shown once, at creation).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from '../api/client.js';
import { LIVE_MS, useApps } from '../api/queries.js';
import type { ApiKeyView, AppView, NotificationEndpoint, NotificationEvent } from '../api/types.js';
import { when } from '../format.js';
import { href } from '../router.js';
import { ErrorNote, Loading } from '../ui/bits.js';

export function SettingsPage() {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <AppsSection />
      <NotificationsSection />
      <EventsSection />
      <ApiKeysSection />
    </section>
  );
}

const lines = (text: string) =>
  text
    .split(/\s*\n\s*/)
    .map((s) => s.trim())
    .filter(Boolean);

function AppsSection() {
  const apps = useApps();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const create = useMutation({
    mutationFn: (body: unknown) => post<{ app: AppView }>('/api/apps', body),
    onSuccess: () => {
      setAdding(false);
      void qc.invalidateQueries({ queryKey: ['apps'] });
    },
  });

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      clientKey: String(f.get('clientKey') ?? ''),
      clientSecret: String(f.get('clientSecret') ?? ''),
      audited: f.get('audited') === 'on',
      verifiedUrlPrefixes: lines(String(f.get('prefixes') ?? '')),
    });
  }

  return (
    <section aria-labelledby="apps-title" className="card">
      <h2 id="apps-title">TikTok apps</h2>
      <p className="muted small">The client key and secret from TikTok’s developer portal. The secret is never shown again once saved.</p>
      {apps.isPending && <Loading what="apps" />}
      <ErrorNote error={apps.error} />
      {apps.data?.map((a) => <AppEditor key={a.id} app={a} />)}
      {adding ? (
        <form onSubmit={onCreate} className="stack" aria-label="Add a TikTok app">
          <label htmlFor="new-client-key">Client key</label>
          <input id="new-client-key" name="clientKey" required autoComplete="off" />
          <label htmlFor="new-client-secret">Client secret</label>
          <input id="new-client-secret" name="clientSecret" type="password" required autoComplete="new-password" />
          <label className="inline">
            <input type="checkbox" name="audited" /> TikTok audited this app
          </label>
          <label htmlFor="new-prefixes">Verified URL prefixes (one per line)</label>
          <textarea id="new-prefixes" name="prefixes" rows={2} placeholder="https://media.example.com/" />
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending}>
              Save the app
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
          <ErrorNote error={create.error} />
        </form>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          Add a TikTok app
        </button>
      )}
    </section>
  );
}

function AppEditor({ app }: { app: AppView }) {
  const qc = useQueryClient();
  const [audited, setAudited] = useState(app.audited);
  const [prefixes, setPrefixes] = useState(app.verifiedUrlPrefixes.join('\n'));
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => patch<{ app: AppView }>(`/api/apps/${app.id}`, { audited, verifiedUrlPrefixes: lines(prefixes), ...(secret.trim() ? { clientSecret: secret.trim() } : {}) }),
    onSuccess: () => {
      setSecret('');
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['apps'] });
    },
  });
  const id = `app-${app.id}`;
  return (
    <form
      className="sub-card stack"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate();
      }}
    >
      <h3 id={`${id}-title`}>
        <code>{app.clientKey}</code> <span className={`badge ${app.audited ? 'acct-active' : 'acct-needs_reconnect'}`}>{app.audited ? 'Audited' : 'Not audited'}</span>
      </h3>
      {!app.audited && <p className="note note-warning">This app is not audited: posts will be visible only to the creator, and at most 5 creators can post through it in 24 h.</p>}
      <label className="inline">
        <input type="checkbox" checked={audited} onChange={(e) => setAudited(e.target.checked)} /> TikTok audited this app
      </label>
      <label htmlFor={`${id}-prefixes`}>Verified URL prefixes (one per line)</label>
      <textarea id={`${id}-prefixes`} rows={2} value={prefixes} onChange={(e) => setPrefixes(e.target.value)} aria-describedby={`${id}-prefixes-hint`} />
      <p id={`${id}-prefixes-hint`} className="hint">
        The URL prefixes verified for this app in TikTok’s developer portal (TikTok asks for a verification file at the prefix). With one covering tokpost’s media address, TikTok pulls videos and photos from tokpost; without, videos are uploaded and photos cannot be posted.
      </p>
      <label htmlFor={`${id}-secret`}>New client secret</label>
      <input id={`${id}-secret`} type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder="Empty keeps the current one" />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
        {saved && (
          <span role="status" className="ok-text small">
            Saved.
          </span>
        )}
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}

/** What tokpost notifies about (the API's notification types), in words. */
const EVENT_TYPES: Array<[string, string]> = [
  ['post_failed', 'A post failed'],
  ['post_held', 'A post is held until someone acts'],
  ['post_missed', 'A post missed its time'],
  ['post_moved', 'A post moved to the next free slot'],
  ['post_published', 'A post was published'],
  ['post_stuck', 'A post is stuck at TikTok'],
  ['inbox_reminder', 'An inbox draft still waits for the creator'],
  ['refresh_token_expiring', 'A refresh token expires soon'],
  ['account_needs_reconnect', 'An account needs reconnecting'],
  ['no_worker_alive', 'No worker is running'],
];
const DEFAULT_EVENTS = EVENT_TYPES.map(([t]) => t).filter((t) => t !== 'post_published');

function eventsInWords(events: string[]): string {
  if (events.length === EVENT_TYPES.length) return 'everything';
  if (events.length === DEFAULT_EVENTS.length && DEFAULT_EVENTS.every((t) => events.includes(t))) return 'everything but published posts';
  return events.map((t) => EVENT_TYPES.find(([x]) => x === t)?.[1] ?? t).join(', ');
}

function NotificationsSection() {
  const qc = useQueryClient();
  const endpoints = useQuery({ queryKey: ['endpoints'], queryFn: () => get<{ endpoints: NotificationEndpoint[] }>('/api/notification-endpoints').then((r) => r.endpoints) });
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const [target, setTarget] = useState('');
  const [events, setEvents] = useState<string[]>(DEFAULT_EVENTS);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => post<{ endpoint: NotificationEndpoint; secret?: string }>('/api/notification-endpoints', { kind, ...(kind === 'webhook' ? { url: target.trim() } : { to: target.trim() }), events }),
    onSuccess: (r) => {
      setSecret(r.secret ?? null);
      setTarget('');
      void qc.invalidateQueries({ queryKey: ['endpoints'] });
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => del(`/api/notification-endpoints/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['endpoints'] }) });

  return (
    <section aria-labelledby="notify-title" className="card">
      <h2 id="notify-title">Notifications</h2>
      <p className="muted small">Where tokpost reports published, failed and held posts. Email goes through the SMTP server in tokpost’s configuration.</p>
      {endpoints.isPending && <Loading what="notification endpoints" />}
      <ErrorNote error={endpoints.error} />
      {endpoints.data && endpoints.data.length > 0 && (
        <ul className="plain-list">
          {endpoints.data.map((e) => (
            <li key={e.id}>
              <span>
                {e.kind === 'webhook' ? 'Webhook' : 'Email'} <code>{e.url ?? e.to}</code>
                {e.events && e.events.length > 0 && <span className="small muted"> · {eventsInWords(e.events)}</span>}
              </span>
              <button type="button" className="danger small-button" onClick={() => remove.mutate(e.id)} aria-label={`Remove ${e.url ?? e.to}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        aria-label="Add a notification endpoint"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor="notify-kind">Kind</label>
        <select id="notify-kind" value={kind} onChange={(e) => setKind(e.target.value as 'webhook' | 'email')}>
          <option value="webhook">Webhook (signed HTTP POST)</option>
          <option value="email">Email</option>
        </select>
        <label htmlFor="notify-target">{kind === 'webhook' ? 'Webhook URL' : 'Email address'}</label>
        <input id="notify-target" type={kind === 'webhook' ? 'url' : 'email'} required value={target} onChange={(e) => setTarget(e.target.value)} />
        <fieldset className="event-list">
          <legend>Notify about</legend>
          {EVENT_TYPES.map(([type, words]) => (
            <label key={type} className="inline">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => setEvents((prev) => (e.target.checked ? [...prev, type] : prev.filter((x) => x !== type)))} /> {words}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || events.length === 0}>
          Add the endpoint
        </button>
        <ErrorNote error={create.error ?? remove.error} />
      </form>
      {secret && (
        <div className="note note-warning" role="status">
          <p>The webhook signing secret, shown only now: copy it into the receiver.</p>
          <code className="secret">{secret}</code>
        </div>
      )}
    </section>
  );
}

function EventsSection() {
  const events = useQuery({ queryKey: ['events'], queryFn: () => get<{ events: NotificationEvent[] }>('/api/events?limit=20').then((r) => r.events), refetchInterval: LIVE_MS * 5 });
  return (
    <section aria-labelledby="events-title" className="card">
      <h2 id="events-title">Recent notifications</h2>
      {events.isPending && <Loading what="notifications" />}
      <ErrorNote error={events.error} />
      {events.data && events.data.length === 0 && <p className="muted">Nothing to report yet.</p>}
      {events.data && events.data.length > 0 && (
        <ul className="plain-list">
          {events.data.map((e) => (
            <li key={e.id}>
              <span>
                <span className="small muted">{when(e.at)}</span> {e.postId ? <a href={href(`posts/${e.postId}`)}>{e.summary}</a> : e.summary}
              </span>
              <span className="small muted">
                {e.deliveries.length === 0
                  ? 'no endpoint'
                  : e.deliveries.map((d) => (d.status === 'delivered' ? 'delivered' : `${d.status}${d.lastError ? `: ${d.lastError}` : ''}`)).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ApiKeysSection() {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => get<{ apiKeys: ApiKeyView[] }>('/api/api-keys').then((r) => r.apiKeys) });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => post<{ apiKey: ApiKeyView; key: string }>('/api/api-keys', { name: name.trim() }),
    onSuccess: (r) => {
      setCreated(r.key);
      setName('');
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => del(`/api/api-keys/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }) });

  return (
    <section aria-labelledby="keys-title" className="card">
      <h2 id="keys-title">API keys</h2>
      {keys.isPending && <Loading what="API keys" />}
      <ErrorNote error={keys.error} />
      {keys.data && (
        <div className="table-wrap">
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td data-label="Name">{k.name}</td>
                  <td data-label="Starts with">
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label="Created">{when(k.createdAt)}</td>
                  <td data-label="">
                    {k.revokedAt ? (
                      <span className="muted">revoked {when(k.revokedAt)}</span>
                    ) : (
                      <button
                        type="button"
                        className="danger small-button"
                        onClick={() => {
                          if (window.confirm(`Revoke the key “${k.name}”? Anything using it stops working.`)) revoke.mutate(k.id);
                        }}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor="key-name">Name</label>
        <input id="key-name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop CLI" />
        <button type="submit" disabled={create.isPending}>
          Create a key
        </button>
      </form>
      <ErrorNote error={create.error ?? revoke.error} />
      {created && (
        <div className="note note-warning" role="status">
          <p>The new key, shown only now: copy it.</p>
          <code className="secret" data-testid="new-api-key">
            {created}
          </code>
        </div>
      )}
    </section>
  );
}
