// createTikTokClient: the public surface. Wires the contract's endpoints to the HTTP layer (rate
// limiting, typed errors, read retries, outcome-unknown mutations), the OAuth calls, the Display
// API's video list/query, the chunk plan and streaming uploader, and the webhook receiver. Real
// TikTok hosts by default; tests pass the emulator's base URL and, in-process, its fetch handler.
import {
  DEFAULT_BASE_URLS,
  ENDPOINTS,
  UPLOAD_URL_TTL_MS,
  VIDEO_FIELDS,
  contentInitRequestSchema,
  creatorInfoSchema,
  initDataSchema,
  inboxVideoInitRequestSchema,
  statusDataSchema,
  systemClock,
  userInfoDataSchema,
  videoInitRequestSchema,
  videoListDataSchema,
  videoListRequestSchema,
  videoQueryDataSchema,
  videoQueryRequestSchema,
} from '../contract/index.js';
import type { Clock, DataEndpointId, MbUnit, UserField, VideoField, WireVideo } from '../contract/index.js';
import type { z } from 'zod';
import { planChunks } from './chunk-plan.js';
import type { ChunkPlanOptions } from './chunk-plan.js';
import { TikTokError, TikTokOutcomeUnknownError, responseError } from './errors.js';
import { createHttp } from './http.js';
import type { DataCall, DataResult } from './http.js';
import { buildAuthorizeUrl, createOAuthCalls, parseCallback } from './oauth.js';
import type { CallbackInput, OAuthCalls } from './oauth.js';
import { createOAuthState, createPkcePair, defaultRandomBytes } from './pkce.js';
import type { PkceEncoding, PkcePair, RandomBytes } from './pkce.js';
import { createRateLimiter } from './rate-limiter.js';
import type { RateLimiter, RateLimiterOptions } from './rate-limiter.js';
import type { RetryOperation, RetryPolicyOptions } from './retry-policy.js';
import { createFetchUploadTransport, createNodeHttpUploadTransport } from './upload-transport.js';
import type { UploadTransport } from './upload-transport.js';
import { createUploader } from './uploader.js';
import type { UploadOptions, UploadResult } from './uploader.js';
import { createWebhookReceiver, parseWebhookEvent, verifyWebhookSignature } from './webhooks.js';
import type { TikTokWebhookEvent, WebhookDedupeStore, WebhookReceiver, WebhookVerification } from './webhooks.js';
import {
  fromWireCreatorInfo,
  fromWireInit,
  fromWireStatus,
  fromWireUser,
  fromWireVideo,
  toWireFileSource,
  toWirePhotoInit,
  toWireUrlSource,
  toWireVideoPostInfo,
} from './wire-mapping.js';
import type {
  AuthorizeUrlOptions,
  BaseUrls,
  CallbackResult,
  ChunkPlan,
  CreatorInfoResult,
  FetchLike,
  InitResult,
  ListVideosInput,
  PhotoInitInput,
  PublishStatusResult,
  RequestObservation,
  QueryVideosInput,
  UserInfoResult,
  Video,
  VideoListResult,
  VideoPostSettings,
  VideoQueryResult,
  VideoSource,
} from './types.js';

export interface TikTokClientOptions {
  clientKey: string;
  clientSecret: string;
  redirectUri: string;
  /** One URL for both hosts (the emulator), or either host. Defaults to TikTok's. */
  baseUrls?: string | Partial<BaseUrls>;
  fetch?: FetchLike;
  clock?: Clock;
  /** Uniform [0, 1) source for retry jitter. */
  random?: () => number;
  /** Source of random bytes for `state` and PKCE verifiers. */
  randomBytes?: RandomBytes;
  /** A shared limiter, options for the built-in one, or false to turn limiting off. */
  rateLimiter?: RateLimiter | RateLimiterOptions | false;
  /** Real-time limit per API request (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<Record<RetryOperation, Partial<RetryPolicyOptions>>>;
  /** Default bytes per chunk for FILE_UPLOAD plans (default 10,000,000). */
  chunkSize?: number;
  /** How "MB" in TikTok's chunk rules is read (default 'both': valid under either reading). */
  mbUnit?: MbUnit;
  upload?: {
    /**
     * 'node-http' (node:http/https, the default: fastest and flat memory, see bench/client-upload),
     * 'fetch' (through `fetch`; the default when a custom `fetch` is injected, e.g. the emulator's
     * in-process handler), or a custom transport.
     */
    transport?: 'fetch' | 'node-http' | UploadTransport;
    chunkTimeoutMs?: number;
  };
  webhooks?: { toleranceSec?: number; dedupe?: WebhookDedupeStore };
  /** Observer of every HTTP exchange (for attempt logs). Receives no secrets. */
  onRequest?: (o: RequestObservation) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export type UploadVideoOptions = Omit<UploadOptions, 'uploadUrl' | 'plan' | 'expiresAt'> &
  ({ init: InitResult } | { uploadUrl: string; plan: ChunkPlan; expiresAt?: number });

export interface TikTokClient {
  readonly clientKey: string;
  readonly baseUrls: Readonly<BaseUrls>;

