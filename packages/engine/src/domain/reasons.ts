// Why a post or an account is where it is. A reason is either one of TikTok's own codes
// (`error.code`, `fail_reason`, OAuth `error`), kept verbatim, or one of the local codes below.
// Each local code carries a plain explanation; the diagnostics catalog (docs/architecture.md §2,
// "Diagnostics") maps every code, TikTok's and ours, to its family, severity and fix.
export const LOCAL_REASONS = {
  account_needs_reconnect: 'The TikTok account must be connected again before its posts can go out; they are held, not lost.',
  account_disconnected: 'The TikTok account was disconnected from tokpost.',
  refresh_token_expired: "The account's refresh token has expired; TikTok needs the creator to connect again.",
  refresh_token_rejected: 'TikTok no longer accepts the refresh token (the creator revoked access, or TikTok rotated it in a refresh whose answer was lost).',
  token_rejected_after_refresh: 'TikTok rejected an access token it had just issued; the grant is gone.',
  authorization_removed: 'The creator (or TikTok) removed tokpost’s access to the account.',
  app_credentials_rejected: "TikTok rejected the app's client key or secret; fix the app's credentials.",
  scope_missing: 'The creator did not grant a permission this post needs; connect the account again and keep every box ticked.',
  privacy_not_offered: "The post's privacy level is no longer among the creator's options (did the account go private?); choose one of the offered levels.",
  privacy_missing: 'The post has no privacy level; TikTok requires choosing one of the creator’s options.',
  duration_over_creator_max: 'The video is longer than this creator may post; trim it or choose another account.',
  comments_disabled_by_creator: 'Comments are switched off in the creator’s TikTok settings, but the post allows them; turn "Allow comments" off or change the setting in TikTok.',
  duet_disabled_by_creator: 'Duets are not allowed for this creator (private account or Duet set to "No one"), but the post allows them.',
  stitch_disabled_by_creator: 'Stitches are not allowed for this creator (private account or Stitch set to "No one"), but the post allows them.',
  branded_content_private: 'Branded content cannot be visible only to the creator; pick another privacy level or untick "Branded content".',
  media_missing: 'A media file of the post is missing from storage.',
  media_rejected_by_preflight: 'The media would be rejected by TikTok (see the findings); fix it before publishing.',
  photos_need_url_pull: 'Photo posts reach TikTok only by URL pull: configure a media URL under one of the app’s verified prefixes.',
  init_outcome_unknown: "TikTok's answer to the publish request was lost after it started downloading the media; tokpost waits for TikTok's word instead of risking a duplicate.",
  outcome_unknown_unresolved: 'TikTok never said what became of a publish whose answer was lost. Check the creator’s profile before publishing again: publishing now might post it twice.',
  processing_timeout: 'TikTok accepted the post but never reported a final status within the tracking window.',
  publish_retries_exhausted: 'TikTok failed this post repeatedly; it was not retried further.',
  upload_failed: 'The upload to TikTok could not be completed before its one-hour window closed.',
  held_by_policy: 'A publishing rule held this post.',
  unaudited_self_only: 'The TikTok app is not audited, so TikTok made this post visible only to the creator.',
  no_longer_public: 'TikTok reports the post is no longer publicly visible.',
  // The policy layer (policies/, docs/architecture.md §2.5).
  daily_cap_reached: 'The creator has reached the number of direct posts TikTok allows in 24 hours.',
  daily_cap_reached_elsewhere:
    'TikTok says the creator reached the daily post limit although tokpost sent fewer posts: another app or the TikTok app is posting for this creator too. tokpost now counts the lower limit and pauses the account until a slot frees.',
  pending_inbox_cap_reached: 'The creator already has as many unfinished drafts in the TikTok inbox as TikTok allows in 24 hours.',
  active_creator_cap_reached: 'The TikTok app has reached the number of different creators it may post for in 24 hours.',
  account_paused: 'Publishing for this account is paused: TikTok said the creator is at a posting limit.',
  unaudited_requires_self_only:
    'The TikTok app is not audited yet: TikTok only accepts its posts as "Only me" (SELF_ONLY). This is a rule about the app, not the post; choose "Only me" or get the app audited.',
  unaudited_requires_private_account:
    'The TikTok app is not audited yet: TikTok only accepts its posts for private accounts, and this account is public. This is a rule about the app and the account’s privacy setting; make the account private in TikTok or get the app audited.',
  missed_schedule: 'tokpost was not running when the post was due, and the delay grew past the catch-up window, so it was not published late on its own.',
} as const;
export type LocalReason = keyof typeof LOCAL_REASONS;

export function localReasonMessage(code: LocalReason): string {
  return LOCAL_REASONS[code];
}
