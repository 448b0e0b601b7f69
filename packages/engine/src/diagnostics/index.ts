// The diagnostics catalog and what reads it (docs/architecture.md §2.6): the entries of every
// source, diagnose() for one code, diagnosePost() for a post's read model.
export { DIAGNOSTIC_CATALOG, LOOKUP_ORDER, entriesOf, lookupEntry } from './catalog.js';
export { diagnose } from './diagnose.js';
export type { DiagnoseInput } from './diagnose.js';
export { DIAGNOSTIC_SOURCES } from './entry.js';
export type { DiagnosticEntry, DiagnosticSeverity, DiagnosticSource, Diagnosis, FailureFamily } from './entry.js';
export { FAILURE_FAMILIES } from './families.js';
export { DIAGNOSED_STATES, diagnosePost, isDiagnosedState } from './post-diagnosis.js';
export type { DiagnosedState, PostDiagnosis } from './post-diagnosis.js';