  authorizeUrl(options: AuthorizeUrlOptions): string;
  /** An unguessable `state` for the authorize URL. */
  createState(): string;
  createPkce(encoding?: PkceEncoding): PkcePair;
  parseCallback(input: CallbackInput, expect?: { state?: string; requestedScopes?: readonly string[] }): CallbackResult;
  exchangeCode: OAuthCalls['exchangeCode'];
  refreshToken: OAuthCalls['refreshToken'];
  revokeToken: OAuthCalls['revokeToken'];
  clientToken: OAuthCalls['clientToken'];

  getUserInfo(accessToken: string, fields?: readonly UserField[], options?: CallOptions): Promise<UserInfoResult>;
  queryCreatorInfo(accessToken: string, options?: CallOptions): Promise<CreatorInfoResult>;
  initDirectVideo(accessToken: string, input: { postInfo: VideoPostSettings; source: VideoSource }, options?: CallOptions): Promise<InitResult>;
  initInboxVideo(accessToken: string, input: { source: VideoSource }, options?: CallOptions): Promise<InitResult>;
  initPhoto(accessToken: string, input: PhotoInitInput, options?: CallOptions): Promise<InitResult>;
  fetchStatus(accessToken: string, publishId: string, options?: CallOptions): Promise<PublishStatusResult>;
  cancelPublish(accessToken: string, publishId: string, options?: CallOptions): Promise<{ logId: string | undefined }>;
  /** Display API video/list (needs `video.list`): one page of the creator's videos, newest first. */
  listVideos(accessToken: string, input?: ListVideosInput, options?: CallOptions): Promise<VideoListResult>;
  /** Display API video/query (needs `video.list`): the creator's own videos among up to 20 ids. */
  queryVideos(accessToken: string, input: QueryVideosInput, options?: CallOptions): Promise<VideoQueryResult>;

  planChunks(videoSize: number, options?: ChunkPlanOptions): ChunkPlan;
  uploadVideo(options: UploadVideoOptions): Promise<UploadResult>;

