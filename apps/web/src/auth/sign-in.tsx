// First visit: the user pastes an API key; it is checked against the API and kept in localStorage.
import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../api/client.js';
import { forgetApiKey, saveApiKey } from './key-store.js';

export function SignIn({ onSignedIn, expired }: { onSignedIn: (key: string) => void; expired: boolean }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(expired ? 'The server refused the saved API key (revoked or unknown). Paste a valid key.' : null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = value.trim();
    if (!key) {
      setError('Paste an API key first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/accounts', { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
      if (res.status === 401) throw new ApiError(401, 'ERR_UNAUTHORIZED', 'This API key is not valid (mistyped, revoked or from another tokpost).');
      saveApiKey(key);
      onSignedIn(key);
    } catch (err) {
      forgetApiKey();
      setError(err instanceof TypeError ? 'tokpost cannot be reached: check that the server is running.' : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form className="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to tokpost</h1>
        <p>
          Paste an API key. <code>npm start</code> prints a demo key when it starts; <code>tokpost api-keys create</code> makes one.
        </p>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autoComplete="off" spellCheck={false} placeholder="tp_…" value={value} onChange={(e) => setValue(e.target.value)} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="muted small">The key stays in this browser (localStorage) and is sent only to this tokpost server.</p>
      </form>
    </main>
  );
}
