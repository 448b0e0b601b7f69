// Test harness for the emulator's conformance suite: an emulator served over real HTTP on a
// loopback port, an app and creators made through the admin API, and raw HTTP helpers that speak
// TikTok's wire format directly (no tokpost client in the loop).
import { createManualClock, type ManualClock } from '@tokpost/tiktok/contract';
import { createEmulator, formatErrorRecord, type Emulator, type EmulatorOptions, type FetchLike } from '../src/index.js';

export const APP = {
  client_key: 'conformance_key',
  client_secret: 'conformance_secret_value',
  redirect_uri: 'https://app.example.com/oauth/callback',
};

export interface Harness {
  emu: Emulator;
  clock: ManualClock;
  url: string;
  /** Closes the emulator, then fails if it recorded any bug of its own (a crash, not an injected fault). */
  close(): Promise<void>;
}

/** Throws when the emulator recorded bugs of its own; injected faults are not among them. */
export function assertNoEmulatorErrors(emu: Emulator): void {
  const errors = emu.errors();
  if (errors.length > 0) throw new Error(`the emulator recorded ${errors.length} bug(s) of its own:\n${errors.map(formatErrorRecord).join('\n')}`);
}

export interface StartOptions extends Omit<EmulatorOptions, 'clock'> {
  app?: Record<string, unknown>;
  /** For tests that break the emulator on purpose: close() then skips the no-bugs check. */
  expectEmulatorErrors?: boolean;
}

/** An emulator listening on 127.0.0.1 with a manual base clock and one audited app. */
export async function startEmulator(opts: StartOptions = {}): Promise<Harness> {
  const clock = createManualClock(Date.UTC(2026, 10, 1, 12));
  const { expectEmulatorErrors, ...options } = opts;
  const emu = createEmulator({ ...options, clock, settings: { processing_delay_ms: 1_000, moderation_delay_ms: 5_000, ...opts.settings } });
  const { url } = await emu.listen({ port: 0, host: '127.0.0.1' });
  await emu.admin.createApp({ ...APP, redirect_uris: [APP.redirect_uri], audited: true, ...opts.app });
  return {
    emu,
    clock,
    url,
    async close() {
      await emu.close();
      if (!expectEmulatorErrors) assertNoEmulatorErrors(emu);
    },
  };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  open_id: string;
  expires_in: number;
  refresh_expires_in: number;
  scope: string;
}

/** Creates a creator, scripts consent, and exchanges the code over HTTP. */
export async function connectCreator(
  h: Harness,
  creator: Record<string, unknown> = {},
  scopes: string[] = ['user.info.basic', 'video.publish', 'video.upload'],
  app = APP,
): Promise<Tokens> {
  const { open_id } = await h.emu.admin.createCreator({ username: `creator${Math.floor(Math.random() * 1e9)}`, ...creator });
  const { code } = await h.emu.admin.consent({ client_key: app.client_key, open_id, scopes, redirect_uri: app.redirect_uri });
  const res = await tokenRequest(h, { grant_type: 'authorization_code', code, redirect_uri: app.redirect_uri }, app);
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as Tokens;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON under test
}

async function toRaw(res: Response): Promise<RawResponse> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function tokenRequest(h: Pick<Harness, 'url'>, params: Record<string, string>, app = APP): Promise<RawResponse> {
  const body = new URLSearchParams({ client_key: app.client_key, client_secret: app.client_secret, ...params });
  return toRaw(await fetch(`${h.url}/v2/oauth/token/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
}

/** POST a JSON body to a data endpoint with a bearer token. */
export async function post(h: Pick<Harness, 'url'>, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json; charset=UTF-8',
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return toRaw(res);
}

export async function get(h: Pick<Harness, 'url'>, path: string, token?: string): Promise<RawResponse> {
  return toRaw(await fetch(`${h.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));
}

export const PATHS = {
  userInfo: '/v2/user/info/',
  creatorInfo: '/v2/post/publish/creator_info/query/',
  videoInit: '/v2/post/publish/video/init/',
  inboxInit: '/v2/post/publish/inbox/video/init/',
  contentInit: '/v2/post/publish/content/init/',
  status: '/v2/post/publish/status/fetch/',
  cancel: '/v2/post/publish/cancel/',
  videoList: '/v2/video/list/',
  videoQuery: '/v2/video/query/',
} as const;

/** A FILE_UPLOAD source_info for a whole small file. */
export function wholeFile(size: number) {
  return { source: 'FILE_UPLOAD', video_size: size, chunk_size: size, total_chunk_count: 1 };
}

/** PUTs one byte range of `data` to an upload URL. */
export async function putChunk(
  uploadUrl: string,
  data: Uint8Array,
  first: number,
  last: number,
  total: number,
  contentType = 'video/mp4',
): Promise<RawResponse> {
  return toRaw(
    await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-range': `bytes ${first}-${last}/${total}` },
      body: new Uint8Array(data.subarray(first, last + 1)),
    }),
  );
}

