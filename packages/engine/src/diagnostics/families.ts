// The names of the nine failure families, by their stable numbers (docs/field-notes.md §1), so a
// diagnosis can say "family 3 — daily caps" the same way in the API, the CLI and the UI.
import type { FailureFamily } from './entry.js';

export const FAILURE_FAMILIES: Readonly<Record<FailureFamily, string>> = {
  1: 'Token expiry and invalidation',
  2: 'Unaudited app',
  3: 'Daily caps',
  4: 'Privacy level',
  5: 'Media requirements',
  6: 'Moderation',
  7: 'Scopes',
  8: 'No native scheduling',
  9: 'Account changes',
};
