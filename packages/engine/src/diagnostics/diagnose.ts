// diagnose(): one recorded code → what to show the user (docs/architecture.md §2.6). Known codes
// get their catalog entry; an unknown one gets a generic entry whose text keeps the raw code and
// TikTok's log_id, since those are what TikTok support asks for (docs/tiktok-api.md §8.2: an
// unknown fail_reason is shown as unknown, never mapped to a guess). It never throws: a diagnosis
// is shown next to a failure, and must not become one.
import { lookupEntry } from './catalog.js';
import type { DiagnosticEntry, DiagnosticSource, Diagnosis } from './entry.js';

export interface DiagnoseInput {
  /** Where the code came from, when known; without it every source is searched (LOOKUP_ORDER). */
  source?: DiagnosticSource;
  code: string;
  logId?: string | null;
  httpStatus?: number | null;
  message?: string | null;
}

const PREFLIGHT_PREFIX = 'preflight.';
const HTTP_CODE = /^http_(\d{3})$/;

const SOURCE_WORDS: Record<DiagnosticSource, string> = {
  tiktok_error: 'TikTok error code',
  fail_reason: 'TikTok failure reason',
  oauth: 'TikTok sign-in error',
  preflight: 'media check',
  local: 'tokpost reason',
};

function unknownEntry(code: string, source: DiagnosticSource | undefined, logId: string | null, httpStatus: number | null): DiagnosticEntry {
  const what = source ? SOURCE_WORDS[source] : 'code';
  const shown = code === '' ? 'an empty code' : `"${code}"`;
  const facts = [httpStatus !== null ? `HTTP ${httpStatus}` : null, logId ? `log_id ${logId}` : null].filter((f): f is string => f !== null);
  const where = facts.length > 0 ? ` (${facts.join(', ')})` : '';
  const support = logId ? `Quote the code and log_id ${logId} to TikTok developer support, or report them to the tokpost maintainers.` : 'Report the code to the tokpost maintainers.';
  return {
    code,
    source: source ?? 'local',
    family: null,
    familyNote: 'The code is not in the catalog, so its family is unknown.',
    severity: 'error',
    retryable: false,
    summary: `tokpost does not know the ${what} ${shown}${where}. TikTok’s message, if any, is shown with it.`,
    fix: `Read the message shown with it. ${support}`,
  };
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const rawCode = typeof input.code === 'string' ? input.code : String(input.code ?? '');
  const logId = text(input.logId);
  const httpStatus = typeof input.httpStatus === 'number' && Number.isFinite(input.httpStatus) ? input.httpStatus : null;
  const message = text(input.message);

  let code = rawCode;
  let source = input.source;
  // Post warnings name findings as `preflight.<code>` (services/posts-service.ts).
  if (code.startsWith(PREFLIGHT_PREFIX)) {
    code = code.slice(PREFLIGHT_PREFIX.length);
    source = 'preflight';
  }
  const http = HTTP_CODE.exec(code);
  if (http) code = 'http_error';

  const entry = lookupEntry(code, source);
  if (!entry) return { ...unknownEntry(rawCode, source, logId, httpStatus), known: false, rawCode, logId, httpStatus, message };
  return { ...entry, known: true, rawCode, logId, httpStatus: httpStatus ?? (http ? Number(http[1]) : null), message };
}
