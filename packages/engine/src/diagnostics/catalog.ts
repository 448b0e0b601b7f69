// The diagnostics catalog (docs/architecture.md §2.6): every code tokpost can report, from each
// source, with its family, severity, retryability, explanation and fix. It is the one place the
// API, the CLI and the UI take these texts from. A code is unique within its source; across
// sources the same string can mean the same thing twice (`spam_risk_too_many_posts` is both an
// `error.code` and a `fail_reason`), so a lookup without a source takes the first source in
// LOOKUP_ORDER that knows the code.
import { canonicalCode } from '@tokpost/tiktok/contract';
import { CLIENT_CODE_ENTRIES } from './client-code-entries.js';
import type { DiagnosticEntry, DiagnosticSource } from './entry.js';
import { FAIL_REASON_ENTRIES } from './fail-reason-entries.js';
import { LOCAL_REASON_ENTRIES } from './local-reason-entries.js';
import { OAUTH_ENTRIES } from './oauth-entries.js';
import { PREFLIGHT_ENTRIES } from './preflight-entries.js';
import { TIKTOK_ERROR_ENTRIES } from './tiktok-error-entries.js';

export const DIAGNOSTIC_CATALOG: readonly DiagnosticEntry[] = [
  ...TIKTOK_ERROR_ENTRIES,
  ...FAIL_REASON_ENTRIES,
  ...OAUTH_ENTRIES,
  ...PREFLIGHT_ENTRIES,
  ...LOCAL_REASON_ENTRIES,
  ...CLIENT_CODE_ENTRIES,
];

/** TikTok's sources first: a TikTok code recorded as a post's reason means what TikTok said. */
export const LOOKUP_ORDER: readonly DiagnosticSource[] = ['tiktok_error', 'fail_reason', 'oauth', 'local', 'preflight'];

const bySource = new Map<DiagnosticSource, Map<string, DiagnosticEntry>>();
for (const entry of DIAGNOSTIC_CATALOG) {
  const codes = bySource.get(entry.source) ?? new Map<string, DiagnosticEntry>();
  codes.set(entry.code, entry);
  bySource.set(entry.source, codes);
}

/** The entry for `code` in `source`, or in the first source that has it; undefined when none does. */
export function lookupEntry(code: string, source?: DiagnosticSource): DiagnosticEntry | undefined {
  // `invalid_param` is the documented spelling of `invalid_params` (docs/tiktok-api.md §9).
  const canonical = canonicalCode(code);
  if (source !== undefined) {
    const hit = bySource.get(source)?.get(canonical);
    if (hit) return hit;
  }
  for (const s of LOOKUP_ORDER) {
    const hit = bySource.get(s)?.get(canonical);
    if (hit) return hit;
  }
  return undefined;
}

/** Every entry of one source, in catalog order. */
export function entriesOf(source: DiagnosticSource): DiagnosticEntry[] {
  return [...(bySource.get(source)?.values() ?? [])];
}
