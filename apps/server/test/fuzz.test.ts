// 10,000 generated requests across every route of the OpenAPI document that takes a JSON body:
// bodies built from the route's own schema with fields dropped, retyped or added, and arbitrary
// JSON values. The server must answer each one without a 500, and a request it refuses must leave
// the database exactly as it was (every table's row count and content checksum).
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let db: BetterSqlite3.Database;
let accountId: string;
let tables: string[];

beforeAll(async () => {
  h = await startHarness();
  accountId = (await h.connectAccount()).id;
  db = new BetterSqlite3(join(h.config.dataDir, 'tokpost.db'), { readonly: true, fileMustExist: true });
  tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as Array<{ name: string }>).map((r) => r.name);
});

afterAll(async () => {
  db?.close();
  await h?.close();
});

/** Every table's rows, as one string that changes when any row is added, removed or changed. */
function fingerprint(): string {
  return tables.map((t) => `${t}:${JSON.stringify(db.prepare(`select * from "${t}"`).all())}`).join('\n');
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

interface Operation {
  method: 'POST' | 'PATCH';
  path: string;
  schema: JsonSchema;
}

/** A value that fits the schema's type most of the time, and anything JSON otherwise. */
function valueFor(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const any = fc.jsonValue({ maxDepth: 2 });
  if (!s || depth > 3) return any;
  if (s.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: any });
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valueFor(x, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const typed: fc.Arbitrary<unknown> | undefined =
    type === 'string'
      ? fc.oneof(fc.string(), fc.constant(accountId), fc.constant(''), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant('2026-12-03T10:00:00Z'))
      : type === 'integer'
        ? fc.oneof(fc.integer(), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER))
        : type === 'number'
          ? fc.oneof(fc.double(), fc.integer())
          : type === 'boolean'
            ? fc.boolean()
            : type === 'array'
              ? fc.array(valueFor(s.items, depth + 1), { maxLength: 4 })
              : type === 'object' && s.properties
                ? bodyFor(s, depth + 1)
                : undefined;
  return typed ? fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: any }) : any;
}

/** An object after the schema: each field present or not, plus now and then a field nobody knows. */
function bodyFor(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, depth)]));
  return fc
    .tuple(fc.record(shape, { requiredKeys: [] }), fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { freq: 4 }))
    .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));
}

async function operations(): Promise<Operation[]> {
  const doc = (await h.request('GET', '/api/openapi.json', { key: false })).body as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema || (method !== 'post' && method !== 'patch')) continue;
      // Path parameters: a real account id for the accounts routes, otherwise an id that exists nowhere.
      const concrete = path.replace(/\{id\}/g, path.startsWith('/api/accounts/') ? accountId : 'zz_unknown');
      ops.push({ method: method.toUpperCase() as Operation['method'], path: concrete, schema });
    }
  }
  return ops;
}

describe('generated request bodies', () => {
  it('10,000 bodies across the JSON routes: never a 500, and a refused request stores nothing', async () => {
    const ops = await operations();
    // The document lists the body-taking routes this test covers; a route without one would be
    // untested here silently.
    expect(ops.map((o) => `${o.method} ${o.path.split('/').slice(0, 3).join('/')}`)).toEqual(expect.arrayContaining(['POST /api/apps', 'POST /api/posts']));
    const request = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ops).chain((op) => bodyFor(op.schema).map((body) => ({ op, body }))) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ops), fc.jsonValue({ maxDepth: 3 })).map(([op, body]) => ({ op, body })) },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ op, body }) => {
        const before = fingerprint();
        const r = await h.request(op.method, op.path, { body });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status, `${op.method} ${op.path} ${JSON.stringify(body)} → ${r.text}`).toBeLessThan(500);
        if (r.status >= 400) {
          expect((r.body as { error?: { code?: string } }).error?.code, r.text).toMatch(/^ERR_[A-Z_]+$/);
          expect(fingerprint(), `${op.method} ${op.path} was refused (${r.status}) but changed the database`).toBe(before);
        }
      }),
      { numRuns: 10_000, seed: 20261202 },
    );
    // Refusals dominate, but some generated bodies were valid and went through.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 600_000);
});
