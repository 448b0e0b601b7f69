// TikTok's posting caps as the emulator keeps them (docs/tiktok-api.md §10): direct posts per creator per
// 24 h shared by every app, distinct posting creators per app per 24 h, and pending inbox shares.
import { POSTING_CAPS, type PrivacyLevel } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import type { AppConfig, Creator } from '../state.js';

function recent(ctx: EmulatorContext) {
  const since = ctx.time.now() - POSTING_CAPS.windowMs;
  return [...ctx.state.publishes.values()].filter((p) => p.created_at > since);
}

export function directPostsInWindow(ctx: EmulatorContext, openId: string): number {
  return recent(ctx).filter((p) => p.open_id === openId && (p.kind === 'direct_video' || p.kind === 'photo_direct')).length;
}

export function postCapReached(ctx: EmulatorContext, creator: Creator): boolean {
  return directPostsInWindow(ctx, creator.open_id) >= creator.daily_post_cap;
}

/** True when `openId` would be a new active creator for an app already at its cap. */
export function activeCreatorCapReached(ctx: EmulatorContext, app: AppConfig, openId: string): boolean {
  const active = new Set(recent(ctx).filter((p) => p.client_key === app.client_key).map((p) => p.open_id));
  return !active.has(openId) && active.size >= app.active_creator_cap;
}

export function pendingShareCapReached(ctx: EmulatorContext, openId: string): boolean {
  const pending = recent(ctx).filter((p) => p.open_id === openId && p.pending_share).length;
  return pending >= ctx.settings.pending_share_cap;
}

/** The privacy options creator_info offers (docs/tiktok-api.md §5.1). */
export function privacyOptions(app: AppConfig, creator: Creator): PrivacyLevel[] {
  if (!app.audited && app.unaudited_self_only_options) return ['SELF_ONLY'];
  return creator.is_private
    ? ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
    : ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
}

/** Posts from unaudited apps are visible to the creator only, whatever was asked. */
export function effectivePrivacy(app: AppConfig, requested: PrivacyLevel): PrivacyLevel {
  return app.audited ? requested : 'SELF_ONLY';
}

/**
 * A media URL is accepted when it sits under one of the app's verified prefixes. Prefixes are URL
 * prefixes (`https://host/path/`, exact prefix match) or bare domains (cover the host and its
 * subdomains). TikTok requires https and a domain name; plain http is accepted only for loopback
 * hosts that were registered explicitly, so local tests can serve media.
 */
export function isVerifiedUrl(app: AppConfig, raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return false;
  return app.verified_url_prefixes.some((prefix) => {
    // Hosts compare case-insensitively, paths exactly: compare against the prefix as the URL
    // parser normalises it.
    if (/^https?:\/\//i.test(prefix)) return url.href.startsWith(URL.canParse(prefix) ? new URL(prefix).href : prefix);
    if (url.protocol !== 'https:') return false;
    const domain = prefix.toLowerCase().replace(/^\.+/, '');
    return url.hostname === domain || url.hostname.endsWith(`.${domain}`);
  });
}
