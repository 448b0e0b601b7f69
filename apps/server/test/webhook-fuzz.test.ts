// 10,000 generated deliveries to POST /api/webhooks/tiktok: envelopes after TikTok's shape with
// fields retyped, huge and int64-sized numbers (in the envelope and inside `content`), unicode and
// control characters, bodies that are not JSON at all; signature headers missing, malformed, signed
// with the wrong secret, over other bytes, stale or future, replayed, or right; content types of
// every kind. Each answer comes within a second and is never a 500; a refused delivery commits
// nothing to the database (SQLite's data_version, read from a second connection, moves on any
// commit by the server's); and correctly signed, fresh envelopes are still accepted.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, APP_SECRET, startHarness, type Harness } from './support/harness.js';

let h: Harness;
let db: BetterSqlite3.Database;
let openId: string;

beforeAll(async () => {
  h = await startHarness();
  openId = (await h.connectAccount()).openId;
  db = new BetterSqlite3(join(h.config.dataDir, 'tokpost.db'), { readonly: true, fileMustExist: true });
});

afterAll(async () => {
  db?.close();
  await h?.close();
});

/** Changes whenever another connection (the server's) commits anything. */
const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number;

const sign = (secret: string, t: number, body: string) => `t=${t},s=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
const nowSec = () => Math.floor(h.engine.clock.now() / 1000);

const EVENTS = ['authorization.removed', 'post.publish.failed', 'post.publish.complete', 'post.publish.inbox_delivered', 'post.publish.publicly_available', 'post.publish.no_longer_publicaly_available', 'video.upload.failed', 'made.up.event'];

/** Numbers as JSON text: ordinary, int64-sized, past int64, exponent forms, negatives. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom('7312345678901234567', '18446744073709551616', '1e400', '-0', '1.5e308', '123456789012345678901234567890'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

/** A string value as JSON text: unicode, control characters, lone surrogates escaped. */
const stringText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('\u0000'), fc.constant('\ud800')).map((s) => JSON.stringify(s));

/** Any JSON-ish value written as text, numbers kept as written (so int64s reach the parser intact). */
const valueText: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('v'), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(stringText, tie('v')), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  ),
})).v;

/** `content` as TikTok sends it (JSON in a string), as an object, or anything. */
const contentText = fc.oneof(
  fc.tuple(fc.record({ publish_id: fc.oneof(fc.constant('"v_pub_url~v2.123"'), numberText, stringText), post_id: numberText, reason: fc.oneof(numberText, stringText), publish_type: stringText }, { requiredKeys: [] }), fc.boolean()).map(([c, asString]) => {
    const inner = `{${Object.entries(c).map(([k, v]) => `"${k}":${v}`).join(',')}}`;
    return asString ? JSON.stringify(inner) : inner;
  }),
  valueText,
);

/**
 * Envelopes TikTok could send for our app and creator: a known event, a whole-second time, and its
 * content as a JSON string whose ids are int64s past 2^53 (TikTok's post ids are). Signed right and
 * fresh, each must be accepted (or acknowledged as a duplicate).
 */
const validEnvelope = fc
  .record({
    event: fc.constantFrom('post.publish.complete', 'post.publish.publicly_available', 'post.publish.failed', 'post.publish.inbox_delivered', 'authorization.removed'),
    publishId: fc.stringMatching(/^v_pub_[a-z]{1,8}~v2\.[0-9]{1,19}$/),
    postId: fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n - 1n }),
    reason: fc.oneof(fc.nat({ max: 5 }).map(String), fc.constantFrom('"video_pull_failed"', '"spam_risk"')),
    note: fc.string({ unit: 'grapheme', maxLength: 20 }),
  })
  .map(({ event, publishId, postId, reason, note }) => {
    const content = event === 'authorization.removed' ? `{"reason":${/^\d+$/.test(reason) ? reason : 1}}` : `{"publish_id":"${publishId}","publish_type":"DIRECT_PUBLISH","post_id":${postId},"reason":${reason},"note":${JSON.stringify(note)}}`;
    return `{"client_key":"${APP_KEY}","event":"${event}","create_time":${nowSec()},"user_openid":"${openId}","content":${JSON.stringify(content)}}`;
  });

/** An envelope after TikTok's shape, each field right, retyped or missing. */
const envelope = fc
  .record(
    {
      client_key: fc.oneof({ weight: 6, arbitrary: fc.constant(JSON.stringify(APP_KEY)) }, { weight: 1, arbitrary: stringText }, { weight: 1, arbitrary: numberText }),
      event: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EVENTS).map((e) => JSON.stringify(e)) }, { weight: 1, arbitrary: valueText }),
      create_time: fc.oneof(fc.constant(null).map(() => String(nowSec())), numberText, stringText),
      user_openid: fc.oneof(fc.constant(null).map(() => JSON.stringify(openId)), stringText, numberText),
      content: contentText,
    },
    { requiredKeys: [] },
  )
  .chain((fields) => fc.option(fc.tuple(stringText, valueText), { freq: 5 }).map((extra) => ({ fields, extra })))
  .map(({ fields, extra }) => {
    const pairs = Object.entries(fields).map(([k, v]) => `"${k}":${v}`);
    if (extra) pairs.push(`${extra[0]}:${extra[1]}`);
    return `{${pairs.join(',')}}`;
  });

const body = fc.oneof(
  { weight: 3, arbitrary: validEnvelope.map((payload) => ({ payload, valid: true })) },
  { weight: 6, arbitrary: envelope.map((payload) => ({ payload, valid: false })) },
  { weight: 1, arbitrary: valueText.map((payload) => ({ payload, valid: false })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((payload) => ({ payload, valid: false })) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"client_key":', '\u0000\u0001', '[]', 'null', `{"client_key":"${APP_KEY}"}`).map((payload) => ({ payload, valid: false })) },
);

type SignatureKind = 'none' | 'garbage' | 'wrong-secret' | 'other-bytes' | 'stale' | 'future' | 'replayed' | 'right';

const signatureKind = fc.constantFrom<SignatureKind>('none', 'garbage', 'wrong-secret', 'other-bytes', 'stale', 'future', 'replayed', 'right', 'right');

const garbage = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('t=,s=', 't=1', 's=abc', 't=abc,s=def', `t=${'9'.repeat(40)},s=${'a'.repeat(64)}`, 't=-1,s=00', ',,,', 't=1,s=1,t=2,s=2', 'sha256=deadbeef'),
);

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '', 'ünïcode/☃');

/** Signatures accepted so far, for replays. */
const accepted: Array<{ payload: string; signature: string }> = [];

function signatureFor(kind: SignatureKind, payload: string, junk: string, skew: number): string | undefined {
  const t = nowSec();
  switch (kind) {
    case 'none':
      return undefined;
    case 'garbage':
      return junk;
    case 'wrong-secret':
      return sign('not-the-client-secret', t, payload);
    case 'other-bytes':
      return sign(APP_SECRET, t, `${payload} `);
    case 'stale':
      return sign(APP_SECRET, t - 301 - skew, payload);
    case 'future':
      return sign(APP_SECRET, t + 301 + skew, payload);
    case 'replayed':
    case 'right':
      return sign(APP_SECRET, t, payload);
  }
}

describe('generated webhook deliveries', () => {
  it('10,000 deliveries: no 500, each within a second, a refused one commits nothing, a right one is accepted', async () => {
    const statuses = new Map<string, number>();
    let rightEnvelopes = 0;
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(body, signatureKind, garbage, fc.nat({ max: 1_000_000_000 }), contentType, async (generated, kind, junk, skew, type) => {
        // Each valid envelope made unique, so two alike signed in the same second are not a replay.
        let payload = generated.valid ? `{"seq":${(sequence += 1)},${generated.payload.slice(1)}` : generated.payload;
        let signature = signatureFor(kind, payload, junk, skew);
        const replaying = kind === 'replayed' && accepted.length > 0;
        if (replaying) ({ payload, signature } = accepted[skew % accepted.length]!);
        const headers: Record<string, string> = signature === undefined ? {} : { 'tiktok-signature': signature };
        const before = dataVersion();
        const started = performance.now();
        const r = await h.request('POST', '/api/webhooks/tiktok', { key: false, raw: { payload, contentType: type }, headers });
        const took = performance.now() - started;
        const label = `${kind} ${type} ${JSON.stringify(payload).slice(0, 300)} → ${r.status} ${r.text.slice(0, 200)}`;
        statuses.set(`${r.status}`, (statuses.get(`${r.status}`) ?? 0) + 1);
        expect(r.status, label).toBeLessThan(500);
        expect(took, label).toBeLessThan(1_000);
        if (r.status >= 400) {
          expect((r.body as { error?: { code?: string } }).error?.code, label).toMatch(/^ERR_[A-Z_]+$/);
          expect(dataVersion(), `refused (${r.status}) but committed: ${label}`).toBe(before);
        } else {
          expect(r.status, label).toBe(200);
          expect(kind, label).toBe('right');
          accepted.push({ payload, signature: signature! });
        }
        // Right signature, fresh time, an envelope TikTok could send, under any well-formed content
        // type (one that is not a media type at all may be refused with 415): it must be accepted.
        if (kind === 'right' && generated.valid && /^[\x20-\x7e]*$/.test(type)) {
          rightEnvelopes += 1;
          expect(r.status, label).toBe(200);
        }
        // A replay of an accepted signature is always refused (and, above, stores nothing).
        if (replaying) expect(r.status, label).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 10_000, seed: 20261203 },
    );
    // The generators reached every kind of answer: accepted, bad signature, stale, replayed, bad body.
    expect(rightEnvelopes).toBeGreaterThan(100);
    for (const s of ['200', '400', '401', '409']) expect(statuses.get(s) ?? 0, `answers ${JSON.stringify([...statuses])}`).toBeGreaterThan(10);
  }, 300_000);
});