  webhooks: WebhookReceiver & {
    verify(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): WebhookVerification;
    parse(rawBody: string | Uint8Array): TikTokWebhookEvent;
  };
}

export const DEFAULT_USER_FIELDS: readonly UserField[] = ['open_id', 'union_id', 'avatar_url', 'display_name'];
/** Every VideoObject field (docs/tiktok-api.md §17); they all come with the one `video.list` scope. */
export const DEFAULT_VIDEO_FIELDS: readonly VideoField[] = VIDEO_FIELDS;

/** The `fields` sent to the Display API: `id` first and always, so every video can be matched. */
function videoFields(fields: readonly VideoField[]): VideoField[] {
  if (fields.length === 0) throw new TypeError('at least one video field is required');
  return [...new Set<VideoField>(['id', ...fields])];
}

function resolveBaseUrls(b: TikTokClientOptions['baseUrls']): BaseUrls {
  if (typeof b === 'string') return { auth: b, api: b };
  return { auth: b?.auth ?? DEFAULT_BASE_URLS.auth, api: b?.api ?? DEFAULT_BASE_URLS.api };
}

function localValidation(endpoint: DataEndpointId, error: z.ZodError): TikTokError {
  const what = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return new TikTokError({ code: 'invalid_params', message: `TikTok ${endpoint}: not sent, the request is invalid — ${what}`, errorClass: 'permanent', endpoint });
}

export function createTikTokClient(options: TikTokClientOptions): TikTokClient {
  if (!options.clientKey || !options.clientSecret) throw new TypeError('clientKey and clientSecret are required');
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const randomBytes = options.randomBytes ?? defaultRandomBytes;
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const baseUrls = resolveBaseUrls(options.baseUrls);
  const rl = options.rateLimiter;
  const rateLimiter = rl === false ? undefined : rl && 'acquire' in rl ? rl : createRateLimiter({ clock, ...rl });
  const unit = options.mbUnit ?? 'both';

  const http = createHttp({ fetch: fetchFn, clock, random, rateLimiter, baseUrls, timeoutMs: options.timeoutMs ?? 30_000, retry: options.retry, onRequest: options.onRequest });
  const oauth = createOAuthCalls({ clientKey: options.clientKey, clientSecret: options.clientSecret, redirectUri: options.redirectUri, authBaseUrl: baseUrls.auth, http, clock });

  const t = options.upload?.transport ?? (options.fetch ? 'fetch' : 'node-http');
  const transport = t === 'node-http' ? createNodeHttpUploadTransport() : t === 'fetch' ? createFetchUploadTransport(fetchFn) : t;
  const uploader = createUploader({ transport, clock, random, retry: options.retry?.upload_chunk, chunkTimeoutMs: options.upload?.chunkTimeoutMs });

  const receiver = createWebhookReceiver({
    clientSecret: options.clientSecret,
    clientKey: options.clientKey,
    clock,
    toleranceSec: options.webhooks?.toleranceSec,
    dedupe: options.webhooks?.dedupe,
  });

  const plan = (videoSize: number, o?: ChunkPlanOptions) => planChunks(videoSize, { chunkSize: o?.chunkSize ?? options.chunkSize, unit: o?.unit ?? unit });

  /** Calls an init endpoint and reads `{publish_id, upload_url}`; an unreadable success is "outcome unknown". */
  async function init(call: DataCall, chunkPlan: ChunkPlan | undefined): Promise<InitResult> {
    const res: DataResult = await http.callData(call);
    const parsed = initDataSchema.safeParse(res.data);
    if (!parsed.success || (chunkPlan && !parsed.data.upload_url)) {
      throw new TikTokOutcomeUnknownError({
        message: `TikTok ${call.endpoint}: answered ok without a usable publish_id${chunkPlan ? '/upload_url' : ''}`,
        logId: res.logId,
        httpStatus: res.httpStatus,
        endpoint: call.endpoint,
        sentRequest: { endpoint: call.endpoint, method: 'POST', path: ENDPOINTS[call.endpoint].path, body: call.body, sentAt: res.sentAt },
      });
    }
    const out = fromWireInit(parsed.data, res.logId);
    if (chunkPlan) {
      out.chunkPlan = chunkPlan;
      out.uploadExpiresAt = res.sentAt + UPLOAD_URL_TTL_MS;
    }
    return out;
  }

  function videoSource(source: VideoSource) {
    if (source.source === 'PULL_FROM_URL') return { wire: toWireUrlSource(source.videoUrl), chunkPlan: undefined };
    const chunkPlan = plan(source.videoSize, source.chunkSize === undefined ? undefined : { chunkSize: source.chunkSize });
    return { wire: toWireFileSource(chunkPlan), chunkPlan };
  }

  function videos(endpoint: DataEndpointId, res: DataResult, wire: WireVideo[]): Video[] {
    return wire.map((w) => {
      const v = fromWireVideo(w);
      if (!v) throw responseError({ endpoint, httpStatus: res.httpStatus, body: undefined }, 'a video has no id');
      return v;
    });
  }

  function data<S extends z.ZodType>(endpoint: DataEndpointId, res: DataResult, schema: S): z.infer<S> {
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) throw responseError({ endpoint, httpStatus: res.httpStatus, body: undefined }, 'the data does not match the documented shape');
    return parsed.data;
  }

