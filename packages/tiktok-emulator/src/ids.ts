// Identifiers shaped like TikTok's (docs/tiktok-api.md §1): publish ids `v_pub_file~v2-1.<digits>`, tokens
// `act.`/`rft.`, log ids `YYYYMMDDHHMMSS` + hex, and 19-digit int64 post ids above 2^53.
import { randomBytes } from 'node:crypto';

export type RandomBytes = (n: number) => Uint8Array;

export interface IdFactory {
  token(prefix: string): string;
  openId(): string;
  hex(bytes: number): string;
  digits(count: number): string;
  logId(nowMs: number): string;
  /** A 19-digit id starting with 7, like real TikTok video ids (always above 2^53). */
  postId(): bigint;
  code(): string;
}

export function createIds(random: RandomBytes = (n) => randomBytes(n)): IdFactory {
  const hex = (bytes: number) => Buffer.from(random(bytes)).toString('hex');
  const digits = (count: number) => {
    const bytes = random(count);
    let out = '';
    for (let i = 0; i < count; i++) out += String((bytes[i] ?? 0) % 10);
    return out;
  };
  const b64 = (bytes: number) => Buffer.from(random(bytes)).toString('base64url');
  return {
    token: (prefix) => `${prefix}${b64(30)}`,
    openId: () => `-000${b64(24)}`,
    hex,
    digits,
    logId(nowMs) {
      const d = new Date(nowMs);
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
      return `${stamp}${hex(10).toUpperCase()}`;
    },
    postId: () => BigInt(`7${digits(18)}`),
    // Real codes contain `*` and `!`, which trip clients that forget to URL-decode them.
    code: () => `${b64(24)}*0!${digits(4)}.va`,
  };
}
