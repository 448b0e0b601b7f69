// Serves a Handler over real HTTP with node:http. Upload bodies stream straight from the socket to
// disk (the route pipes `req.body`), which keeps a 1 GiB upload at constant memory.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMULATOR_BUG_MESSAGE } from '../error-log.js';
import type { Handler } from './types.js';

export interface NodeServerHandle {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface ListenOptions {
  port?: number;
  host?: string;
  /** Called when writing an answer fails in a way that is the emulator's fault. */
  onError?: (where: string, error: unknown) => void;
}

export async function listenNode(handler: Handler, opts: ListenOptions): Promise<NodeServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  let ownOrigin = `http://${host}`;
  const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 }, (req, res) => {
    // Upload URLs are built from the origin the client used; a Host header that is not a valid
    // host (`a b`) falls back to the server's own address instead of throwing.
    const url = parseUrl(req.url ?? '/', req.headers.host, ownOrigin);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid_request', message: 'The request target is not a valid URL.' } }));
      return;
    }
    Promise.resolve()
      .then(() => handler({ method: req.method ?? 'GET', url, headers: lowerHeaders(req), body: req }))
      .then((result) => {
        if (result.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        res.writeHead(result.status, result.headers);
        res.end(result.body ?? undefined);
      })
      .catch((e: unknown) => {
        // The handler answers every error itself (a crash included), so this is the answer not
        // fitting HTTP (a bad header, say): a bug. A socket that died is not, and stays quiet.
        if (!req.socket.destroyed) opts.onError?.(`http ${req.method ?? 'GET'} ${url.pathname}`, e);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: {}, error: { code: 'internal_error', message: EMULATOR_BUG_MESSAGE, log_id: '' } }));
        } else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  ownOrigin = `http://${shownHost}:${addr.port}`;
  return {
    url: `http://${shownHost}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseUrl(target: string, hostHeader: string | undefined, fallbackOrigin: string): URL | undefined {
  for (const origin of hostHeader ? [`http://${hostHeader}`, fallbackOrigin] : [fallbackOrigin]) {
    try {
      return new URL(target, origin);
    } catch {
      // try the next origin
    }
  }
  return undefined;
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
