// Login Kit v2 / OAuth (docs/tiktok-api.md §2). The token endpoint answers flat JSON, not the envelope, and
// its errors use the flat `{error, error_description, log_id}` shape.
import { z } from 'zod';

export const authorizeQuerySchema = z.object({
  client_key: z.string().min(1),
  scope: z.string().min(1),
  redirect_uri: z.string().min(1),
  state: z.string().optional(),
  response_type: z.literal('code'),
  disable_auto_auth: z.enum(['0', '1']).optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.literal('S256').optional(),
});
export type AuthorizeQuery = z.infer<typeof authorizeQuerySchema>;

/** What TikTok appends to the redirect URI: `code`, the *granted* `scopes` (plural), `state`; or an error. */
export const callbackQuerySchema = z.union([
  z.object({ code: z.string().min(1), scopes: z.string().optional(), state: z.string().optional() }),
  z.object({ error: z.string().min(1), error_description: z.string().optional(), state: z.string().optional() }),
]);

const clientCredentials = { client_key: z.string().min(1), client_secret: z.string().min(1) };

/** POST /v2/oauth/token/: one shape per grant type, told apart by `grant_type`. */
export const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    ...clientCredentials,
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
    code_verifier: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    ...clientCredentials,
    refresh_token: z.string().min(1),
  }),
  z.object({
    grant_type: z.literal('client_credentials'),
    ...clientCredentials,
  }),
]);
export type GrantType = TokenRequest['grant_type'];
/** The grant types, read from the schema above so the two cannot drift apart. */
export const GRANT_TYPES: readonly GrantType[] = tokenRequestSchema.options.map((o) => o.shape.grant_type.value);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().nonnegative(),
  open_id: z.string().min(1),
  refresh_expires_in: z.number().int().nonnegative(),
  refresh_token: z.string().min(1),
  scope: z.string(),
  token_type: z.string(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const clientTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().nonnegative(),
  token_type: z.string(),
});
export type ClientTokenResponse = z.infer<typeof clientTokenResponseSchema>;

export const revokeRequestSchema = z.object({
  client_key: z.string().min(1),
  client_secret: z.string().min(1),
  token: z.string().min(1),
});

export const oauthErrorSchema = z.object({
  error: z.string().min(1),
  error_description: z.string().default(''),
  log_id: z.string().optional(),
});
export type OAuthErrorBody = z.infer<typeof oauthErrorSchema>;

/** Token prefixes TikTok uses: access `act.`, refresh `rft.`, client `clt.` (docs/tiktok-api.md §1). */
export const TOKEN_PREFIX = { access: 'act.', refresh: 'rft.', client: 'clt.' } as const;
