// The one way the UI talks to tokpost: its REST API with the Bearer API key. Errors come back as
// ApiError carrying the server's `{ error: { code, message, issues } }`, shown to the user as is.
import { readApiKey } from '../auth/key-store.js';

export interface ApiIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }

  /** The message and each field's issue, as one text for people. */
  get full(): string {
    // A message that already says an issue (`appId: required …`) does not repeat it.
    const issues = this.issues.map((i) => `${i.field}: ${i.message}`).filter((t) => !this.message.includes(t));
    return [this.message, ...issues].join(' · ');
  }
}

/** Listeners told when the server refuses the key (the UI then asks for a new one). */
const unauthorized = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorized.add(fn);
  return () => unauthorized.delete(fn);
}

export function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
  if (err && typeof err.message === 'string') {
    const issues = Array.isArray(err.issues) ? (err.issues as ApiIssue[]) : [];
    return new ApiError(status, typeof err.code === 'string' ? err.code : `HTTP_${status}`, err.message, issues);
  }
  return new ApiError(status, `HTTP_${status}`, `The server answered ${status} without an explanation.`);
}

export function authHeaders(): Record<string, string> {
  const key = readApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'ERR_NETWORK', 'tokpost cannot be reached: check that the server is running.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    if (res.status === 401) for (const fn of unauthorized) fn();
    throw errorFromBody(res.status, parsed);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.full;
  if (e instanceof Error) return e.message;
  return String(e);
}
