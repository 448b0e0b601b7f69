// @tokpost/tiktok/contract — the single description of TikTok's API: wire schemas, the error
// catalog, chunk and media rules, posting caps, webhook signing. Imported by the client, the emulator
// and @tokpost/media.
export * from './clock.js';
export * from './scopes.js';
export * from './endpoints.js';
export * from './envelope.js';
export * from './oauth.js';
export * from './user-info.js';
export * from './creator-info.js';
export * from './post-info.js';
export * from './status.js';
export * from './display-videos.js';
export * from './error-catalog.js';
export * from './posting-caps.js';
export * from './chunk-rules.js';
export * from './upload.js';
export * from './media-limits.js';
export * from './webhooks.js';
