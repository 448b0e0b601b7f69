// The README's scale-out setup, run as written: `tokpost migrate`, then `tokpost serve --no-worker`
// and two `tokpost worker` processes against one PostgreSQL (a schema of its own in 127.0.0.1:5432
// `test`, or TOKPOST_TEST_DATABASE_URL), with one encryption key and one data folder. The database
// sees both workers beat; each stops cleanly and takes its heartbeat with it.
import { join } from 'node:path';
import { openEngine } from '@tokpost/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { ENCRYPTION_KEY, spawnTokpost, tempDir, tokpost } from './support/cli-harness.js';
import { adminSql, TEST_POSTGRES_URL } from '../../../test/support/postgres-admin.js';

const POSTGRES_URL = TEST_POSTGRES_URL;
const schema = `cli_${process.pid}_${Date.now().toString(36)}`;


afterAll(async () => {
  await adminSql(`drop schema if exists ${schema} cascade`);
});

describe('scale-out: serve --no-worker and N workers on one PostgreSQL', () => {
  it('runs as the README shows', async () => {
    await adminSql(`create schema ${schema}`);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const dir = tempDir();
    const env = {
      DATABASE_URL: url.toString(),
      TOKPOST_ENCRYPTION_KEY: ENCRYPTION_KEY,
      TOKPOST_DATA_DIR: join(dir, 'shared'),
      TOKPOST_PORT: '0',
      TIKTOK_CLIENT_KEY: 'scale_out_key',
      TIKTOK_CLIENT_SECRET: 'scale-out-secret',
      // Nothing here calls TikTok; a closed port makes sure of it.
      TIKTOK_API_BASE_URL: 'http://127.0.0.1:9',
      TIKTOK_AUTH_BASE_URL: 'http://127.0.0.1:9',
    };
    const migrated = await tokpost(['migrate'], { env, cwd: dir });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('applied');

    const serve = await spawnTokpost(['serve', '--no-worker', '--json'], { env, cwd: dir, ready: /^\{.*\}\n/ });
    const workers = await Promise.all([1, 2].map(() => spawnTokpost(['worker'], { env, cwd: dir, ready: /"msg":"worker started"/ })));
    const engine = await openEngine({ databaseUrl: env.DATABASE_URL, encryptionKey: ENCRYPTION_KEY, dataDir: env.TOKPOST_DATA_DIR, tiktok: { redirectUri: 'http://127.0.0.1/cb' } });
    try {
      const banner = JSON.parse(serve.stdout().split('\n', 1)[0]!) as { ui: string; worker: string | null; demo: unknown };
      expect(banner).toMatchObject({ worker: null, demo: null });
      const health = await fetch(`${banner.ui}healthz`);
      expect(health.status).toBe(200);
      const live = await engine.liveness();
      expect(live.alive).toBe(true);
      expect(live.workers.filter((w) => w.alive)).toHaveLength(2);
      expect((await engine.apps.list()).map((a) => a.clientKey)).toEqual(['scale_out_key']);
    } finally {
      for (const p of [serve, ...workers]) p.child.kill('SIGTERM');
    }
    expect(await Promise.all([serve, ...workers].map((p) => p.exited))).toEqual([0, 0, 0]);
    try {
      expect((await engine.liveness()).workers).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
