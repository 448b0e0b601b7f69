// The shell: sign-in with an API key, then the navigation and the page the hash names.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onUnauthorized } from './api/client.js';
import { forgetApiKey, readApiKey } from './auth/key-store.js';
import { SignIn } from './auth/sign-in.js';
import { AccountsPage } from './accounts/accounts-page.js';
import { ComposerPage } from './composer/composer-page.js';
import { QueuePage } from './queue/queue-page.js';
import { PostDetailPage } from './posts/post-detail-page.js';
import { SettingsPage } from './settings/settings-page.js';
import { href, useRoute } from './router.js';

const NAV = [
  { path: 'accounts', label: 'Accounts' },
  { path: 'compose', label: 'Compose' },
  { path: 'queue', label: 'Queue' },
  { path: 'settings', label: 'Settings' },
] as const;

export function App() {
  const [key, setKey] = useState(readApiKey);
  const [expired, setExpired] = useState(false);
  const queryClient = useQueryClient();
  const route = useRoute();

  useEffect(
    () =>
      onUnauthorized(() => {
        forgetApiKey();
        setExpired(true);
        setKey(null);
        queryClient.clear();
      }),
    [queryClient],
  );

  if (!key) {
    return (
      <SignIn
        expired={expired}
        onSignedIn={(k) => {
          setExpired(false);
          setKey(k);
        }}
      />
    );
  }

  const section = route.path[0] ?? 'accounts';
  let page;
  if (section === 'compose') page = <ComposerPage key={route.query.get('account') ?? ''} accountId={route.query.get('account')} />;
  else if (section === 'queue') page = <QueuePage />;
  else if (section === 'posts' && route.path[1]) page = <PostDetailPage key={route.path[1]} id={route.path[1]} />;
  else if (section === 'settings') page = <SettingsPage />;
  else page = <AccountsPage />;

  const active = section === 'posts' ? 'queue' : section;
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-label="tokpost">tokpost</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.path}>
                <a href={href(n.path)} aria-current={active === n.path ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            forgetApiKey();
            queryClient.clear();
            setKey(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
