// Exposes a Handler as a `fetch` function, so a client can talk to the emulator in-process. A
// reset fault surfaces the way undici reports a dropped connection: TypeError('fetch failed')
// whose cause has code ECONNRESET.
import type { Handler } from './types.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function toFetch(handler: Handler): FetchLike {
  return async (input, init) => {
    // Streamed bodies (an upload's file stream) need duplex: 'half'; it is harmless for the rest.
    const request = new Request(input, init?.body ? ({ ...init, duplex: 'half' } as RequestInit) : init);
    if (request.signal.aborted) throw request.signal.reason;
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const result = await handler({
      method: request.method,
      url: new URL(request.url),
      headers,
      body: request.body as unknown as AsyncIterable<Uint8Array> | null,
    });
    if (result.kind === 'reset') {
      const cause = Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
      throw new TypeError('fetch failed', { cause });
    }
    const nullBody = result.status === 204 || result.status === 304 || (result.status >= 100 && result.status < 200);
    return new Response(nullBody ? null : (result.body as BodyInit | null), { status: result.status, headers: result.headers });
  };
}
