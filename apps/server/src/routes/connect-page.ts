// The page a creator lands on after TikTok's consent page (GET /api/oauth/tiktok/callback): the
// account connected (with its name and a link back to tokpost), a partial grant explained scope by
// scope, or what went wrong and what to do (docs/connect.md). Every piece of text is escaped: the
// error description comes from the URL, and the names from TikTok.
import type { CompleteConnectResult } from '@tokpost/engine';

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TITLES: Record<Exclude<CompleteConnectResult, { ok: true }>['reason'], string> = {
  state_missing: 'This link is incomplete',
  state_unknown: 'This link is not from tokpost',
  state_expired: 'This link has expired',
  state_used: 'This link was used already',
  denied: 'The connection was cancelled',
  tiktok_error: 'TikTok refused the connection',
  code_missing: 'TikTok sent no authorization',
  exchange_failed: 'TikTok did not accept the authorization',
};

function layout(title: string, body: string, outcome: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — tokpost</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}li{margin:.4rem 0}.fix{background:#f4f4f4;padding:.6rem .8rem;border-radius:.4rem}</style>
</head><body data-outcome="${escapeHtml(outcome)}">
<h1>${escapeHtml(title)}</h1>
${body}
<p><a href="/">Back to tokpost</a></p>
</body></html>`;
}

export function renderConnectPage(result: CompleteConnectResult): { status: number; html: string } {
  if (!result.ok) {
    const body = `<p id="message">${escapeHtml(result.message)}</p>\n<p class="fix" id="fix">${escapeHtml(result.fix)}</p>`;
    // A failed exchange is TikTok's answer, not the visitor's mistake.
    return { status: result.reason === 'exchange_failed' ? 502 : 400, html: layout(TITLES[result.reason], body, result.reason) };
  }
  const a = result.account;
  const name = a.nickname || a.username || a.openId;
  const handle = a.username ? ` (@${a.username})` : '';
  const parts = [`<p id="account">${escapeHtml(name)}${escapeHtml(handle)} is ${result.reconnected ? 'connected again; its posts and history are kept' : 'connected'}.</p>`];
  if (result.resumedPostIds.length > 0) parts.push(`<p id="resumed">${result.resumedPostIds.length} held post${result.resumedPostIds.length === 1 ? '' : 's'} will go out again.</p>`);
  if (result.expectedAccount) {
    const e = result.expectedAccount;
    parts.push(`<p id="other-account">You started reconnecting ${escapeHtml(e.nickname || e.username || e.openId)}, but TikTok signed in another account, which is now connected. To reconnect ${escapeHtml(e.nickname || e.username || e.openId)}, sign out of TikTok and connect again.</p>`);
  }
  if (result.missing.length > 0) {
    const items = result.missing.map((m) => `<li><code>${escapeHtml(m.scope)}</code>: without it, no ${escapeHtml(m.disables)}.</li>`).join('');
    parts.push(`<p>Some permissions were not granted:</p>\n<ul id="missing">${items}</ul>`);
    if (result.fix) parts.push(`<p class="fix" id="fix">${escapeHtml(result.fix)}</p>`);
  }
  return { status: 200, html: layout(result.missing.length > 0 ? 'Connected, with permissions missing' : 'Account connected', parts.join('\n'), result.missing.length > 0 ? 'partial' : 'connected') };
}
