// Connecting a TikTok account (docs/connect.md): POST /api/accounts/connect answers the authorize
// URL to send the creator to; TikTok sends them back to GET /api/oauth/tiktok/callback (public: the
// single-use state stands in for the API key), which finishes the connection through the engine
// and answers an HTML page. The callback's query carries the authorization code and the state:
// server.ts keeps both out of the logs, and the page is sent with no-referrer so the links on it
// do not pass the URL on.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OAUTH_CALLBACK_PATH } from '../config.js';
import { routeDoc } from '../openapi/route-doc.js';
import { parseWith } from './body.js';
import { renderConnectPage } from './connect-page.js';

const connectBody = z.strictObject({
  appId: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).max(20).optional(),
  accountId: z.string().min(1).optional(),
});

// What TikTok's redirect may carry; anything else is ignored, and a repeated parameter counts once.
const first = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(4_096).optional());
const callbackQuery = z.object({ code: first, state: first, scopes: first, error: first, error_description: first });

export function connectRoutes(app: FastifyInstance, engine: Engine): void {
  app.post(
    '/api/accounts/connect',
    {
      schema: routeDoc({
        tag: 'accounts',
        summary: 'Start connecting a TikTok account: the authorize URL to open',
        description: 'Open `authorizeUrl` in a browser within 10 minutes; TikTok sends the creator back to the OAuth callback. `accountId` reconnects that account (its posts and history are kept).',
        body: connectBody,
        responses: { 200: '`{ authorizeUrl, expiresAt }`' },
      }),
    },
    async (request) => engine.accounts.beginConnect(parseWith(connectBody, request.body)),
  );

  app.get(
    OAUTH_CALLBACK_PATH,
    { schema: routeDoc({ tag: 'accounts', summary: "TikTok's OAuth redirect: finishes the connection and shows the result page", query: callbackQuery, public: true, responses: { 200: 'An HTML page: connected, or connected with permissions missing', 400: 'An HTML page: what went wrong and what to do', 502: 'An HTML page: TikTok did not accept the authorization' } }) },
    async (request, reply) => {
      const q = callbackQuery.safeParse(request.query ?? {});
      const input = q.success ? { state: q.data.state, code: q.data.code, scopes: q.data.scopes, error: q.data.error, errorDescription: q.data.error_description } : {};
      const result = await engine.accounts.completeConnect(input);
      request.log.info(result.ok ? { accountId: result.account.id, reconnected: result.reconnected, missingScopes: result.missingScopes } : { reason: result.reason, tiktokError: result.tiktokError }, result.ok ? 'account connected' : 'connection refused');
      const page = renderConnectPage(result);
      return reply
        .status(page.status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(page.html);
    },
  );
}
