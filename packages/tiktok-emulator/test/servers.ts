// Small loopback servers the emulator talks to in tests: a media host for URL pulls and a webhook
// receiver that records what arrives and answers with the status the test chooses.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LoopbackServer & { stalled: ServerResponse[] }> {
  const stalled: ServerResponse[] = [];
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stalled,
    close: () =>
      new Promise<void>((r) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type MediaRoute = { file: string; type: string } | { status: number; location?: string } | { stall: true };

/** Serves files under /media/<name>; routes can also answer an error, redirect, or hang forever. */
export async function startMediaServer(routes: Record<string, MediaRoute>) {
  const hits: string[] = [];
  const srv = await serve((req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/media\//, ''));
    hits.push(name);
    const route = routes[name];
    if (!route) {
      res.writeHead(404).end();
    } else if ('file' in route) {
      res.writeHead(200, { 'content-type': route.type, 'content-length': String(statSync(route.file).size) });
      createReadStream(route.file).pipe(res);
    } else if ('stall' in route) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '10000000' });
      res.write(Buffer.alloc(1000));
      srv.stalled.push(res);
    } else {
      res.writeHead(route.status, route.location ? { location: route.location } : {}).end();
    }
  });
  return { ...srv, prefix: `${srv.url}/media/`, hits };
}

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Records webhook POSTs; `statuses` is consumed one per request (200 once it runs out). */
export async function startWebhookReceiver(statuses: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const srv = await serve((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  /** Resolves once at least `n` deliveries have arrived. */
  const waitFor = async (n: number) => {
    while (received.length < n) await new Promise<void>((r) => waiters.push(r));
    return received;
  };
  return { ...srv, received, waitFor };
}
