// The `tokpost` binary end to end: every command's --help, the local commands (migrate, api-keys,
// probe, fix) on real files and a real database, the REST commands against a running server with
// an account connected through the emulator, and the exit codes scripts rely on.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_RECIPES } from '../../../packages/media/test/support/corpus.js';
import { APP_SECRET, ENCRYPTION_KEY, startCliServer, tempDir, tokpost, type CliServer } from './support/cli-harness.js';

const COMMANDS = [
  [],
  ['serve'],
  ['worker'],
  ['migrate'],
  ['emulator'],
  ['probe'],
  ['fix'],
  ['doctor'],
  ['api-keys'],
  ['api-keys', 'create'],
  ['api-keys', 'list'],
  ['api-keys', 'revoke'],
  ['accounts'],
  ['accounts', 'list'],
  ['accounts', 'connect'],
  ['accounts', 'refresh'],
  ['accounts', 'disconnect'],
  ['posts'],
  ['posts', 'create'],
  ['posts', 'list'],
  ['posts', 'show'],
  ['posts', 'cancel'],
  ['posts', 'retry'],
  ['posts', 'import'],
];

let s: CliServer;
beforeAll(async () => {
  s = await startCliServer();
});
afterAll(async () => {
  // No secret reached the server's log (debug level) in anything the CLI did.
  const log = s?.logLines.join('') ?? '';
  expect(log).not.toContain(APP_SECRET);
  expect(log).not.toContain(ENCRYPTION_KEY);
  if (s) expect(log).not.toContain(s.key);
  await s?.close();
});

const rest = (): string[] => ['--url', s.url, '--key', s.key];

