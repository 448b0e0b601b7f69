// Table shapes as Kysely sees them. One schema for SQLite and PostgreSQL: times are epoch
// milliseconds in bigint columns, flags are integers 0/1, lists and objects are JSON text, ids are
// text. Secrets are stored sealed (`*_enc` columns; crypto/secret-box.ts).
export interface AppsTable {
  id: string;
  client_key: string;
  client_secret_enc: string;
  audited: number;
  verified_url_prefixes: string;
  active_creator_cap: number | null;
  created_at: number;
  updated_at: number;
}

export interface AccountPoliciesTable {
  account_id: string;
  daily_post_cap: number | null;
  learned_post_cap: number | null;
  learned_cap_at: number | null;
  paused_until: number | null;
  paused_reason: string | null;
  cap_policy: string | null;
  creator_info: string | null;
  creator_info_at: number | null;
  updated_at: number;
}

export interface AccountsTable {
  id: string;
  app_id: string;
  open_id: string;
  username: string;
  nickname: string;
  avatar_url: string;
  scopes: string;
  access_token_enc: string;
  refresh_token_enc: string;
  access_expires_at: number;
  refresh_expires_at: number;
  status: string;
  status_reason: string | null;
  status_message: string | null;
  status_changed_at: number;
  last_refresh_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MediaAssetsTable {
  id: string;
  path: string;
  size_bytes: number;
  sha256: string;
  kind: string;
  content_type: string | null;
  probe: string;
  findings: string;
  created_at: number;
}

export interface PostsTable {
  id: string;
  account_id: string;
  kind: string;
  title: string;
  description: string;
  privacy_level: string | null;
  allow_comment: number;
  allow_duet: number;
  allow_stitch: number;
  brand_organic: number;
  brand_content: number;
  ai_generated: number;
  mode: string;
  source: string;
  photo_cover_index: number;
  video_cover_timestamp_ms: number | null;
  auto_add_music: number;
  scheduled_at: number | null;
  publish_if_late: number;
  state: string;
  state_reason: string | null;
  state_message: string | null;
  version: number;
  publish_id: string | null;
  tiktok_post_ids: string;
  share_url: string | null;
  tiktok_video_id: string | null;
  embed_link: string | null;
  confirmed_at: number | null;
  init_started_at: number | null;
  published_at: number | null;
  init_count: number;
  created_at: number;
  updated_at: number;
}

export interface PostMediaTable {
  post_id: string;
  position: number;
  media_id: string;
}

export interface PostEventsTable {
  post_id: string;
  /** 1, 2, 3… per post: the order of events that share a millisecond. */
  seq: number;
  at: number;
  from_state: string | null;
  to_state: string;
  actor: string;
  reason: string | null;
  message: string | null;
  detail: string | null;
}

export interface AttemptsTable {
  id: string;
  post_id: string | null;
  account_id: string | null;
  kind: string;
  endpoint: string;
  started_at: number;
  finished_at: number | null;
  duration_ms: number | null;
  request_summary: string;
  http_status: number | null;
  error_code: string | null;
  fail_reason: string | null;
  log_id: string | null;
  outcome: string;
  message: string | null;
  publish_id: string | null;
  source: string | null;
  upload_url_enc: string | null;
  upload_expires_at: number | null;
  video_size: number | null;
  chunk_size: number | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  group_key: string | null;
  post_id: string | null;
  account_id: string | null;
  run_at: number;
  attempts: number;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  payload: string;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookEventsTable {
  idempotency_key: string;
  event: string;
  received_at: number;
  account_id: string | null;
  publish_id: string | null;
  payload: string;
  processed_at: number | null;
  outcome: string | null;
}

export interface MediaTokensTable {
  token_hash: string;
  post_id: string;
  attempt_id: string;
  expires_at: number;
  revoked_at: number | null;
  first_used_at: number | null;
  created_at: number;
}

export interface RateLimitHitsTable {
  key: string;
  at: number;
}

export interface EngineMetaTable {
  key: string;
  value: string;
}

export interface NotificationEndpointsTable {
  id: string;
  kind: string;
  url: string | null;
  to_address: string | null;
  secret_enc: string | null;
  types: string | null;
  created_at: number;
}

export interface NotificationEventsTable {
  id: string;
  dedupe_key: string;
  type: string;
  at: number;
  account_id: string | null;
  post_id: string | null;
  summary: string;
  data: string;
}

export interface NotificationDeliveriesTable {
  event_id: string;
  endpoint_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
  created_at: number;
}

export interface WorkerHeartbeatsTable {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  last_beat_at: number;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface OAuthStatesTable {
  id: string;
  state_hash: string;
  app_id: string;
  code_verifier_enc: string;
  redirect_uri: string;
  /** JSON array of the scopes asked for. */
  scopes: string;
  account_id: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface MediaUploadsTable {
  id: string;
  file_name: string;
  declared_size: number;
  received_bytes: number;
  temp_path: string;
  media_id: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

export interface MediaFixesTable {
  id: string;
  media_id: string;
  status: string;
  progress: number;
  fixed_media_id: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookSignaturesTable {
  signature_hash: string;
  received_at: number;
}

export interface Database {
  apps: AppsTable;
  accounts: AccountsTable;
  media_assets: MediaAssetsTable;
  posts: PostsTable;
  post_media: PostMediaTable;
  post_events: PostEventsTable;
  attempts: AttemptsTable;
  account_policies: AccountPoliciesTable;
  jobs: JobsTable;
  webhook_events: WebhookEventsTable;
  media_tokens: MediaTokensTable;
  rate_limit_hits: RateLimitHitsTable;
  engine_meta: EngineMetaTable;
  notification_endpoints: NotificationEndpointsTable;
  notification_events: NotificationEventsTable;
  notification_deliveries: NotificationDeliveriesTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  api_keys: ApiKeysTable;
  oauth_states: OAuthStatesTable;
  media_uploads: MediaUploadsTable;
  media_fixes: MediaFixesTable;
  webhook_signatures: WebhookSignaturesTable;
}