  return {
    clientKey: options.clientKey,
    baseUrls,

    authorizeUrl: (o) => buildAuthorizeUrl({ clientKey: options.clientKey, redirectUri: options.redirectUri, authBaseUrl: baseUrls.auth }, o),
    createState: () => createOAuthState(randomBytes),
    createPkce: (encoding) => createPkcePair({ encoding, random: randomBytes }),
    parseCallback: (input, expect) => parseCallback(input, expect),
    exchangeCode: oauth.exchangeCode,
    refreshToken: oauth.refreshToken,
    revokeToken: oauth.revokeToken,
    clientToken: oauth.clientToken,

    async getUserInfo(accessToken, fields = DEFAULT_USER_FIELDS, o) {
      if (fields.length === 0) throw new TypeError('at least one user field is required');
      const res = await http.callData({ endpoint: 'user_info', accessToken, operation: 'read', query: { fields: fields.join(',') }, signal: o?.signal });
      return { user: fromWireUser(data('user_info', res, userInfoDataSchema).user), fields, logId: res.logId };
    },

    async queryCreatorInfo(accessToken, o) {
      const res = await http.callData({ endpoint: 'creator_info', accessToken, operation: 'read', body: {}, signal: o?.signal });
      return fromWireCreatorInfo(data('creator_info', res, creatorInfoSchema), res.logId);
    },

    async initDirectVideo(accessToken, input, o) {
      const { wire, chunkPlan } = videoSource(input.source);
      const body = { post_info: toWireVideoPostInfo(input.postInfo), source_info: wire };
      const check = videoInitRequestSchema.safeParse(body);
      if (!check.success) throw localValidation('video_init', check.error);
      return init({ endpoint: 'video_init', accessToken, operation: 'mutation', body, signal: o?.signal }, chunkPlan);
    },

    async initInboxVideo(accessToken, input, o) {
      const { wire, chunkPlan } = videoSource(input.source);
      const body = { source_info: wire };
      const check = inboxVideoInitRequestSchema.safeParse(body);
      if (!check.success) throw localValidation('inbox_video_init', check.error);
      return init({ endpoint: 'inbox_video_init', accessToken, operation: 'mutation', body, signal: o?.signal }, chunkPlan);
    },

    async initPhoto(accessToken, input, o) {
      const body = toWirePhotoInit(input);
      const check = contentInitRequestSchema.safeParse(body);
      if (!check.success) throw localValidation('content_init', check.error);
      return init({ endpoint: 'content_init', accessToken, operation: 'mutation', body, signal: o?.signal }, undefined);
    },

    async fetchStatus(accessToken, publishId, o) {
      const res = await http.callData({ endpoint: 'status_fetch', accessToken, operation: 'read', body: { publish_id: publishId }, signal: o?.signal });
      return fromWireStatus(data('status_fetch', res, statusDataSchema), res.logId);
    },

    async cancelPublish(accessToken, publishId, o) {
      const res = await http.callData({ endpoint: 'cancel', accessToken, operation: 'mutation', body: { publish_id: publishId }, signal: o?.signal });
      return { logId: res.logId };
    },

    async listVideos(accessToken, input = {}, o) {
      const fields = videoFields(input.fields ?? DEFAULT_VIDEO_FIELDS);
      const body: Record<string, number> = {};
      if (input.cursor !== undefined) body['cursor'] = input.cursor;
      if (input.maxCount !== undefined) body['max_count'] = input.maxCount;
      const check = videoListRequestSchema.safeParse(body);
      if (!check.success) throw localValidation('video_list', check.error);
      const res = await http.callData({ endpoint: 'video_list', accessToken, operation: 'read', query: { fields: fields.join(',') }, body, signal: o?.signal });
      const d = data('video_list', res, videoListDataSchema);
      return { videos: videos('video_list', res, d.videos), cursor: d.cursor, hasMore: d.has_more, fields, logId: res.logId };
    },

    async queryVideos(accessToken, input, o) {
      const fields = videoFields(input.fields ?? DEFAULT_VIDEO_FIELDS);
      const body = { filters: { video_ids: [...input.videoIds] } };
      const check = videoQueryRequestSchema.safeParse(body);
      if (!check.success) throw localValidation('video_query', check.error);
      const res = await http.callData({ endpoint: 'video_query', accessToken, operation: 'read', query: { fields: fields.join(',') }, body, signal: o?.signal });
      const d = data('video_query', res, videoQueryDataSchema);
      return { videos: videos('video_query', res, d.videos), fields, logId: res.logId };
    },

    planChunks: plan,

    uploadVideo(o) {
      const { uploadUrl, plan: chunkPlan, expiresAt } =
        'init' in o
          ? { uploadUrl: o.init.uploadUrl, plan: o.init.chunkPlan, expiresAt: o.init.uploadExpiresAt }
          : { uploadUrl: o.uploadUrl, plan: o.plan, expiresAt: o.expiresAt };
      if (!uploadUrl || !chunkPlan) return Promise.reject(new TypeError('uploadVideo needs a FILE_UPLOAD init result (upload URL and chunk plan)'));
      return uploader.upload({ ...o, uploadUrl, plan: chunkPlan, expiresAt });
    },

    webhooks: {
      receive: receiver.receive,
      verify: (rawBody, signatureHeader) =>
        verifyWebhookSignature({ clientSecret: options.clientSecret, signatureHeader, rawBody, nowMs: clock.now(), toleranceSec: options.webhooks?.toleranceSec }),
      parse: parseWebhookEvent,
    },
  };
}
