// The post state machine (docs/architecture.md §2):
//
//   draft → scheduled → publishing → processing → published
//                                  ↘ inbox_pending ↗
//   exits: failed, needs_action (held: reconnect, cap, media, audit), missed, cancelled.
//
// Invariants this module owns:
// - a post is editable and cancellable only before its init is about to be sent
//   (`initStartedAt` is null); from then on TikTok may hold it;
// - `published` can still turn `failed` when moderation takes the post down;
// - status observations never move a post backwards (a late SEND_TO_USER_INBOX after
//   PUBLISH_COMPLETE is ignored), so webhooks and polling can arrive in any order.
export const POST_STATES = [
  'draft',
  'scheduled',
  'publishing',
  'processing',
  'inbox_pending',
  'published',
  'failed',
  'needs_action',
  'missed',
  'cancelled',
] as const;
export type PostState = (typeof POST_STATES)[number];

/** States a post no longer leaves on its own. `published` may still be taken down by moderation. */
export const TERMINAL_STATES: readonly PostState[] = ['published', 'failed', 'missed', 'cancelled'];

/** States in which TikTok may hold the post (an init was sent). */
export const AT_TIKTOK_STATES: readonly PostState[] = ['processing', 'inbox_pending', 'published'];

/** States from which the user may still edit or cancel (when no init was sent). */
export const EDITABLE_STATES: readonly PostState[] = ['draft', 'scheduled', 'publishing', 'needs_action', 'failed', 'missed'];

const ALLOWED: Record<PostState, readonly PostState[]> = {
  draft: ['draft', 'scheduled', 'cancelled'],
  scheduled: ['scheduled', 'publishing', 'needs_action', 'failed', 'missed', 'cancelled', 'draft'],
  publishing: ['scheduled', 'processing', 'inbox_pending', 'published', 'needs_action', 'failed', 'cancelled'],
  processing: ['processing', 'inbox_pending', 'published', 'failed', 'needs_action', 'scheduled'],
  inbox_pending: ['published', 'failed', 'needs_action'],
  published: ['failed'],
  needs_action: ['scheduled', 'needs_action', 'processing', 'inbox_pending', 'published', 'failed', 'cancelled', 'draft'],
  failed: ['scheduled', 'draft', 'cancelled'],
  missed: ['scheduled', 'draft', 'cancelled'],
  cancelled: [],
};

export function canTransition(from: PostState, to: PostState): boolean {
  return ALLOWED[from].includes(to);
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(
    readonly from: PostState,
    readonly to: PostState,
  ) {
    super(`a post cannot go from ${from} to ${to}`);
  }
}
