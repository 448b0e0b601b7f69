// Diagnostics for OAuth `error` codes of TikTok's token and revoke endpoints (docs/tiktok-api.md
// §2.7). They arrive while connecting an account or refreshing its token, so most belong to family
// 1 (docs/field-notes.md §1.1): the point there is to tell a passing failure (server_error,
// temporarily_unavailable) from a dead grant. Keyed by the contract's OAuthErrorCode.
import { lookupError, type OAuthErrorCode } from '@tokpost/tiktok/contract';
import type { DiagnosticEntry, TikTokEntryText } from './entry.js';

const BROKEN_CLIENT = 'Only a faulty client sends it; it is not a failure users meet in the field.';
const REPORT = 'Report it to the tokpost maintainers with the log_id.';

const TEXTS: Readonly<Record<OAuthErrorCode, TikTokEntryText>> = {
  access_denied: {
    family: 7,
    severity: 'warning',
    summary: 'The creator declined to give tokpost access on TikTok’s consent page.',
    fix: 'Start the connection again and have the creator accept, with every requested permission ticked.',
  },
  invalid_client: {
    family: 1,
    severity: 'error',
    summary: 'TikTok rejected the app’s client key or client secret.',
    fix: 'Copy the client key and secret again from TikTok’s developer portal. Sandbox and production have different keys: use the pair that matches.',
  },
  invalid_grant: {
    family: 1,
    severity: 'error',
    summary: 'TikTok no longer accepts the authorization code or refresh token: it expired, was already used, or access was revoked.',
    fix: 'Connect the account again. Held posts resume once it is connected.',
  },
  invalid_request: {
    family: 1,
    severity: 'error',
    summary: 'TikTok refused the connection request as malformed, most often because the redirect URI does not match the app’s registered one.',
    fix: 'Check that the redirect URI configured in tokpost is exactly one registered for the app in TikTok’s developer portal (HTTPS), then connect again.',
  },
  invalid_scope: {
    family: 7,
    severity: 'error',
    summary: 'tokpost asked for a permission TikTok does not know or has not approved for this app.',
    fix: 'Check in TikTok’s developer portal that the app has the Content Posting and Login Kit products with the needed scopes, then connect again.',
  },
  unauthorized_client: {
    family: 1,
    severity: 'error',
    summary: 'TikTok does not allow this app to sign in creators this way.',
    fix: 'Check the app’s Login Kit settings in TikTok’s developer portal, then connect again.',
  },
  unsupported_grant_type: {
    family: null,
    familyNote: BROKEN_CLIENT,
    severity: 'error',
    summary: 'TikTok did not recognise the kind of token request tokpost sent.',
    fix: REPORT,
  },
  unsupported_response_type: {
    family: null,
    familyNote: BROKEN_CLIENT,
    severity: 'error',
    summary: 'TikTok did not recognise the kind of authorization tokpost asked for.',
    fix: REPORT,
  },
  server_error: {
    family: 1,
    severity: 'warning',
    summary: 'TikTok’s sign-in service had an internal error. The account’s access is not affected.',
    fix: 'Nothing to do: tokpost tries again. When connecting, start the connection again in a moment.',
  },
  temporarily_unavailable: {
    family: 1,
    severity: 'warning',
    summary: 'TikTok’s sign-in service was briefly unavailable. The account’s access is not affected.',
    fix: 'Nothing to do: tokpost tries again. When connecting, start the connection again in a moment.',
  },
};

export const OAUTH_ENTRIES: readonly DiagnosticEntry[] = (Object.keys(TEXTS) as OAuthErrorCode[]).map((code) => {
  const errorClass = lookupError('oauth', code)?.errorClass;
  return { ...TEXTS[code], code, source: 'oauth', retryable: errorClass === 'retryable', errorClass };
});
