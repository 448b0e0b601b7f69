// Coverage of the diagnostics catalog (docs/architecture.md §2.6): every code of every source has
// an entry in that source, with a summary, a fix and a family (or a stated reason for none). The
// code lists come from where the codes are declared — the contract's error catalog, @tokpost/media's
// findings, the engine's LOCAL_REASONS — and, for the reasons the pipeline and the client spell
// inline, from their source files, so a new inline reason without an entry fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FINDING_CODES } from '@tokpost/media';
import { CODE_ALIASES, FAIL_REASON_CATALOG, FAIL_REASONS, OAUTH_ERROR_CATALOG, OAUTH_ERROR_CODES, V2_ERROR_CATALOG } from '@tokpost/tiktok/contract';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CATALOG, entriesOf, LOCAL_REASONS, lookupEntry, type DiagnosticEntry, type DiagnosticSource } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ENGINE_SRC = join(here, '../../src');
const CLIENT_SRC = join(here, '../../../tiktok/src/client');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts'))
    .map((d) => join(d.parentPath, d.name));
}

function literals(files: readonly string[], patterns: readonly RegExp[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) found.add(m[1]!);
  }
  return [...found].sort();
}

// Pull-grant lookups answer TikTok's media download, not a post: their reasons never reach a user.
const engineFiles = sourceFiles(ENGINE_SRC).filter((f) => relative(ENGINE_SRC, f) !== join('media', 'pull-grants.ts'));
const ENGINE_INLINE_REASONS = literals(engineFiles, [/\breason: '([a-z0-9_]+)'/g, /\b(?:hold|park|problem)\('([a-z0-9_]+)'/g]);
const CLIENT_CODES = literals(sourceFiles(CLIENT_SRC), [/\bcode: '([a-z0-9_]+)'/g, /\buploadError\('([a-z0-9_]+)'/g]).filter((c) => c !== 'ok');

function entryIn(source: DiagnosticSource, code: string): DiagnosticEntry | undefined {
  return entriesOf(source).find((e) => e.code === code);
}

function expectComplete(entry: DiagnosticEntry | undefined, label: string): void {
  expect(entry, `${label} has no entry`).toBeDefined();
  const e = entry!;
  expect(e.summary.trim().length, `${label}: summary`).toBeGreaterThan(10);
  expect(e.fix.trim().length, `${label}: fix`).toBeGreaterThan(10);
  expect(['info', 'warning', 'error'], `${label}: severity`).toContain(e.severity);
  expect(typeof e.retryable, `${label}: retryable`).toBe('boolean');
  if (e.family === null) expect(e.familyNote.trim().length, `${label}: a null family says why`).toBeGreaterThan(10);
  else expect([1, 2, 3, 4, 5, 6, 7, 8, 9], `${label}: family`).toContain(e.family);
}

const LISTS: { source: DiagnosticSource; what: string; codes: readonly string[] }[] = [
  { source: 'tiktok_error', what: "the contract's v2 error catalog", codes: V2_ERROR_CATALOG.map((e) => e.code) },
  { source: 'fail_reason', what: "the contract's fail_reasons", codes: FAIL_REASONS },
  { source: 'oauth', what: "the contract's OAuth errors", codes: OAUTH_ERROR_CODES },
  { source: 'preflight', what: "@tokpost/media's finding codes", codes: FINDING_CODES },
  { source: 'local', what: "the engine's LOCAL_REASONS", codes: Object.keys(LOCAL_REASONS) },
  { source: 'local', what: 'reasons spelled inline in packages/engine/src', codes: ENGINE_INLINE_REASONS.filter((c) => !lookupEntry(c) || lookupEntry(c)!.source === 'local') },
  { source: 'local', what: "the client's own codes", codes: CLIENT_CODES.filter((c) => !lookupEntry(c) || lookupEntry(c)!.source === 'local') },
];

describe('diagnostics catalog coverage', () => {
  it('finds the code lists it is held against', () => {
    // Sizes as declared today; they only guard against a list silently coming back empty.
    expect(V2_ERROR_CATALOG.length).toBeGreaterThanOrEqual(18);
    expect(FAIL_REASONS.length).toBeGreaterThanOrEqual(13);
    expect(OAUTH_ERROR_CODES.length).toBeGreaterThanOrEqual(10);
    expect(FINDING_CODES.length).toBeGreaterThanOrEqual(28);
    expect(ENGINE_INLINE_REASONS).toEqual(expect.arrayContaining(['post_id_unknown', 'waiting_for_unsettled_publish', 'invalid_params', 'scope_missing']));
    expect(CLIENT_CODES).toEqual(expect.arrayContaining(['network_error', 'outcome_unknown', 'upload_window_expired', 'upload_rejected']));
  });

  describe.each(LISTS)('every code of $what', ({ source, codes }) => {
    it.each([...codes])(`%s has a complete ${source} entry`, (code) => {
      expectComplete(entryIn(source, code), `${source}:${code}`);
    });
  });

  it('every reason spelled inline in the engine resolves to an entry in some source', () => {
    for (const code of ENGINE_INLINE_REASONS) expectComplete(lookupEntry(code), `engine reason ${code}`);
  });

  it('has no entry for a TikTok code the contract does not declare', () => {
    const declared: Record<string, readonly { code: string }[]> = { tiktok_error: V2_ERROR_CATALOG, fail_reason: FAIL_REASON_CATALOG, oauth: OAUTH_ERROR_CATALOG };
    for (const [source, list] of Object.entries(declared)) {
      const codes = new Set(list.map((e) => e.code));
      for (const e of entriesOf(source as DiagnosticSource)) expect(codes.has(e.code), `${source}:${e.code} is not in the contract`).toBe(true);
    }
    const findings = new Set<string>(FINDING_CODES);
    for (const e of entriesOf('preflight')) expect(findings.has(e.code), `preflight:${e.code}`).toBe(true);
  });

  it('keeps each code once per source, and local codes apart from TikTok’s', () => {
    const keys = DIAGNOSTIC_CATALOG.map((e) => `${e.source}:${e.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    const tiktok = new Set([...V2_ERROR_CATALOG, ...FAIL_REASON_CATALOG, ...OAUTH_ERROR_CATALOG].map((e) => e.code));
    expect(entriesOf('local').filter((e) => tiktok.has(e.code)).map((e) => e.code)).toEqual([]);
  });

  it('takes retryable from the contract’s class for TikTok codes', () => {
    for (const e of [...V2_ERROR_CATALOG, ...FAIL_REASON_CATALOG, ...OAUTH_ERROR_CATALOG]) {
      const source: DiagnosticSource = e.shape === 'v2' ? 'tiktok_error' : e.shape;
      const entry = entryIn(source, e.code)!;
      expect(entry.errorClass, `${source}:${e.code}`).toBe(e.errorClass);
      expect(entry.retryable, `${source}:${e.code}`).toBe(e.errorClass === 'retryable');
    }
  });

  it('resolves the contract’s code aliases', () => {
    for (const [alias, canonical] of Object.entries(CODE_ALIASES)) expect(lookupEntry(alias, 'tiktok_error')?.code).toBe(canonical);
  });
});
