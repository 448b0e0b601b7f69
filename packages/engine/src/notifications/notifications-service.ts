// What callers use (the REST API, the CLI): endpoints to create, list and remove, the notification
// log with each delivery's status, and liveness. A webhook's secret is shown once, in the answer to
// create (generated when not given); views never carry it (docs/architecture.md §4.8).
import type { EngineDeps } from '../engine-deps.js';
import { invalidInput, notFound, type Issue } from '../errors.js';
import { checkLiveness, type Liveness } from './liveness.js';
import { DEFAULT_ENDPOINT_TYPES, NOTIFICATION_TYPES, type DeliveryStatus, type NotificationEndpoint, type NotificationType } from './notification-types.js';

export type EndpointInput =
  | { kind: 'webhook'; url: string; secret?: string; events?: NotificationType[] }
  | { kind: 'email'; to: string; events?: NotificationType[] };

export interface EndpointView {
  id: string;
  kind: NotificationEndpoint['kind'];
  url: string | null;
  to: string | null;
  /** Whether deliveries are signed; the secret itself is never shown again. */
  signed: boolean;
  events: NotificationType[];
  createdAt: number;
}

export interface EventView {
  id: string;
  type: NotificationType;
  at: number;
  summary: string;
  accountId: string | null;
  postId: string | null;
  data: Record<string, unknown>;
  deliveries: Array<{ endpointId: string; status: DeliveryStatus; attempts: number; lastError: string | null; lastAttemptAt: number | null; deliveredAt: number | null }>;
}

export interface NotificationsService {
  endpoints: {
    /** The created endpoint, and a webhook's signing secret (the only time it is shown). */
    create(input: EndpointInput): Promise<{ endpoint: EndpointView; secret: string | null }>;
    list(): Promise<EndpointView[]>;
    remove(id: string): Promise<void>;
  };
  events: {
    /** Newest first; pass `nextCursor` back for the next page. */
    list(o?: { cursor?: string; limit?: number }): Promise<{ events: EventView[]; nextCursor: string | null }>;
  };
  /** Which workers beat lately; raises and delivers `no_worker_alive` when none did. */
  liveness(): Promise<Liveness>;
}

export function viewEndpoint(e: NotificationEndpoint): EndpointView {
  return { id: e.id, kind: e.kind, url: e.url, to: e.to, signed: e.secret !== null, events: [...(e.types ?? DEFAULT_ENDPOINT_TYPES)], createdAt: e.createdAt };
}

function validate(input: EndpointInput): Issue[] {
  const issues: Issue[] = [];
  if (input.kind === 'webhook') {
    let url: URL | undefined;
    try {
      url = new URL(input.url);
    } catch {
      issues.push({ field: 'url', message: 'must be an absolute http(s) URL' });
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') issues.push({ field: 'url', message: 'must be an http(s) URL' });
    if (input.secret !== undefined && input.secret.length < 16) issues.push({ field: 'secret', message: 'must be at least 16 characters' });
  } else if (input.kind === 'email') {
    if (!/^[^\s@]+@[^\s@]+$/.test(input.to ?? '')) issues.push({ field: 'to', message: 'must be an email address' });
  } else {
    issues.push({ field: 'kind', message: "must be 'webhook' or 'email'" });
  }
  for (const t of input.events ?? []) {
    if (!NOTIFICATION_TYPES.includes(t)) issues.push({ field: 'events', message: `unknown event type ${String(t)}; known: ${NOTIFICATION_TYPES.join(', ')}` });
  }
  return issues;
}

const encodeCursor = (at: number, id: string) => Buffer.from(`${at}:${id}`).toString('base64url');

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!at || !id || !Number.isFinite(Number(at))) throw invalidInput([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
  return { at: Number(at), id };
}

export function createNotificationsService(deps: EngineDeps): NotificationsService {
  const { store, clock, ids } = deps;
  return {
    endpoints: {
      async create(input) {
        const issues = validate(input);
        if (issues.length > 0) throw invalidInput(issues);
        const secret = input.kind === 'webhook' ? (input.secret ?? `whsec_${ids.secret(24)}`) : null;
        const endpoint: NotificationEndpoint = {
          id: ids.next('nep'),
          kind: input.kind,
          url: input.kind === 'webhook' ? input.url : null,
          to: input.kind === 'email' ? input.to : null,
          secret,
          types: input.events ? [...new Set(input.events)] : null,
          createdAt: clock.now(),
        };
        await store.notificationEndpoints.insert(endpoint);
        return { endpoint: viewEndpoint(endpoint), secret };
      },
      list: async () => (await store.notificationEndpoints.list()).map(viewEndpoint),
      async remove(id) {
        if (!(await store.notificationEndpoints.remove(id))) throw notFound('notification endpoint', id);
      },
    },
    events: {
      async list(o = {}) {
        const limit = Math.min(Math.max(1, o.limit ?? 50), 200);
        const events = await store.notifications.list({ before: o.cursor ? decodeCursor(o.cursor) : undefined, limit });
        const deliveries = await store.notifications.deliveriesOf(events.map((e) => e.id));
        const views = events.map(
          (e): EventView => ({
            id: e.id,
            type: e.type,
            at: e.at,
            summary: e.summary,
            accountId: e.accountId,
            postId: e.postId,
            data: e.data,
            deliveries: deliveries
              .filter((d) => d.eventId === e.id)
              .map((d) => ({ endpointId: d.endpointId, status: d.status, attempts: d.attempts, lastError: d.lastError, lastAttemptAt: d.lastAttemptAt, deliveredAt: d.deliveredAt })),
          }),
        );
        const last = events.at(-1);
        return { events: views, nextCursor: events.length === limit && last ? encodeCursor(last.at, last.id) : null };
      },
    },
    liveness: () => checkLiveness(deps),
  };
}
