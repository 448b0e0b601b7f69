// TikTok's posting quotas (docs/tiktok-api.md §10). All count over any 24 h window. The per-creator post cap
// is "typically around 15" and varies per creator; it is shared by every app the creator uses,
// so a scheduler treats it as a starting estimate and learns lower values from
// `spam_risk_too_many_posts`.

export const POSTING_CAPS = {
  windowMs: 24 * 60 * 60 * 1000,
  /** Direct posts per creator, across every app (typical value; TikTok's own cap may be lower). */
  directPostsPerCreator: 15,
  /** Inbox drafts (inbox video, photo MEDIA_UPLOAD) not yet finished by the creator. */
  pendingInboxShares: 5,
  /** Distinct creators an unaudited app may post for. */
  unauditedActiveCreators: 5,
} as const;
