// scripts/start-plan.js: what `npm start` builds and where it runs the CLI from, over a scratch
// tree whose file times the test sets.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planStart, TS_WORKSPACES } from '../scripts/start-plan.js';

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function file(path: string, when: Date): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, when, when);
}

/** Sources at minute 0 everywhere; `built` sets the build outputs at minute 1. */
function repository(o: { built: boolean }): void {
  file('tsconfig.base.json', at(0));
  for (const ws of TS_WORKSPACES) {
    file(`${ws}/src/index.ts`, at(0));
    file(`${ws}/tsconfig.json`, at(0));
    file(`${ws}/package.json`, at(0));
    if (o.built) file(`${ws}/dist/.tsbuildinfo`, at(1));
  }
  for (const f of ['src/main.tsx', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json']) file(`apps/web/${f}`, at(0));
  if (o.built) file('apps/web/dist/index.html', at(1));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tokpost-start-plan-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('planStart', () => {
  it('on a fresh clone builds the web UI and runs every package from its sources', () => {
    repository({ built: false });
    expect(planStart(root)).toEqual({ buildWeb: true, runFrom: 'source', stale: TS_WORKSPACES });
  });

  it('after a full build runs the built CLI and builds nothing', () => {
    repository({ built: true });
    expect(planStart(root)).toEqual({ buildWeb: false, runFrom: 'dist', stale: [] });
  });

  it('a source edited after the build, however deep, sends that package back to its sources', () => {
    repository({ built: true });
    file('packages/engine/src/store/repos/ledger-repo.ts', at(2));
    expect(planStart(root)).toEqual({ buildWeb: false, runFrom: 'source', stale: ['packages/engine'] });
  });

  it('a changed shared compiler setting makes every package stale', () => {
    repository({ built: true });
    file('tsconfig.base.json', at(2));
    expect(planStart(root).stale).toEqual(TS_WORKSPACES);
  });

  it('a web UI source newer than the bundle rebuilds the bundle only', () => {
    repository({ built: true });
    file('apps/web/src/pages/post-page.tsx', at(2));
    expect(planStart(root)).toEqual({ buildWeb: true, runFrom: 'dist', stale: [] });
  });

  it('files under node_modules or dist do not count as sources', () => {
    repository({ built: true });
    file('apps/web/src/node_modules/x/index.js', at(5));
    file('packages/media/src/dist/leftover.ts', at(5));
    expect(planStart(root)).toEqual({ buildWeb: false, runFrom: 'dist', stale: [] });
  });
});
