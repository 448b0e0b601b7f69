// Diagnostics for the reasons the engine itself records on posts and accounts: the local codes of
// domain/reasons.ts (their explanation is the summary; keyed by LocalReason, so a new reason
// needs an entry here to compile), the timeline notes the pipeline writes without changing a
// post's state, and the fallbacks for a failed, held or missed post that carries no reason at all.
import { LOCAL_REASONS, type LocalReason } from '../domain/reasons.js';
import type { DiagnosticEntry, DistributiveOmit, EntryText } from './entry.js';

type ReasonText = DistributiveOmit<EntryText, 'summary'>;

const RECONNECT = 'Connect the account again in tokpost; its held posts then go back into the queue.';
const CHECK_PROFILE = 'Look at the creator’s TikTok profile before doing anything: if the post is there, cancel this one; if not, retry it.';
const EDIT_POST = 'Edit the post to match what the account allows, then schedule it again.';

const REASONS: Readonly<Record<LocalReason, ReasonText>> = {
  account_needs_reconnect: { family: 9, severity: 'error', retryable: false, fix: RECONNECT },
  account_disconnected: { family: 9, severity: 'error', retryable: false, fix: 'Connect the account again if its posts should still go out, or cancel them.' },
  refresh_token_expired: { family: 1, severity: 'error', retryable: false, fix: RECONNECT },
  refresh_token_rejected: { family: 1, severity: 'error', retryable: false, fix: RECONNECT },
  token_rejected_after_refresh: { family: 9, severity: 'error', retryable: false, fix: `The creator may have changed their password or removed the app in TikTok. ${RECONNECT}` },
  authorization_removed: { family: 9, severity: 'error', retryable: false, fix: RECONNECT },
  app_credentials_rejected: {
    family: 1,
    severity: 'error',
    retryable: false,
    fix: 'Enter the client key and secret again from TikTok’s developer portal (sandbox and production keys differ), then connect the account again.',
  },
  scope_missing: { family: 7, severity: 'error', retryable: false, fix: 'Connect the account again and leave every requested permission ticked on TikTok’s consent page.' },
  privacy_not_offered: { family: 4, severity: 'error', retryable: false, fix: EDIT_POST },
  privacy_missing: { family: 4, severity: 'error', retryable: false, fix: 'Edit the post and choose one of the privacy levels the account offers.' },
  duration_over_creator_max: { family: 5, severity: 'error', retryable: false, fix: 'Trim the video (tokpost’s media fix can trim it) or choose an account allowed longer videos.' },
  comments_disabled_by_creator: { family: 7, severity: 'error', retryable: false, fix: EDIT_POST },
  duet_disabled_by_creator: { family: 7, severity: 'error', retryable: false, fix: EDIT_POST },
  stitch_disabled_by_creator: { family: 7, severity: 'error', retryable: false, fix: EDIT_POST },
  branded_content_private: { family: 4, severity: 'error', retryable: false, fix: 'Edit the post: choose a wider audience than "Only me", or untick "Branded content".' },
  media_missing: {
    family: null,
    familyNote: 'A file missing from tokpost’s own storage, not a TikTok requirement.',
    severity: 'error',
    retryable: false,
    fix: 'Put the file back where tokpost stored it, or add the media again and edit the post to use it.',
  },
  media_rejected_by_preflight: { family: 5, severity: 'error', retryable: false, fix: 'Fix the file as each finding says (tokpost’s media fix repairs most), edit the post to use the new file and schedule it again.' },
  photos_need_url_pull: {
    family: 5,
    severity: 'error',
    retryable: false,
    fix: 'Serve tokpost’s media over HTTPS under a URL prefix verified for the app in TikTok’s developer portal, and set it as tokpost’s media URL.',
  },
  init_outcome_unknown: { family: 8, severity: 'warning', retryable: false, fix: 'Nothing to do yet: tokpost keeps asking TikTok and settles the post as soon as TikTok says what happened.' },
  outcome_unknown_unresolved: { family: 8, severity: 'error', retryable: false, fix: CHECK_PROFILE },
  processing_timeout: { family: 6, severity: 'error', retryable: false, fix: CHECK_PROFILE },
  publish_retries_exhausted: {
    family: null,
    familyNote: 'Repeated failures of any kind end here; the TikTok code of the last attempt, shown alongside, says which family.',
    severity: 'error',
    retryable: false,
    fix: 'Look at the last attempt’s code and its explanation; retry the post once that is resolved.',
  },
  upload_failed: { family: 5, severity: 'error', retryable: false, fix: 'Retry from a faster connection, make the file smaller, or have TikTok download it from a verified URL instead.' },
  held_by_policy: {
    family: null,
    familyNote: 'Which family depends on the rule that held the post; its message names the rule.',
    severity: 'warning',
    retryable: false,
    fix: 'Read the rule named in the message; once it no longer applies, retry the post.',
  },
  unaudited_self_only: { family: 2, severity: 'info', retryable: false, fix: 'To post publicly, get the app audited by TikTok; the creator can widen the audience of this post in the TikTok app.' },
  no_longer_public: { family: 6, severity: 'warning', retryable: false, fix: 'Check the post in the TikTok app: the creator may have hidden it, or TikTok’s moderation restricted it.' },
  daily_cap_reached: { family: 3, severity: 'warning', retryable: true, fix: 'Nothing to do when the post was moved to the next free slot; otherwise spread the posts out or retry once a slot frees.' },
  daily_cap_reached_elsewhere: {
    family: 3,
    severity: 'warning',
    retryable: true,
    fix: 'Find the other tool posting for this creator and share the daily limit with it, or lower this account’s cap in tokpost. Posts resume when the pause ends.',
  },
  pending_inbox_cap_reached: { family: 3, severity: 'warning', retryable: true, fix: 'Ask the creator to finish (or delete) the drafts waiting in the TikTok inbox; new drafts go out as slots free.' },
  active_creator_cap_reached: {
    family: 2,
    severity: 'warning',
    retryable: true,
    fix: 'Wait for the 24-hour window to move, or ask TikTok for a higher creator cap (an unaudited app is limited to 5 creators a day until its audit).',
  },
  account_paused: { family: 3, severity: 'warning', retryable: true, fix: 'Nothing to do: posts resume when the pause ends. To post sooner, free slots on the creator’s account in the other tools.' },
  unaudited_requires_self_only: { family: 2, severity: 'error', retryable: false, fix: 'Edit the post to "Only me", or get the TikTok app audited for Direct Post.' },
  unaudited_requires_private_account: { family: 2, severity: 'error', retryable: false, fix: 'Make the TikTok account private (Settings › Privacy) and retry, or get the app audited for Direct Post.' },
  missed_schedule: { family: 8, severity: 'warning', retryable: true, fix: 'Retry the post to publish it now, or reschedule it; tick "publish even if late" on posts that must go out whatever the delay.' },
};