/**
 * Advances emulator time step by step until the publish reaches one of `statuses` (read through
 * the admin API, which has no rate limit), then returns TikTok's status/fetch answer.
 */
export async function advanceUntilStatus(h: Harness, token: string, publishId: string, statuses: string[], stepMs = 1_000, maxSteps = 200): Promise<RawResponse> {
  for (let i = 0; i < maxSteps; i++) {
    await h.emu.idle();
    const p = await h.emu.admin.publish(publishId);
    if (statuses.includes(String(p.status))) return post(h, PATHS.status, token, { publish_id: publishId });
    await h.clock.advance(stepMs);
  }
  throw new Error(`publish ${publishId} never reached ${statuses.join('/')}`);
}

/** Direct-posts a local file with FILE_UPLOAD in one or more chunks; returns the publish_id. */
export async function uploadVideo(
  h: Harness,
  token: string,
  data: Uint8Array,
  postInfo: Record<string, unknown> = { privacy_level: 'SELF_ONLY' },
  opts: { inbox?: boolean; contentType?: string } = {},
): Promise<string> {
  const size = data.length;
  const init = opts.inbox
    ? await post(h, PATHS.inboxInit, token, { source_info: wholeFile(size) })
    : await post(h, PATHS.videoInit, token, { post_info: postInfo, source_info: wholeFile(size) });
  if (init.status !== 200) throw new Error(`init failed: ${init.status} ${init.text}`);
  const put = await putChunk(init.json.data.upload_url, data, 0, size - 1, size, opts.contentType);
  if (put.status !== 201) throw new Error(`upload failed: ${put.status} ${put.text}`);
  return init.json.data.publish_id as string;
}

/**
 * A `fetch` for the emulator's URL pulls that never answers until the pull is aborted (cancel,
 * revoke, close): PULL_FROM_URL publishes then stay in PROCESSING_DOWNLOAD, with no network use.
 */
export const stalledPullFetch: FetchLike = (_input, init) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = init?.signal;
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** POSTs a form-encoded body (OAuth endpoints, the consent form). Redirects are not followed. */
export async function postForm(h: Harness, path: string, params: URLSearchParams | Record<string, string>, headers: Record<string, string> = {}): Promise<RawResponse> {
  const body = params instanceof URLSearchParams ? params : new URLSearchParams(params);
  return toRaw(
    await fetch(`${h.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }),
  );
}

/** Any request, raw: method, headers and body exactly as given. Redirects are not followed. */
export async function rawRequest(h: Pick<Harness, 'url'>, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return toRaw(await fetch(`${h.url}${path}`, { method, redirect: 'manual', headers: init.headers, body: init.body }));
}

/** Consent by an existing creator (a new grant) and the code exchanged over HTTP. */
export async function grantTokens(h: Harness, openId: string, scopes: string[] = ['user.info.basic', 'video.publish', 'video.upload'], app = APP): Promise<Tokens> {
  const { code } = await h.emu.admin.consent({ client_key: app.client_key, open_id: openId, scopes, redirect_uri: app.redirect_uri });
  const res = await tokenRequest(h, { grant_type: 'authorization_code', code, redirect_uri: app.redirect_uri }, app);
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as Tokens;
}
