// Fetching media from a URL a user gives (an import): the request must not become a way into the
// machine's own network. Every hop — the first URL and each redirect — is resolved first and
// refused when any address is private, loopback, link-local, unique-local, multicast or otherwise
// not public unicast, unless it falls in a range the operator allowed; the connection then goes to
// the address that was checked (no second lookup a DNS rebinding could answer differently).
// Size and time are bounded: a declared Content-Length over the limit is refused before reading,
// and a body that grows past it is cut off; the whole fetch, redirects included, has one deadline.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { lookup as dnsLookup } from 'node:dns/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createRequire } from 'node:module';
import type { LookupFunction } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type * as IpAddr from 'ipaddr.js';
import { EngineError, type Issue } from '../errors.js';

// ipaddr.js is CommonJS with `export =`: loaded through require, typed from its declarations.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

export interface UrlImportOptions {
  /** CIDR ranges fetched from even though they are not public (e.g. a NAS on 10.0.0.0/8). */
  allowedRanges?: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** Name resolution (tests pin names to addresses); the system resolver by default. */
  resolve?: (host: string) => Promise<string[]>;
}

export interface ImportedFile {
  path: string;
  bytes: number;
  contentType: string | undefined;
  /** The URL the file finally came from, after redirects. */
  finalUrl: string;
}

/**
 * Why an import was refused, for callers that answer each differently (the API's ERR_IMPORT_* codes):
 * a URL that is not one, an address outside the allowed ones, a file over the size limit, the time
 * limit reached, or the source failing (an error status, a broken connection, too many redirects).
 */
export type ImportRefusal = 'url' | 'address' | 'size' | 'time' | 'source';

/** An invalid-input error naming `url`, with the refusal's kind. */
export class ImportRefusedError extends EngineError {
  override name = 'ImportRefusedError';
  constructor(
    readonly refusal: ImportRefusal,
    issue: Issue,
  ) {
    super('invalid_input', `${issue.field}: ${issue.message}`, [issue]);
  }
}

const refuse = (message: string, refusal: ImportRefusal = 'url') => new ImportRefusedError(refusal, { field: 'url', message });

const systemResolve = async (host: string): Promise<string[]> => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

type Address = IpAddr.IPv4 | IpAddr.IPv6;
export type Range = [Address, number];

/** CIDR ranges (or single addresses) as isFetchableAddress takes them; a bad one is refused by name. */
export function parseAllowedRanges(ranges: readonly string[]): Range[] {
  return ranges.map((r) => {
    try {
      return ipaddr.parseCIDR(r.includes('/') ? r : `${r}/${ipaddr.parse(r).kind() === 'ipv4' ? 32 : 128}`);
    } catch {
      throw new ImportRefusedError('url', { field: 'allowedRanges', message: `the allowed range "${r}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)` });
    }
  });
}

/** Whether an address may be fetched from: public unicast, or inside an allowed range. */
export function isFetchableAddress(address: string, allowed: readonly Range[] = []): boolean {
  let ip: Address;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return false;
  }
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (ip.kind() === 'ipv6' && (ip as IpAddr.IPv6).isIPv4MappedAddress()) ip = (ip as IpAddr.IPv6).toIPv4Address();
  if (allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match([net, bits] as never))) return true;
  return ip.range() === 'unicast';
}

/** Downloads `url` to `dest` under the rules above; throws an invalid-input error naming `url`. */
export async function importFromUrl(url: string, dest: string, o: UrlImportOptions): Promise<ImportedFile> {
  const allowed = parseAllowedRanges(o.allowedRanges ?? []);
  const resolveHost = o.resolve ?? systemResolve;
  const maxRedirects = o.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(o.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw refuse('is not a URL; give an http(s) address of the media file');
  }
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw refuse(`${current.protocol} links cannot be imported; give an http(s) URL`);
      if (current.username || current.password) throw refuse('must not carry a user name or password');
      const host = current.hostname.replace(/^\[|\]$/g, '');
      const addresses = ipaddr.isValid(host) ? [host] : await resolveHost(host).catch(() => {
        throw refuse(`the host ${host} could not be resolved`, 'source');
      });
      if (addresses.length === 0) throw refuse(`the host ${host} has no address`, 'source');
      const blocked = addresses.find((a) => !isFetchableAddress(a, allowed));
      if (blocked) throw refuse(`${host} resolves to ${blocked}, a private or local address; tokpost only fetches from public addresses (an operator can allow a range with TOKPOST_IMPORT_ALLOWED_RANGES)`, 'address');
      const res = await request(current, addresses[0]!, signal);
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        res.resume();
        if (hop >= maxRedirects) throw refuse(`redirected more than ${maxRedirects} times`, 'source');
        current = new URL(res.headers.location, current);
        continue;
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw refuse(`the server answered ${res.statusCode} for ${current.origin}${current.pathname}; check the link works in a browser`, 'source');
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > o.maxBytes) {
        res.destroy();
        throw refuse(`the file is ${declared} bytes, over the import limit of ${o.maxBytes} bytes`, 'size');
      }
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > o.maxBytes) done(refuse(`the file is larger than the import limit of ${o.maxBytes} bytes`, 'size'));
          else done(null, chunk);
        },
      });
      await pipeline(res, limit, createWriteStream(dest), { signal });
      return { path: dest, bytes, contentType: res.headers['content-type'], finalUrl: current.toString() };
    }
  } catch (e) {
    await rm(dest, { force: true });
    if (signal.aborted) throw refuse(`the download did not finish within ${o.timeoutMs} ms`, 'time');
    if (e instanceof ImportRefusedError) throw e;
    throw refuse(`the download failed: ${(e as Error).message}`, 'source');
  }
}

function request(url: URL, address: string, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the address that was checked, whatever the name resolves to by now.
  const family = ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4;
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { lookup: pinned, signal, headers: { 'user-agent': 'tokpost-media-import' } }, resolve);
    req.on('error', reject);
  });
}
