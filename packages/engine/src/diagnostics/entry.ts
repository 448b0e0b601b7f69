// The shape of one diagnostics entry (docs/architecture.md §2.6): for a code tokpost can report,
// where the code comes from, its failure family (docs/field-notes.md §1), how bad it is, whether
// trying again can help, and what to tell the user. A Diagnosis is an entry applied to one
// occurrence: the raw code as received and the log_id TikTok support asks for stay alongside.
import type { ErrorClass } from '@tokpost/tiktok/contract';

/**
 * - tiktok_error: a v2 envelope `error.code` (docs/tiktok-api.md §9)
 * - fail_reason: a publish `fail_reason` from status/fetch or the failure webhook (§8.2)
 * - oauth: an OAuth `error` of the token or revoke endpoints (§2.7)
 * - preflight: a finding of @tokpost/media about a file, before anything reaches TikTok
 * - local: a reason tokpost itself records (the engine's reasons, the client's own codes)
 */
export type DiagnosticSource = 'tiktok_error' | 'fail_reason' | 'oauth' | 'preflight' | 'local';

export const DIAGNOSTIC_SOURCES: readonly DiagnosticSource[] = ['tiktok_error', 'fail_reason', 'oauth', 'preflight', 'local'];

/** The nine failure families of docs/field-notes.md §1, by their stable numbers. */
export type FailureFamily = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * - info: nothing is wrong; a note worth showing.
 * - warning: tokpost copes, or waiting resolves it; the user may want to know.
 * - error: the post did not (or will not) go out until someone acts, or it is lost.
 */
export type DiagnosticSeverity = 'info' | 'warning' | 'error';

interface EntryBase {
  code: string;
  source: DiagnosticSource;
  severity: DiagnosticSeverity;
  /** Whether the same request may succeed later without anyone changing anything. */
  retryable: boolean;
  /** What happened, in plain words, for the user. */
  summary: string;
  /** What the user can do about it. */
  fix: string;
  /** TikTok's own classification from the contract's error catalog (TikTok codes only). */
  errorClass?: ErrorClass;
}

/** A family is required; where none of the nine fits, `familyNote` says why. */
export type DiagnosticEntry = EntryBase & ({ family: FailureFamily; familyNote?: undefined } | { family: null; familyNote: string });

/** Omit applied to each member of a union, so the family/familyNote pairing survives. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The catalog text of one entry, before its code and source are attached. */
export type EntryText = DistributiveOmit<DiagnosticEntry, 'code' | 'source' | 'errorClass'>;

/** The text of a TikTok code: whether it is retryable comes from the contract's class. */
export type TikTokEntryText = DistributiveOmit<EntryText, 'retryable'>;

/** An entry applied to one occurrence of a code. */
export type Diagnosis = DiagnosticEntry & {
  /** False when the code is in no catalog list; the entry is then the generic one. */
  known: boolean;
  /** The code exactly as recorded (`invalid_param`, `http_502`, `preflight.video_fps_too_low`…). */
  rawCode: string;
  /** TikTok's log_id, for its support. */
  logId: string | null;
  httpStatus: number | null;
  /** The recorded message (TikTok's free text or the engine's own), shown as is, never matched on. */
  message: string | null;
};
