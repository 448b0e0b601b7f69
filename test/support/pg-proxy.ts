// A TCP proxy in front of PostgreSQL that a test can cut: cut() destroys every connection through it
// at once, as a PostgreSQL restart does to its clients, without restarting the shared server other
// tests use. New connections are accepted again right after (or refused while `down`).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface PgProxy {
  /** `url` with its host and port pointed at the proxy. */
  urlFor(url: string): string;
  port: number;
  /** Drops every open connection (both sides); `refuseMs` keeps refusing new ones that long. */
  cut(refuseMs?: number): void;
  /** Connections cut so far. */
  cutCount(): number;
  close(): Promise<void>;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const open = new Set<Socket>();
  let refuseUntil = 0;
  let cuts = 0;
  const server: Server = createServer((client) => {
    if (Date.now() < refuseUntil) {
      client.destroy();
      return;
    }
    const upstream = createConnection(target);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut(refuseMs = 0) {
      refuseUntil = Date.now() + refuseMs;
      for (const s of open) {
        if (s.remoteAddress !== undefined && s.localPort === port) cuts += 1;
        s.destroy();
      }
      open.clear();
    },
    cutCount: () => cuts,
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
