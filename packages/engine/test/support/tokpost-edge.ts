// The parts of a tokpost server that TikTok talks to, over real HTTP on 127.0.0.1: the media
// endpoint URL pulls fetch ({base}{token}/{index}, through engine.media.openPull) and the webhook
// receiver (signature checked, then engine.handleTikTokEvent). Multi-process tests run it in the
// test process; apps/server provides the real ones.
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createWebhookReceiver, type Clock } from '@tokpost/tiktok';
import type { Engine } from '../../src/index.js';

export interface TokpostEdge {
  mediaBaseUrl: string;
  webhookUrl: string;
  /** Webhook deliveries accepted (signature valid). */
  received(): number;
  close(): Promise<void>;
}

export async function startTokpostEdge(o: { engine: Engine; clientKey: string; clientSecret: string; clock: Clock }): Promise<TokpostEdge> {
  const receiver = createWebhookReceiver({ clientSecret: o.clientSecret, clientKey: o.clientKey, clock: o.clock });
  let received = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname.startsWith('/m/')) {
        const [token = '', index = ''] = url.pathname.slice(3).split('/');
        const found = await o.engine.media.openPull(token, Number(index));
        if (!found.ok) {
          res.writeHead(found.status).end();
          return;
        }
        res.writeHead(200, { 'content-type': found.contentType, 'content-length': String(found.asset.sizeBytes) });
        createReadStream(found.asset.path).pipe(res);
        return;
      }
      if (req.method === 'POST' && url.pathname === '/webhooks/tiktok') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const receipt = await receiver.receive({ rawBody: Buffer.concat(chunks), headers: req.headers });
        if (receipt.status === 'rejected') {
          res.writeHead(401).end();
          return;
        }
        received += 1;
        await o.engine.handleTikTokEvent(receipt.event);
        res.writeHead(200).end();
        return;
      }
      res.writeHead(404).end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    mediaBaseUrl: `http://127.0.0.1:${port}/m/`,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/tiktok`,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
