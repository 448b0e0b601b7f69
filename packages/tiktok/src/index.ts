// @tokpost/tiktok — the TikTok client and, re-exported, the contract it is built on.
export * from './contract/index.js';
export * from './client/index.js';
