// The API key the user pasted on first visit, kept in localStorage (the UI has no other session).
const KEY = 'tokpost.apiKey';

export function readApiKey(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveApiKey(key: string): void {
  window.localStorage.setItem(KEY, key.trim());
}

export function forgetApiKey(): void {
  window.localStorage.removeItem(KEY);
}
