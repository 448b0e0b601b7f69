// Errors the engine's services throw for callers to show: each carries a stable code (the API maps
// them to HTTP statuses and `ERR_*` codes) and says what is wrong and how to fix it.
export interface Issue {
  field: string;
  message: string;
  /** The rule refused (TikTok's composer rules, services/composer-rules.ts), when one is named. */
  rule?: string;
}

/**
 * What went wrong, for the API's status: bad input, a missing thing, a state conflict, a post no
 * longer changeable; and for calls that ask TikTok while a caller waits (creator_info for a
 * composer): the account must be connected again, TikTok says the creator cannot post now, the
 * per-token rate limit is reached, or TikTok cannot be reached.
 */
export type EngineErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'locked' | 'too_large' | 'needs_reconnect' | 'cannot_post_now' | 'rate_limited' | 'unavailable';

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly issues: Issue[] = [],
    /** TikTok's code behind the error, when TikTok's answer caused it (`spam_risk_too_many_posts`). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export const invalidInput = (issues: Issue[]): EngineError =>
  new EngineError('invalid_input', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

export const notFound = (what: string, id: string): EngineError => new EngineError('not_found', `${what} ${id} does not exist`);

export const conflict = (message: string, issues: Issue[] = []): EngineError => new EngineError('conflict', message, issues);

/** A file (or a declared size) over the upload limit. */
export const tooLarge = (message: string): EngineError => new EngineError('too_large', message);
