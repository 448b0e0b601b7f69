// Hash routing (#/accounts, #/compose?account=…, #/posts/:id): the server serves one file and
// needs no fallback for deep links.
import { useSyncExternalStore } from 'react';

export interface Route {
  path: string[];
  query: URLSearchParams;
}

function read(): Route {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

let current = read();
let currentHash = window.location.hash;
function subscribe(fn: () => void): () => void {
  const on = () => fn();
  window.addEventListener('hashchange', on);
  return () => window.removeEventListener('hashchange', on);
}
function snapshot(): Route {
  if (window.location.hash !== currentHash) {
    currentHash = window.location.hash;
    current = read();
  }
  return current;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}

export function href(path: string, query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${path.replace(/^\//, '')}${qs ? `?${qs}` : ''}`;
}

export function navigate(path: string, query?: Record<string, string | undefined>): void {
  window.location.hash = href(path, query);
}
