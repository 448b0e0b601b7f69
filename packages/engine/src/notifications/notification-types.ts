// What tokpost tells people about (docs/notifications.md): the kinds of notification, the endpoints
// they go to, and the log of what was raised and how each delivery went.
export const NOTIFICATION_TYPES = [
  'post_failed',
  'post_held',
  'post_missed',
  'post_moved',
  'post_published',
  'post_stuck',
  'inbox_reminder',
  'refresh_token_expiring',
  'account_needs_reconnect',
  'no_worker_alive',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** What an endpoint receives when it names no list of its own: everything but successes. */
export const DEFAULT_ENDPOINT_TYPES: readonly NotificationType[] = NOTIFICATION_TYPES.filter((t) => t !== 'post_published');

export type EndpointKind = 'webhook' | 'email';

/** An endpoint as stored: a webhook's secret in clear only in memory (the store seals it). */
export interface NotificationEndpoint {
  id: string;
  kind: EndpointKind;
  /** Webhook URL (kind 'webhook'). */
  url: string | null;
  /** Recipient address (kind 'email'). */
  to: string | null;
  secret: string | null;
  /** The types it receives (null: DEFAULT_ENDPOINT_TYPES). */
  types: NotificationType[] | null;
  createdAt: number;
}

export interface NotificationEvent {
  id: string;
  type: NotificationType;
  /** One event per key: raising the same key again changes nothing (e.g. `post_stuck:<post>:<seq>`). */
  dedupeKey: string;
  at: number;
  accountId: string | null;
  postId: string | null;
  /** One line a person reads first (email subject, chat message). */
  summary: string;
  /** The type's own fields (docs/notifications.md §2). */
  data: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

export interface NotificationDelivery {
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  /** Tries so far. */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: number | null;
  deliveredAt: number | null;
}

/** A worker's liveness row: written while it runs, removed when it stops gracefully. */
export interface WorkerHeartbeat {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  lastBeatAt: number;
}

export function endpointReceives(endpoint: Pick<NotificationEndpoint, 'types'>, type: NotificationType): boolean {
  return (endpoint.types ?? DEFAULT_ENDPOINT_TYPES).includes(type);
}
