// Diagnostics for TikTok's v2 `error.code` values (docs/tiktok-api.md §9). The codes and their
// class come from the contract's error catalog (V2_ERROR_CATALOG); this table adds what the user
// needs: the family (docs/field-notes.md §1), the severity, and the explanation and fix in plain
// words. The coverage test holds this table against the contract, so a code TikTok adds to the
// contract without an entry here fails the build's tests.
import { lookupError, POSTING_CAPS } from '@tokpost/tiktok/contract';
import type { DiagnosticEntry, TikTokEntryText } from './entry.js';

const TEXTS: Readonly<Record<string, TikTokEntryText>> = {
  invalid_params: {
    family: null,
    familyNote: 'A malformed request is a fault in the sender, not one of the field families; the chunk-size variant of it is family 5.',
    severity: 'error',
    summary: 'TikTok refused the request because one of its parameters is missing or invalid. TikTok’s message names the parameter (for uploads it is often the chunk size or chunk count).',
    fix: 'Read TikTok’s message shown with this error. If it names the chunk size or count, report it to the tokpost maintainers with the log_id; otherwise correct the named field and try again.',
  },
  invalid_file_upload: {
    family: 5,
    severity: 'error',
    summary: 'TikTok did not accept the description of the file to upload (its size or how it is split into chunks).',
    fix: 'Check that the file on disk is complete and has not changed since it was added; add it again if needed. If it persists, report it with the log_id.',
  },
  app_version_check_failed: {
    family: null,
    familyNote: 'A requirement on the creator’s TikTok app version, which none of the field families covers.',
    severity: 'error',
    summary: 'The creator’s TikTok app is too old to receive drafts in its inbox.',
    fix: 'Ask the creator to update the TikTok app, then try again, or publish directly instead of as a draft.',
  },
  invalid_publish_id: {
    family: null,
    familyNote: 'tokpost asked about a publish TikTok does not know, a bookkeeping fault rather than a field failure.',
    severity: 'error',
    summary: 'TikTok knows no publish with the id tokpost asked about.',
    fix: 'Check the creator’s profile to see whether the post went out. Report the log_id to the tokpost maintainers.',
  },
  token_not_authorized_for_specified_publish_id: {
    family: 9,
    severity: 'error',
    summary: 'This publish belongs to a different TikTok account or app than the one tokpost asked with, for example after the account was reconnected as another creator.',
    fix: 'Make sure the tokpost account is connected to the same TikTok creator that made the post, then check the post on their profile.',
  },
  publish_not_cancellable: {
    family: 8,
    severity: 'warning',
    summary: 'TikTok could not stop this publish any more: only a download still in progress can be cancelled.',
    fix: 'The post may still appear. Check the creator’s profile and delete it in the TikTok app if it should not be there.',
  },
  spam_risk_too_many_posts: {
    family: 3,
    severity: 'warning',
    summary: 'The creator has reached TikTok’s daily limit of posts made through apps. The limit counts posts from every app the creator uses, not only tokpost.',
    fix: 'Wait for the 24-hour window to move on and reschedule the post, or post it from the TikTok app.',
  },
  spam_risk_user_banned_from_posting: {
    family: 9,
    severity: 'error',
    summary: 'TikTok has banned this creator from posting.',
    fix: 'The creator has to resolve the ban with TikTok (in the app’s notifications or support) before anything can be posted.',
  },
  spam_risk_too_many_pending_share: {
    family: 3,
    severity: 'warning',
    summary: `The creator already has ${POSTING_CAPS.pendingInboxShares} unfinished drafts waiting in their TikTok inbox, the most TikTok allows within 24 hours.`,
    fix: 'Ask the creator to post or discard the waiting drafts in the TikTok app, or wait for older ones to drop out of the window, then try again.',
  },
  reached_active_user_cap: {
    family: 3,
    severity: 'warning',
    summary: `The TikTok app has reached its daily limit of different creators posting through it (${POSTING_CAPS.unauditedActiveCreators} for an app that is not audited yet).`,
    fix: 'Wait until the 24-hour window moves on. For a lasting fix, get the app audited or ask TikTok for a higher cap.',
  },
  unaudited_client_can_only_post_to_private_accounts: {
    family: 2,
    severity: 'error',
    summary: 'The TikTok app is not audited yet, so TikTok only lets it post to private accounts, visible only to the creator. This account is public.',
    fix: 'Switch the TikTok account to private for now and post as "Only me", or get the app audited by TikTok.',
  },
  url_ownership_unverified: {
    family: 5,
    severity: 'error',
    summary: 'TikTok refused to download the media because its URL is not under a domain or URL prefix verified for the app.',
    fix: 'Verify the media URL prefix in TikTok’s developer portal and list it on the app in tokpost, or upload the video directly instead of by URL.',
  },
  privacy_level_option_mismatch: {
    family: 4,
    severity: 'error',
    summary: 'The chosen privacy level is not one the creator can currently use (or none was chosen).',
    fix: 'Edit the post and pick one of the privacy levels the account offers now, then schedule it again.',
  },
  access_token_invalid: {
    family: 1,
    severity: 'error',
    summary: 'TikTok no longer accepts the account’s access token: it expired or was revoked.',
    fix: 'tokpost refreshes the token on its own. If the account is marked for reconnection, connect it again; held posts then resume.',
  },
  scope_not_authorized: {
    family: 7,
    severity: 'error',
    summary: 'The creator did not grant tokpost the permission this action needs.',
    fix: 'Connect the account again and leave every requested permission ticked on TikTok’s consent page.',
  },
  scope_permission_missed: {
    family: 7,
    severity: 'error',
    summary: 'Some account details need a permission the creator did not grant.',
    fix: 'Connect the account again and leave every requested permission ticked on TikTok’s consent page.',
  },
  rate_limit_exceeded: {
    family: 3,
    severity: 'warning',
    summary: 'Too many requests reached TikTok for this account in the last minute.',
    fix: 'Nothing to do: tokpost waits and tries again. If it keeps happening, another tool may be using the same account heavily.',
  },
  internal_error: {
    family: null,
    familyNote: 'A fault on TikTok’s side, not something the user or tokpost caused.',
    severity: 'warning',
    summary: 'TikTok had an internal error.',
    fix: 'Nothing to do for reads: tokpost tries again. A publish request that met this error is checked with TikTok before anything is sent again.',
  },
};

/** One entry per code of TEXTS, with TikTok's class from the contract. */
export const TIKTOK_ERROR_ENTRIES: readonly DiagnosticEntry[] = Object.entries(TEXTS).map(([code, text]) => {
  const errorClass = lookupError('v2', code)?.errorClass;
  return { ...text, code, source: 'tiktok_error', retryable: errorClass === 'retryable', errorClass };
});
