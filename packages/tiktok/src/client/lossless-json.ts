// Int64-safe JSON parsing of TikTok's raw response text. `publicaly_available_post_id` is
// list<int64> and real post ids are 19 digits: after JSON.parse they are already rounded
// (7602997517160123666 becomes 7602997517160124000). This parser returns integer literals beyond
// Number.MAX_SAFE_INTEGER as bigint, everything else exactly as JSON.parse would.

export type LosslessValue = null | boolean | number | bigint | string | LosslessValue[] | { [key: string]: LosslessValue };

/** Parses JSON text; unsafe integers become bigint. Throws SyntaxError on malformed input. */
export function parseLosslessJson(text: string): LosslessValue {
  // Fast path: without a run of 16+ digits no integer can exceed 2^53 (9007199254740992, 16 digits).
  if (!/\d{16}/.test(text)) return JSON.parse(text) as LosslessValue;
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail('unexpected trailing characters');
  return v;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.i}: ${what}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i += 1;
      else break;
    }
  }

  value(): LosslessValue {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return v;
      }
    }
    return this.fail('unexpected token');
  }

  object(): { [key: string]: LosslessValue } {
    const out: { [key: string]: LosslessValue } = {};
    this.i += 1;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i += 1;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i += 1;
      this.ws();
      // defineProperty keeps a "__proto__" key an own property, as JSON.parse does.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i];
      this.i += 1;
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(): LosslessValue[] {
    const out: LosslessValue[] = [];
    this.i += 1;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i += 1;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i];
      this.i += 1;
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const start = this.i;
    let j = start + 1;
    let escaped = false;
    const s = this.s;
    for (; j < s.length; j += 1) {
      const c = s.charCodeAt(j);
      if (c === 0x5c) {
        escaped = true;
        j += 1;
      } else if (c === 0x22) break;
    }
    if (j >= s.length) this.fail('unterminated string');
    this.i = j + 1;
    const raw = s.slice(start, j + 1);
    // Escapes are rare; let the engine's parser decode them exactly.
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  number(): number | bigint {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) return this.fail('malformed number');
    this.i += m[0].length;
    const n = Number(m[0]);
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
    return n;
  }
}

/** An int64 id as a decimal string, whatever TikTok sent (string, number, bigint). */
export function toIdString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isFinite(v)) {
    // A safe integer prints exactly; anything else was already rounded by someone else's parser.
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  return undefined;
}

/** A list of int64 ids from an array, a scalar, or nothing. */
export function toIdList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map(toIdString).filter((x): x is string => x !== undefined);
}
