// The workspace itself: the import-direction rule catches violations, the built packages load
// from dist/ as plain ESM (how `npm start` and other projects use them), and the emulator's bin
// serves the demo scenario.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

const run = promisify(execFile);

describe('import directions (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('lets the emulator import only the contract', async () => {
    expect(await lint('packages/tiktok-emulator/src/x.ts', "import { checkChunkPlan } from '@tokpost/tiktok/contract';\nexport const f = checkChunkPlan;\n")).toEqual([]);
    expect(await lint('packages/tiktok-emulator/src/x.ts', "import { checkChunkPlan } from '@tokpost/tiktok';\nexport const f = checkChunkPlan;\n")).toHaveLength(1);
    expect(await lint('packages/tiktok-emulator/src/x.ts', "import { probe } from '@tokpost/media';\nexport const f = probe;\n")).toHaveLength(1);
  });

  it('lets @tokpost/media import only the contract', async () => {
    expect(await lint('packages/media/src/x.ts', "import { VIDEO_LIMITS } from '@tokpost/tiktok/contract';\nexport const f = VIDEO_LIMITS;\n")).toEqual([]);
    expect(await lint('packages/media/src/x.ts', "import { createTikTokClient } from '@tokpost/tiktok';\nexport const f = createTikTokClient;\n")).toHaveLength(1);
    expect(await lint('packages/media/src/x.ts', "import { createEmulator } from '@tokpost/tiktok-emulator';\nexport const f = createEmulator;\n")).toHaveLength(1);
    expect(await lint('packages/media/src/x.ts', "import { y } from '../../tiktok/src/contract/y.js';\nexport const f = y;\n")).toHaveLength(1);
  });

  it('keeps @tokpost/tiktok free of our other packages', async () => {
    expect(await lint('packages/tiktok/src/client/x.ts', "import { createEmulator } from '@tokpost/tiktok-emulator';\nexport const f = createEmulator;\n")).toHaveLength(1);
    expect(await lint('packages/tiktok/src/client/x.ts', "import { probe } from '@tokpost/media';\nexport const f = probe;\n")).toHaveLength(1);
    expect(await lint('packages/tiktok/src/contract/x.ts', "import { y } from '../client/y.js';\nexport const f = y;\n")).toHaveLength(1);
  });
});

describe('engine import directions (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('keeps database drivers and the store out of the domain', async () => {
    expect(await lint('packages/engine/src/store/x.ts', "import { sql } from 'kysely';\nexport const f = sql;\n")).toEqual([]);
    expect(await lint('packages/engine/src/pipeline/x.ts', "import { sql } from 'kysely';\nexport const f = sql;\n")).toHaveLength(1);
    expect(await lint('packages/engine/src/domain/x.ts', "import pg from 'pg';\nexport const f = pg;\n")).toHaveLength(1);
    expect(await lint('packages/engine/src/services/x.ts', "import { openStore } from '../store/open-store.js';\nexport const f = openStore;\n")).toHaveLength(1);
  });

  it('lets the engine import the client and media, never the emulator', async () => {
    expect(await lint('packages/engine/src/pipeline/x.ts', "import { planChunks } from '@tokpost/tiktok';\nimport { check } from '@tokpost/media';\nexport const f = [planChunks, check];\n")).toEqual([]);
    expect(await lint('packages/engine/src/pipeline/x.ts', "import { createEmulator } from '@tokpost/tiktok-emulator';\nexport const f = createEmulator;\n")).toHaveLength(1);
    expect(await lint('packages/tiktok/src/client/x.ts', "import { createEngine } from '@tokpost/engine';\nexport const f = createEngine;\n")).toHaveLength(1);
  });
});

describe('CLI import directions (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('lets the CLI use the server, the engine, media and the emulator, never a database driver or the client', async () => {
    expect(await lint('apps/cli/src/x.ts', "import { startTokpost } from '@tokpost/server';\nimport { openEngine } from '@tokpost/engine';\nimport { probe } from '@tokpost/media';\nimport { createEmulator } from '@tokpost/tiktok-emulator';\nexport const f = [startTokpost, openEngine, probe, createEmulator];\n")).toEqual([]);
    expect(await lint('apps/cli/src/x.ts', "import { sql } from 'kysely';\nexport const f = sql;\n")).toHaveLength(1);
    expect(await lint('apps/cli/src/x.ts', "import { createTikTokClient } from '@tokpost/tiktok';\nexport const f = createTikTokClient;\n")).toHaveLength(1);
    expect(await lint('apps/cli/src/x.ts', "import { buildServer } from '../../server/src/server.js';\nexport const f = buildServer;\n")).toHaveLength(1);
  });
});

describe('built packages', () => {
  it('load from dist/ as ESM without the source condition', async () => {
    const code = [
      "const c = await import('@tokpost/tiktok/contract');",
      "const e = await import('@tokpost/tiktok-emulator');",
      "const m = await import('@tokpost/media');",
      'const emu = e.createEmulator();',
      "const r = await emu.fetch(emu.baseUrl + '/v2/user/info/?fields=open_id');",
      'console.log(JSON.stringify({ plan: c.checkChunkPlan(50000123, 10000000, 5).ok, status: r.status, code: (await r.json()).error.code, maxVideoBytes: m.VIDEO_RULES.maxBytes }));',
      'await emu.close();',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO_ROOT });
    expect(JSON.parse(stdout)).toEqual({ plan: true, status: 401, code: 'access_token_invalid', maxVideoBytes: 4_000_000_000 });
  });

  it('serve the demo scenario from the emulator bin npm linked, as npm start does', async () => {
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tiktok-emulator'), ['--port', '0', '--scenario', 'packages/tiktok-emulator/scenarios/demo.json'], {
      cwd: REPO_ROOT,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      const creators = (await (await fetch(`${url}/_emulator/creators`)).json()) as Array<{ username: string }>;
      expect(creators.map((c) => c.username)).toEqual(['demo.creator', 'quiet.creator', 'busy.creator']);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
