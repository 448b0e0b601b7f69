// The home page at `/`. When the web UI is built (apps/web/dist/index.html exists) its files are
// served as they are, and any other GET outside /api that asks for HTML gets its index.html, so the
// UI's own routes survive a reload (a single-page app). Without a build, `/` is a small page that
// says what tokpost is and where to go next. Public: the page and the UI's files hold no data; the
// UI reaches data through the API with a key (auth.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';

/** Where the built UI lives in the repository: apps/web/dist (the same from src/ and dist/). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebUi {
  /** Answers a request no route matched with the UI's index.html when that fits; false otherwise. */
  fallback(request: FastifyRequest, reply: FastifyReply): boolean;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function homePage(publicUrl: string): string {
  const u = escapeHtml(publicUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tokpost</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}
code,pre{font:14px ui-monospace,monospace;background:#f2f2f5;border-radius:4px}
code{padding:.1rem .3rem}pre{padding:.75rem;overflow:auto}
a{color:#0b57d0}
</style>
</head>
<body>
<h1>tokpost</h1>
<p>tokpost schedules and publishes videos and photo posts to TikTok through TikTok's Content Posting API, from your own server.
It refreshes tokens, respects TikTok's caps and rate limits, never publishes a post twice, and explains every failure with the fix.</p>
<h2>Next steps</h2>
<ol>
<li><strong>An API key.</strong> Every <code>/api</code> route needs one: <code>npx tokpost api-keys create --name me</code> (shown once).</li>
<li><strong>Connect a TikTok account.</strong> <code>npx tokpost accounts connect</code> prints TikTok's consent page address
(it calls <code>POST /api/accounts/connect</code>); after the consent TikTok sends the browser back to
<code>${u}/api/oauth/tiktok/callback</code>.</li>
<li><strong>Post.</strong> <code>npx tokpost posts create --help</code>, or <code>npx tokpost posts import posts.csv</code> for many at once.</li>
</ol>
<h2>Reference</h2>
<ul>
<li><a href="/api/docs">API documentation</a> (OpenAPI at <a href="/api/openapi.json">/api/openapi.json</a>)</li>
<li><a href="/healthz">Health</a> and <a href="/metrics">metrics</a></li>
<li>The command line: <code>npx tokpost --help</code></li>
</ul>
<p>The web UI appears here once it is built (<code>apps/web/dist</code>).</p>
</body>
</html>
`;
}

export async function webUiRoutes(app: FastifyInstance, o: { publicUrl: string; webDist?: string }): Promise<WebUi> {
  const dist = o.webDist ?? DEFAULT_WEB_DIST;
  const indexFile = join(dist, 'index.html');
  const doc = { schema: routeDoc({ tag: 'operations', summary: 'The home page (the web UI when built)', public: true, responses: { 200: 'HTML' } }) };
  if (!existsSync(indexFile)) {
    const page = homePage(o.publicUrl);
    app.get('/', doc, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
    return { fallback: () => false };
  }
  const index = readFileSync(indexFile, 'utf8');
  const sendIndex = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  // One route per file found at start (wildcard off): a catch-all route would also match unknown
  // /api paths and make them look public to the auth hook.
  await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false, index: false, decorateReply: false });
  app.get('/', doc, async (_request, reply) => sendIndex(reply));
  return {
    fallback(request, reply) {
      const path = request.url.split('?', 1)[0] ?? '/';
      const wantsHtml = (request.headers.accept ?? '').includes('text/html');
      if (request.method !== 'GET' || !wantsHtml || path === '/api' || path.startsWith('/api/')) return false;
      void sendIndex(reply);
      return true;
    },
  };
}
