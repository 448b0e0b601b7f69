// The one catalog of HTTP error codes (docs/architecture.md §4.4): every error the API answers has a
// stable `ERR_*` code from here, with its status and a default message. The CLI and UI draw on the
// same codes, so a code never changes meaning once shipped.
export const ERROR_CATALOG = {
  ERR_VALIDATION: { status: 400, message: 'The request is not valid.' },
  ERR_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ERR_UNAUTHORIZED: { status: 401, message: 'An API key is needed: send `Authorization: Bearer tp_…`.' },
  ERR_NOT_FOUND: { status: 404, message: 'Nothing exists at this address.' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not supported here.' },
  ERR_CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  ERR_GONE: { status: 410, message: 'This link has expired or was revoked.' },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  ERR_URI_TOO_LONG: { status: 414, message: 'The address is too long: a path segment is over 100 characters.' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  ERR_RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested range lies outside the file.' },
  ERR_LOCKED: { status: 423, message: 'The resource is busy; try again shortly.' },
  ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  ERR_INTERNAL: { status: 500, message: 'Something went wrong on the server; the log has the details.' },
  ERR_UNAVAILABLE: { status: 503, message: 'The server cannot serve requests right now.' },
  // Asking TikTok while the caller waits (creator info for a composer, posts.create's rules).
  ERR_ACCOUNT_NEEDS_RECONNECT: { status: 409, message: 'The TikTok account must be connected again.' },
  ERR_CREATOR_CANNOT_POST: { status: 409, message: 'TikTok says the creator cannot post right now; try again later.' },
  ERR_TIKTOK_UNAVAILABLE: { status: 502, message: 'TikTok could not answer right now; try again shortly.' },
  // URL imports (POST /api/media/import, docs/security.md): each refusal names the setting that governs it.
  ERR_IMPORT_ADDRESS_REFUSED: { status: 422, message: 'The URL leads to a private, loopback or link-local address; only public addresses are fetched unless TOKPOST_IMPORT_ALLOWED_RANGES allows the range.' },
  ERR_IMPORT_TOO_LARGE: { status: 413, message: 'The file at the URL is larger than TOKPOST_IMPORT_MAX_BYTES.' },
  ERR_IMPORT_TIMEOUT: { status: 422, message: 'The download did not finish within TOKPOST_IMPORT_TIMEOUT_MS.' },
  ERR_IMPORT_FAILED: { status: 422, message: 'The file could not be fetched from the URL.' },
  // The TikTok webhook receiver (POST /api/webhooks/tiktok). TikTok retries anything but a 200.
  ERR_WEBHOOK_SIGNATURE: { status: 401, message: "The webhook is not signed with the app's client secret." },
  ERR_WEBHOOK_STALE: { status: 400, message: "The webhook's signature timestamp is more than 5 minutes from now." },
  ERR_WEBHOOK_REPLAYED: { status: 409, message: 'This webhook delivery was received before.' },
  ERR_WEBHOOK_UNKNOWN_APP: { status: 404, message: 'No TikTok app with this client key is registered.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface ErrorIssue {
  field: string;
  message: string;
  /** The rule refused, when one is named (TikTok's composer rules on POST /api/posts). */
  rule?: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[] };
}

/** An error a handler throws on purpose; the error handler answers it as is. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOG[code].message,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.status = ERROR_CATALOG[code].status;
  }
}

export function errorBody(code: ErrorCode, message: string = ERROR_CATALOG[code].message, issues?: ErrorIssue[]): ErrorBody {
  return { error: { code, message, ...(issues && issues.length > 0 ? { issues } : {}) } };
}
