// Typed calls to the admin API, for tests and scripts. Each method is one HTTP call through the
// emulator's own handler, so the admin API itself is what gets exercised.
import type { FetchLike } from './http/fetch-adapter.js';
import type { PostSeed } from './admin-schemas.js';
import type { FaultRuleInput } from './engine/faults.js';
import type { EmulatorErrorRecord } from './error-log.js';
import type { Post, RequestLogEntry } from './state.js';

export class AdminError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** A post as GET /_emulator/posts shows it (the id as a decimal string). */
export type PostRecord = Omit<Post, 'post_id'> & { post_id: string };
export type RequestRecord = RequestLogEntry;
/** POST /_emulator/posts input: `open_id`, everything else optional (defaults in postSeedSchema). */
export type PostSeedInput = Partial<PostSeed> & { open_id: string };

export interface AdminClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  reset(): Promise<void>;
  createApp(app: Record<string, unknown> & { client_key: string; client_secret: string }): Promise<{ client_key: string }>;
  createCreator(creator: Record<string, unknown> & { username: string }): Promise<{ open_id: string }>;
  updateCreator(openId: string, patch: Record<string, unknown>): Promise<unknown>;
  consent(input: {
    client_key: string;
    open_id: string;
    scopes: string[] | string;
    redirect_uri: string;
    state?: string;
    code_challenge?: string;
    code_challenge_method?: 'S256';
  }): Promise<{ code: string; scopes: string }>;
  revoke(openId: string, input: { client_key: string; reason?: number }): Promise<{ revoked: number }>;
  advanceClock(ms: number): Promise<{ now_ms: number }>;
  setClock(nowMs: number): Promise<{ now_ms: number }>;
  /**
   * POST /_emulator/idle: resolves once every download, processing step and webhook delivery in
   * flight has finished, including what the last clock move made due. From another process,
   * `advanceClock(ms)` then `idle()` means the work that advance triggered is done.
   */
  idle(): Promise<{ now_ms: number }>;
  /** GET /_emulator/errors: every emulator bug so far (see `Emulator.errors()`). */
  errors(): Promise<EmulatorErrorRecord[]>;
  addFault(rule: FaultRuleInput): Promise<{ id: number }>;
  clearFaults(): Promise<void>;
  completeInbox(publishId: string, input?: { privacy_level?: string; title?: string }): Promise<{ post_id: string }>;
  posts(): Promise<PostRecord[]>;
  /**
   * POST /_emulator/posts: a post the creator made in the TikTok app (outside any API client), for
   * the Display API to list. Only `open_id` is required; `post_id` is a decimal string.
   */
  addPost(input: PostSeedInput): Promise<{ post_id: string }>;
  requests(): Promise<RequestRecord[]>;
  publish(publishId: string): Promise<Record<string, unknown>>;
  webhooks(): Promise<Array<Record<string, unknown>>>;
  settings(patch?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function createAdminClient(fetchFn: FetchLike, baseUrl: () => string): AdminClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetchFn(`${baseUrl()}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new AdminError(`${method} /_emulator${path}: ${json.error ?? res.status}`, res.status);
    return json;
  };
  return {
    call,
    reset: async () => void (await call('POST', '/reset')),
    createApp: (app) => call('POST', '/apps', app),
    createCreator: (c) => call('POST', '/creators', c),
    updateCreator: (id, patch) => call('PATCH', `/creators/${encodeURIComponent(id)}`, patch),
    consent: (input) => call('POST', '/consent', input),
    revoke: (id, input) => call('POST', `/creators/${encodeURIComponent(id)}/revoke`, input),
    advanceClock: (ms) => call('POST', '/clock', { advance_ms: ms }),
    setClock: (nowMs) => call('POST', '/clock', { now_ms: nowMs }),
    idle: () => call('POST', '/idle'),
    errors: () => call('GET', '/errors'),
    addFault: (rule) => call('POST', '/faults', rule),
    clearFaults: async () => void (await call('DELETE', '/faults')),
    completeInbox: (id, input = {}) => call('POST', `/inbox/${encodeURIComponent(id)}/complete`, input),
    posts: () => call('GET', '/posts'),
    addPost: (input) => call('POST', '/posts', input),
    requests: () => call('GET', '/requests'),
    publish: (id) => call('GET', `/publishes/${encodeURIComponent(id)}`),
    webhooks: () => call('GET', '/webhooks'),
    settings: (patch) => (patch ? call('POST', '/settings', patch) : call('GET', '/settings')),
  };
}
