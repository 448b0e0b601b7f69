// The scopes tokpost asks a creator for, and what goes missing without each (docs/connect.md,
// docs/tiktok-api.md §3). TikTok's consent page lets a creator untick scopes, so a connection can
// succeed with fewer than asked for; the connect result, the callback page and the account's
// health all explain a missing scope from this one table.
import { SCOPES } from '@tokpost/tiktok';
import { diagnose } from '../diagnostics/diagnose.js';

/** What a connection asks for unless told otherwise. */
export const DEFAULT_CONNECT_SCOPES: readonly string[] = ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'];

export const KNOWN_SCOPES: readonly string[] = SCOPES;

const FEATURES: Record<string, string> = {
  'user.info.basic': "the account's display name and avatar in tokpost, and the doctor's profile checks",
  'user.info.profile': "the account's @username, so its profile link and the check that a published post is on that profile",
  'user.info.stats': 'follower and video counts (tokpost does not use them)',
  'video.publish': 'direct posting (mode "direct"): videos and photos published straight to the profile',
  'video.upload': 'drafts (mode "inbox"): videos sent to the creator’s TikTok inbox to finish in the app',
  'video.list': 'confirming published posts on the profile and keeping TikTok’s own link to each',
};

/** The diagnostic catalog's fix for a missing scope. */
export const RECONNECT_FIX = diagnose({ source: 'local', code: 'scope_missing' }).fix;

export interface MissingScope {
  scope: string;
  /** What does not work without it. */
  disables: string;
}

/** What `scope` enables in tokpost (the doctor and the connect page both say it so). */
export function scopeFeature(scope: string): string {
  return FEATURES[scope] ?? 'nothing tokpost knows of';
}

export function explainMissingScopes(scopes: readonly string[]): MissingScope[] {
  return scopes.map((scope) => ({ scope, disables: scopeFeature(scope) }));
}
