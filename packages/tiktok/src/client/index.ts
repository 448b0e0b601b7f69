// The TikTok client: OAuth, data endpoints, chunk plan and uploader, rate limiter, webhooks.
export * from './types.js';
export * from './errors.js';
export * from './retry-policy.js';
export * from './rate-limiter.js';
export * from './lossless-json.js';
export * from './pkce.js';
export { buildAuthorizeUrl, parseCallback, missingScopes } from './oauth.js';
export type { CallbackInput, ExchangeCodeOptions, OAuthCalls } from './oauth.js';
export * from './chunk-plan.js';
export * from './content-type.js';
export * from './upload-estimate.js';
export * from './upload-transport.js';
export * from './uploader.js';
export * from './webhooks.js';
export * from './create-client.js';
