// Diagnostics for the codes @tokpost/tiktok's client assigns itself when TikTok gave no code of its
// own: transport failures, answers it could not read, lost answers to a publish, upload faults and
// the checks of the connect flow (docs/architecture.md §4.4). The engine records them on attempts
// and, when it retries later, as a post's reason. `http_error` stands for the client's `http_<status>`
// codes (a 4xx without a TikTok body; a bare 5xx is reported as internal_error); diagnose() maps
// those onto it.
import type { DiagnosticEntry, EntryText } from './entry.js';

const TRANSIENT = 'A passing fault between tokpost and TikTok, not one of the field families.';
const UPLOAD_AGAIN = 'Retry the post: it starts a fresh upload. If it keeps failing, report it with the log_id.';

const TEXTS: Readonly<Record<string, EntryText>> = {
  network_error: {
    family: null,
    familyNote: TRANSIENT,
    severity: 'warning',
    retryable: true,
    summary: 'tokpost could not reach TikTok (the connection was refused, reset or could not be resolved).',
    fix: 'Nothing to do if it passes: tokpost tries again. If it lasts, check the server’s internet connection and DNS.',
  },
  timeout: {
    family: null,
    familyNote: TRANSIENT,
    severity: 'warning',
    retryable: true,
    summary: 'TikTok did not answer in time.',
    fix: 'Nothing to do for reads: tokpost tries again. A publish request that timed out is checked with TikTok before anything is sent again.',
  },
  invalid_response: {
    family: null,
    familyNote: 'An answer tokpost could not read is a TikTok-side or transport fault, not a field family.',
    severity: 'warning',
    retryable: true,
    summary: 'TikTok answered with something tokpost could not read.',
    fix: 'Nothing to do if it passes. If it lasts, report it to the tokpost maintainers with the time it happened.',
  },
  http_error: {
    family: null,
    familyNote: 'A bare HTTP error says too little to place it in a family.',
    severity: 'warning',
    retryable: false,
    summary: 'TikTok refused the request with a bare HTTP error and no explanation of its own.',
    fix: 'Report the HTTP status and the time to the tokpost maintainers; a proxy between tokpost and TikTok can also cause this.',
  },
  outcome_unknown: {
    family: 8,
    severity: 'warning',
    retryable: false,
    summary: 'The answer to a publish request was lost, so it is unknown whether TikTok accepted it. Sending it again could post twice.',
    fix: 'Nothing to do yet: tokpost asks TikTok what became of it before sending anything again.',
  },
  scopes_missing: {
    family: 7,
    severity: 'error',
    retryable: false,
    summary: 'The creator connected the account but left some requested permissions unticked.',
    fix: 'Connect the account again and leave every requested permission ticked on TikTok’s consent page.',
  },
  state_mismatch: {
    family: null,
    familyNote: 'A safety check of tokpost’s own connect flow, not a TikTok failure.',
    severity: 'error',
    retryable: false,
    summary: 'The answer from TikTok’s sign-in page did not belong to the connection tokpost started, so it was refused for safety.',
    fix: 'Start connecting the account again from tokpost, in one browser tab.',
  },
  invalid_webhook: {
    family: null,
    familyNote: 'A notification tokpost refused; the post it concerns is still tracked by polling.',
    severity: 'warning',
    retryable: false,
    summary: 'A notification claiming to come from TikTok was refused: its signature, time or content did not check out.',
    fix: 'Check that the app’s client secret in tokpost is current. A single refusal can be ignored; posts are still tracked by asking TikTok directly.',
  },
  upload_window_expired: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'The upload did not finish within the hour TikTok gives it, so the upload link stopped working.',
    fix: 'Retry from a faster connection, make the file smaller, or have TikTok download it from a verified URL instead.',
  },
  upload_window_insufficient: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'At the measured speed the rest of the upload could not arrive before TikTok’s one-hour upload link expires, so tokpost stopped it early.',
    fix: 'Retry from a faster connection, make the file smaller, or have TikTok download it from a verified URL instead.',
  },
  upload_resync_impossible: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'TikTok asked to resend part of the file that tokpost could no longer read again.',
    fix: UPLOAD_AGAIN,
  },
  upload_protocol_error: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'TikTok’s answers during the upload did not follow its own rules (it reported the file complete too early, or not at all).',
    fix: UPLOAD_AGAIN,
  },
  upload_range_mismatch: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'TikTok kept reporting upload progress that did not match what tokpost had sent.',
    fix: UPLOAD_AGAIN,
  },
  upload_not_found: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'TikTok no longer knows the upload (it was cancelled or its link is unknown).',
    fix: UPLOAD_AGAIN,
  },
  upload_rejected: {
    family: 5,
    severity: 'error',
    retryable: false,
    summary: 'TikTok refused a part of the upload.',
    fix: UPLOAD_AGAIN,
  },
};

export const CLIENT_CODE_ENTRIES: readonly DiagnosticEntry[] = Object.entries(TEXTS).map(([code, text]) => ({ ...text, code, source: 'local' as const }));
