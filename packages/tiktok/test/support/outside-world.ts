// What the emulator reaches out to: the app's media server (PULL_FROM_URL downloads) and the app's
// webhook endpoint. Injected as the emulator's `fetch`, so no real network is involved.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export const MEDIA_PREFIX = 'https://media.example.com/v/';
export const WEBHOOK_URL = 'https://hooks.example.com/tiktok/';

export interface Delivery {
  rawBody: string;
  headers: Headers;
}

export interface OutsideWorld {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Serves `path` at MEDIA_PREFIX + name and returns the URL. */
  serve(name: string, path: string): string;
  /** While held, media downloads wait (a pull stays PROCESSING_DOWNLOAD and can be cancelled). */
  holdDownloads(): () => void;
  deliveries: Delivery[];
  /** Decides the HTTP status answered to each webhook delivery (200 by default). */
  onWebhook: (d: Delivery) => number | Promise<number>;
}

export function createOutsideWorld(): OutsideWorld {
  const files = new Map<string, string>();
  let hold: Promise<void> | undefined;
  const world: OutsideWorld = {
    deliveries: [],
    onWebhook: () => 200,
    serve(name, path) {
      const url = MEDIA_PREFIX + name;
      files.set(url, path);
      return url;
    },
    holdDownloads() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = undefined;
        release();
      };
    },
    async fetch(input, init) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.startsWith(WEBHOOK_URL)) {
        const d = { rawBody: await new Response(init?.body ?? null).text(), headers: new Headers(init?.headers) };
        world.deliveries.push(d);
        return new Response(null, { status: await world.onWebhook(d) });
      }
      // Local servers a test started itself (a real HTTP webhook receiver) are reached for real.
      if (url.startsWith('http://127.0.0.1:')) return fetch(url, init);
      const path = files.get(url);
      if (!path) return new Response('not found', { status: 404 });
      if (hold) {
        const signal = init?.signal;
        await Promise.race([
          hold,
          new Promise<never>((_, reject) => {
            if (signal?.aborted) reject(signal.reason);
            signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          }),
        ]);
      }
      return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, { status: 200 });
    },
  };
  return world;
}