/** Reasons the pipeline writes on a post's timeline as notes, without a local explanation of their own. */
const NOTES: Readonly<Record<string, EntryText>> = {
  post_id_unknown: {
    family: 6,
    severity: 'info',
    retryable: false,
    summary: 'TikTok never gave the id of the published post; it usually does not for posts that are not public.',
    fix: 'Nothing to do. The post can be found on the creator’s profile.',
  },
  post_ids_known: { family: 6, severity: 'info', retryable: false, summary: 'TikTok reported the id of the published post.', fix: 'Nothing to do.' },
  publicly_available: { family: 6, severity: 'info', retryable: false, summary: 'The post passed TikTok’s moderation and is public.', fix: 'Nothing to do.' },
  inbox_not_finished: {
    family: 8,
    severity: 'info',
    retryable: false,
    summary: 'The draft is in the creator’s TikTok inbox, but they have not finished posting it; tokpost stopped checking on it.',
    fix: 'Ask the creator to open the draft in the TikTok app and post it. tokpost still learns about it through TikTok’s notifications.',
  },
  share_url_confirmed: {
    family: 6,
    severity: 'info',
    retryable: false,
    summary: 'TikTok’s Display API confirms the published post; its link is TikTok’s own share_url.',
    fix: 'Nothing to do.',
  },
  not_confirmed: {
    family: 6,
    severity: 'info',
    retryable: false,
    summary: 'The post is published, but TikTok’s Display API did not confirm it, so it has no link from TikTok (the API may list public videos only).',
    fix: 'Nothing to do: the post stays published. To check it, look at the creator’s TikTok profile.',
  },
  waiting_for_unsettled_publish: {
    family: 8,
    severity: 'warning',
    retryable: true,
    summary: 'Another post of this account is waiting for TikTok to say whether it went out, so this one waits too rather than risk a duplicate.',
    fix: 'Nothing to do: the post goes out once the other publish is settled.',
  },
};

/** What a failed, held or missed post shows when it carries no reason and no TikTok code. */
const STATE_FALLBACKS: Readonly<Record<string, EntryText>> = {
  post_failed: {
    family: null,
    familyNote: 'No reason was recorded, so there is nothing to place in a family.',
    severity: 'error',
    retryable: false,
    summary: 'The post failed without a recorded reason.',
    fix: 'Look at the post’s timeline and attempts for the last thing that happened, then retry the post.',
  },
  post_held: {
    family: null,
    familyNote: 'No reason was recorded, so there is nothing to place in a family.',
    severity: 'warning',
    retryable: false,
    summary: 'The post is held without a recorded reason.',
    fix: 'Look at the post’s timeline for the last thing that happened, then retry the post.',
  },
  post_missed: {
    family: 8,
    severity: 'warning',
    retryable: false,
    summary: 'tokpost was not running when the post was due and stayed down past its catch-up window, so the post was deliberately not published late.',
    fix: 'Reschedule the post, or retry it to publish it now.',
  },
};

/** The fallback code per diagnosed state. */
export const STATE_FALLBACK_CODES = { failed: 'post_failed', needs_action: 'post_held', missed: 'post_missed' } as const;

export const LOCAL_REASON_ENTRIES: readonly DiagnosticEntry[] = [
  ...(Object.keys(REASONS) as LocalReason[]).map((code) => ({ ...REASONS[code], summary: LOCAL_REASONS[code], code, source: 'local' as const })),
  ...Object.entries({ ...NOTES, ...STATE_FALLBACKS }).map(([code, text]) => ({ ...text, code, source: 'local' as const })),
];
