// The REST commands' one way to the server: JSON over HTTP with the API key as Bearer. Failures
// become CliErrors with the exit codes of exit-codes.ts: a 4xx is a refusal (3) carrying the API's
// ERR_* code and message, a 5xx or no answer at all is "unreachable" (4).
import { CliError, EXIT } from './exit-codes.js';

export interface ApiClient {
  readonly baseUrl: string;
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, o?: { body?: unknown; raw?: { bytes: Uint8Array; headers: Record<string, string> } }): Promise<T>;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; issues?: { field: string; message: string }[] };
}

export function createApiClient(o: { baseUrl: string; key: string | undefined; fetch?: typeof fetch; timeoutMs?: number }): ApiClient {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  return {
    baseUrl: base,
    async request<T>(method: string, path: string, ro: { body?: unknown; raw?: { bytes: Uint8Array; headers: Record<string, string> } } = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (o.key) headers['authorization'] = `Bearer ${o.key}`;
      let body: BodyInit | undefined;
      if (ro.raw) {
        Object.assign(headers, ro.raw.headers);
        body = ro.raw.bytes as Uint8Array<ArrayBuffer>;
      } else if (ro.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(ro.body);
      }
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 120_000) });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (e as Error).message;
        throw new CliError(`cannot reach tokpost at ${base} (${why}); is the server running (tokpost serve), and is --url right?`, EXIT.unreachable, 'ERR_UNREACHABLE');
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (res.ok) return parsed as T;
      const err = (parsed as ErrorAnswer | undefined)?.error;
      const code = err?.code ?? `HTTP_${res.status}`;
      const message = err?.message ?? `the server answered ${res.status} ${res.statusText}`;
      const details = (err?.issues ?? []).map((i) => `${i.field}: ${i.message}`);
      throw new CliError(message, res.status >= 500 ? EXIT.unreachable : EXIT.refused, code, details);
    },
  } as ApiClient;
}