async function inBatches<T, R>(items: readonly T[], size: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

describe('tokpost --help', () => {
  it('every command answers --help with its usage and exit code 0', async () => {
    const runs = await inBatches(COMMANDS, 4, (c) => tokpost([...c, '--help']));
    runs.forEach((r, i) => {
      const path = COMMANDS[i]!.join(' ');
      expect({ path, code: r.code, stderr: r.stderr }).toEqual({ path, code: 0, stderr: '' });
      expect(r.stdout).toContain(`Usage: tokpost${path ? ` ${path}` : ''}`);
    });
    const top = runs[0]!.stdout;
    for (const line of ['0  ok', '2  usage error', '3  refused by the API', '4  server unreachable', '5  configuration error']) expect(top).toContain(line);
    expect(runs[COMMANDS.findIndex((c) => c.join(' ') === 'posts import')]!.stdout).toContain('accountId, mediaIds, title');
    expect(runs[COMMANDS.findIndex((c) => c.join(' ') === 'serve')]!.stdout).toContain('--no-worker');
  });

  it('an unknown command or option is a usage error (2)', async () => {
    const unknown = await tokpost(['publish-everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'publish-everything'");
    const option = await tokpost(['accounts', 'list', '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const missing = await tokpost(['accounts', 'refresh']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'id'");
  });
});

describe('local commands', () => {
  it('migrate creates the schema once and then says it is up to date', async () => {
    const dir = tempDir();
    const env = { TOKPOST_DATA_DIR: join(dir, 'data') };
    const first = await tokpost(['migrate'], { env, cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration\(s\) to .*tokpost\.db: 001-initial/);
    const second = await tokpost(['migrate', '--json'], { env, cwd: dir });
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout) as { applied: string[]; migrations: string[] };
    expect(json.applied).toEqual([]);
    expect(json.migrations).toContain('001-initial');
    expect(existsSync(join(dir, 'data', 'tokpost.db'))).toBe(true);
  });

  it('api-keys create prints the key once; the key works on the API until api-keys revoke', async () => {
    const created = await tokpost(['api-keys', 'create', '--name', 'ci robot', '--json'], { env: s.env });
    expect(created.code).toBe(0);
    const { apiKey, key } = JSON.parse(created.stdout) as { apiKey: { id: string; name: string; prefix: string }; key: string };
    expect(key).toMatch(/^tp_[A-Za-z0-9_-]{40,}$/);
    expect(apiKey).toMatchObject({ name: 'ci robot', prefix: key.slice(0, 7) });

    const listed = await tokpost(['api-keys', 'list'], { env: s.env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(apiKey.id);
    expect(listed.stdout).toContain('ci robot');
    expect(listed.stdout).toContain(`${key.slice(0, 7)}…`);
    expect(listed.stdout).not.toContain(key);

    const ok = await tokpost(['accounts', 'list', '--url', s.url, '--key', key]);
    expect(ok.code).toBe(0);

    const revoked = await tokpost(['api-keys', 'revoke', apiKey.id], { env: s.env });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`revoked ${apiKey.id} "ci robot"\n`);
    const refused = await tokpost(['accounts', 'list', '--url', s.url, '--key', key]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('ERR_UNAUTHORIZED: The API key is not valid: it is unknown or was revoked.');

    const unknown = await tokpost(['api-keys', 'revoke', 'key_nope'], { env: s.env });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('ERR_NOT_FOUND: API key key_nope does not exist');
    // The key never reached the server's log.
    expect(s.logLines.join('')).not.toContain(key);
  });

  it('probe names what the file is and what TikTok would refuse; fix writes a copy that passes, saying which ffmpeg it used', async () => {
    const recipe = CORPUS_RECIPES.find((r) => r.name === '15fps.mp4')!;
    const file = await recipe.make();
    const probed = await tokpost(['probe', file, '--json']);
    expect(probed.code).toBe(0);
    const { probe, findings } = JSON.parse(probed.stdout) as { probe: { kind: string; video: { fps: number } }; findings: { code: string; severity: string }[] };
    expect(probe.kind).toBe('video');
    expect(probe.video.fps).toBe(15);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'video_fps_too_low', severity: 'error' }));

    const human = await tokpost(['probe', file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('15 fps');
    expect(human.stdout).toContain('video_fps_too_low');
    const strict = JSON.parse((await tokpost(['probe', file, '--strict', '--json'])).stdout) as { findings: { code: string; severity: string }[] };
    expect(strict.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(expect.arrayContaining(['error:video_fps_too_low', 'error:video_below_720p']));

    const out = join(tempDir(), 'fixed', 'clip.mp4');
    const fixed = await tokpost(['fix', file, '-o', out]);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(/ffmpeg: \/\S*ffmpeg \((system|bundled)\)/);
    expect(fixed.stdout).toContain(`wrote ${out}`);
    expect(statSync(out).size).toBeGreaterThan(0);
    const again = JSON.parse((await tokpost(['probe', out, '--json'])).stdout) as { probe: { video: { fps: number; codec: string } }; findings: { severity: string }[] };
    expect(again.probe.video.fps).toBe(30);
    expect(again.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('probe of a missing file is a usage error, and fix of an unusable one is refused (3)', async () => {
    const missing = await tokpost(['probe', '/no/such/file.mp4']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/no/such/file.mp4 does not exist');
    const zero = join(tempDir(), 'empty.mp4');
    writeFileSync(zero, '');
    const refused = await tokpost(['fix', zero]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('ERR_NOT_FIXABLE');
  });
});

describe('REST commands against a connected emulator account', () => {
  it('accounts list, refresh, doctor and disconnect', async () => {
    const account = await s.connectAccount('cli.creator');
    const listed = await tokpost(['accounts', 'list', ...rest()]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(account.id);
    expect(listed.stdout).toContain('cli.creator');
    expect(listed.stdout).toContain('active');
    const json = JSON.parse((await tokpost(['accounts', 'list', ...rest(), '--json'])).stdout) as { accounts: { id: string; status: string }[] };
    expect(json.accounts).toContainEqual(expect.objectContaining({ id: account.id, status: 'active' }));

    const refreshed = await tokpost(['accounts', 'refresh', account.id, ...rest()]);
    expect(refreshed).toMatchObject({ code: 0, stdout: `refresh of ${account.id} queued\n` });

    const doctor = await tokpost(['doctor', account.id, ...rest(), '--json']);
    expect(doctor.code).toBe(0);
    const { report } = JSON.parse(doctor.stdout) as { report: { accountId: string; items: { id: string; status: string }[] } };
    expect(report.accountId).toBe(account.id);
    expect(report.items.find((i) => i.id === 'connection')?.status).toBe('ok');
    const everyone = await tokpost(['doctor', ...rest()]);
    expect(everyone.code).toBe(0);
    expect(everyone.stdout).toContain(`cli.creator (${account.id})`);
    expect(everyone.stdout).toMatch(/ok\s+\S/);

    const gone = await tokpost(['accounts', 'disconnect', account.id, ...rest()]);
    expect(gone).toMatchObject({ code: 0, stdout: `${account.id} is disconnected\n` });
    expect((await s.tp.engine.accounts.get(account.id)).status).toBe('disconnected');
  });
});

describe('exit codes', () => {
  it('3 with the ERR_* code when the API refuses, also as JSON on stderr', async () => {
    const r = await tokpost(['accounts', 'refresh', 'acc_missing', ...rest()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error ERR_NOT_FOUND: .*acc_missing/);
    const j = await tokpost(['accounts', 'refresh', 'acc_missing', ...rest(), '--json']);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stderr)).toMatchObject({ error: { code: 'ERR_NOT_FOUND' }, exitCode: 3 });
    const noKey = await tokpost(['accounts', 'list', '--url', s.url, '--key', 'tp_not_a_real_key_at_all_000000000']);
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('ERR_UNAUTHORIZED');
  });

  it('4 when nothing listens at --url', async () => {
    const port = await new Promise<number>((done) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => done(p));
      });
    });
    const r = await tokpost(['accounts', 'list', '--url', `http://127.0.0.1:${port}`, '--key', s.key]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`cannot reach tokpost at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('5 when the configuration is invalid, naming the setting', async () => {
    const dir = tempDir();
    const r = await tokpost(['migrate'], { env: { TOKPOST_PORT: 'eighty' }, cwd: dir });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('configuration error: TOKPOST_PORT (environment): "eighty" is not valid; expected a whole number from 0 to 65535');
    writeFileSync(join(dir, 'tokpost.config.json'), '{"TOKPOST_HOST": "0.0.0.0", "NOT_A_SETTING": 1}');
    const file = await tokpost(['api-keys', 'list'], { cwd: dir });
    expect(file.code).toBe(5);
    expect(file.stderr).toContain('NOT_A_SETTING');
    const serve = await tokpost(['serve'], { env: { TIKTOK_CLIENT_KEY: 'only-the-key' }, cwd: tempDir() });
    expect(serve.code).toBe(5);
    expect(serve.stderr).toContain('TIKTOK_CLIENT_SECRET is missing');
  });

  it('5 when the encryption key is not the one the data was sealed with; 1 naming the port when it is taken', async () => {
    const wrongKey = await tokpost(['api-keys', 'list'], { env: { ...s.env, TOKPOST_ENCRYPTION_KEY: '4'.repeat(64) } });
    expect(wrongKey.code).toBe(5);
    expect(wrongKey.stderr).toContain('the encryption key does not match the one this database');
    expect(wrongKey.stderr).not.toContain('4'.repeat(64));
    const taken = await tokpost(['serve'], { env: s.env });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`ERR_PORT_IN_USE: listen EADDRINUSE: address already in use 127.0.0.1:${new URL(s.url).port}: another process listens there; stop it or set TOKPOST_PORT`);
  });

  it('2 when a REST command has no key to send', async () => {
    const dir = tempDir();
    const r = await tokpost(['accounts', 'list', '--url', s.url], { cwd: dir, env: { TOKPOST_DATA_DIR: join(dir, 'data') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no API key: pass --key');
  });
});
