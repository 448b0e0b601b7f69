// GET /v2/auth/authorize/ — TikTok's consent page: pick a creator, tick the scopes to grant,
// approve or deny. The form posts back here and redirects to the app's redirect_uri with `code`,
// the *granted* `scopes` and `state`, or `error=access_denied`.
import { SCOPES, authorizeQuerySchema, parseScopeList } from '@tokpost/tiktok/contract';
import type { EmulatorContext } from '../context.js';
import { BodyTooLargeError, htmlResponse, readBody, redirect, type EmuRequest, type EmuResult } from '../http/types.js';
import { createCode } from '../engine/grants.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorPage(status: number, message: string): EmuResult {
  return htmlResponse(status, `<!doctype html><html><head><title>TikTok authorization error</title></head><body><h1>Authorization error</h1><p id="error">${esc(message)}</p></body></html>`);
}

const WILDCARD_PORT = /^(https?):\/\/(localhost|127\.0\.0\.1):\*(\/[^?#]*)?$/;

/**
 * Whether `uri` is one of the app's redirect URIs: an exact match, or a desktop URI registered
 * with a wildcard port (`http://127.0.0.1:*\/callback/`, docs/tiktok-api.md §2.1) matching on any port.
 */
export function isRegisteredRedirect(registered: readonly string[], uri: string): boolean {
  if (registered.includes(uri)) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  return registered.some((r) => {
    const m = WILDCARD_PORT.exec(r);
    return !!m && u.protocol === `${m[1]}:` && u.hostname === m[2] && u.port !== '' && u.pathname === (m[3] ?? '/') && !u.search && !u.hash && !u.username;
  });
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

export async function handleAuthorize(ctx: EmulatorContext, req: EmuRequest): Promise<EmuResult> {
  const fromForm = req.method === 'POST';
  let params: URLSearchParams;
  try {
    params = fromForm ? new URLSearchParams(await readBody(req)) : req.url.searchParams;
  } catch (e) {
    return errorPage(e instanceof BodyTooLargeError ? 413 : 400, 'The authorization form could not be read.');
  }
  // The app and its redirect URI are checked first: until both are known good, nothing is ever
  // redirected to (an open redirector otherwise); the user sees an error page instead.
  const clientKey = params.get('client_key') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const state = params.get('state') ?? undefined;
  if (!clientKey || !redirectUri) return errorPage(400, 'The authorization request is invalid: client_key and redirect_uri are required.');
  const app = ctx.state.apps.get(clientKey);
  if (!app) return errorPage(400, 'Unknown client_key: this app is not registered.');
  if (!isRegisteredRedirect(app.redirect_uris, redirectUri)) return errorPage(400, 'redirect_uri does not match any redirect URI registered for this app.');
  const parsed = authorizeQuerySchema.safeParse(Object.fromEntries([...params.entries()].filter(([k]) => k in authorizeQuerySchema.shape)));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'request';
    const error = field === 'response_type' ? 'unsupported_response_type' : field === 'scope' ? 'invalid_scope' : 'invalid_request';
    return redirect(withParams(redirectUri, { error, error_description: `The authorization request is invalid: check "${field}".`, state }));
  }
  const q = parsed.data;
  const requested = [...new Set(parseScopeList(q.scope))];
  if (requested.length === 0) return redirect(withParams(q.redirect_uri, { error: 'invalid_scope', error_description: 'No scope was requested.', state: q.state }));
  const unknown = requested.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    return redirect(withParams(q.redirect_uri, { error: 'invalid_scope', error_description: `Unknown scope: ${unknown.join(',')}`, state: q.state }));
  }

  if (!fromForm) return consentPage(ctx, params, requested);

  if (params.get('decision') !== 'approve') {
    return redirect(withParams(q.redirect_uri, { error: 'access_denied', error_description: 'The user denied the authorization request.', state: q.state }));
  }
  const openId = params.get('open_id') ?? '';
  const creator = ctx.state.creators.get(openId);
  if (!creator) return errorPage(400, 'Pick an account to continue.');
  // Granted scopes keep the order they were requested in, each once.
  const ticked = new Set(params.getAll('grant'));
  const granted = requested.filter((s) => ticked.has(s));
  if (granted.length === 0) {
    return redirect(withParams(q.redirect_uri, { error: 'access_denied', error_description: 'No permission was granted.', state: q.state }));
  }
  const code = createCode(ctx, {
    client_key: app.client_key,
    open_id: creator.open_id,
    scopes: granted,
    redirect_uri: q.redirect_uri,
    code_challenge: q.code_challenge,
  });
  return redirect(withParams(q.redirect_uri, { code: code.code, scopes: granted.join(','), state: q.state }));
}

function consentPage(ctx: EmulatorContext, params: URLSearchParams, requested: string[]): EmuResult {
  // The user's own choices come from the form controls, never from the incoming link.
  const hidden = [...params.entries()]
    .filter(([k]) => !['decision', 'open_id', 'grant'].includes(k))
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  const creators = [...ctx.state.creators.values()]
    .map(
      (c, i) =>
        `<label><input type="radio" name="open_id" value="${esc(c.open_id)}"${i === 0 ? ' checked' : ''}> ${esc(c.nickname)} (@${esc(c.username)})</label><br>`,
    )
    .join('');
  const scopes = requested.map((s) => `<label><input type="checkbox" name="grant" value="${esc(s)}" checked> ${esc(s)}</label><br>`).join('');
  return htmlResponse(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>Authorize app — TikTok emulator</title></head><body>
<h1>${esc(params.get('client_key') ?? '')} wants to access your TikTok account</h1>
<form method="post" action="/v2/auth/authorize/">${hidden}
<fieldset><legend>Account</legend>${creators || '<p>No creators exist yet: create one with POST /_emulator/creators.</p>'}</fieldset>
<fieldset><legend>Permissions</legend>${scopes}</fieldset>
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`,
  );
}
