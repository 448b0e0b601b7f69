// `tokpost keys rotate`, the real binary on a SQLite data folder whose accounts were connected
// through the emulator (so their tokens are real ones TikTok accepts): with configured keys
// (TOKPOST_ENCRYPTION_KEY + TOKPOST_PREVIOUS_ENCRYPTION_KEYS) and with the key file; afterwards a
// server holding only the new key still uses every token, the database file holds no token or
// secret in the clear, and the old key alone is refused. A rotation SIGKILLed between batches
// loses nothing, and running it again finishes.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEngine } from '@tokpost/engine';
import { loadConfig, startTokpost } from '@tokpost/server';
import { createEmulator, type Emulator } from '@tokpost/tiktok-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, tempDir, tokpost } from './support/cli-harness.js';

const APP_KEY = 'rotate_client_key';
const APP_SECRET = 'rotate-client-secret-never-printed-8c1f';
const OLD_KEY = '4a'.repeat(32);
const NEW_KEY = '5b'.repeat(32);
const REDIRECT = 'http://127.0.0.1:9/api/oauth/tiktok/callback';
const SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];

interface Seeded {
  emu: Emulator;
  dataDir: string;
  accountIds: string[];
  /** Every secret the database holds sealed: the app's client secret and each token TikTok issued. */
  secrets: string[];
}

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

/** A data folder with `n` connected accounts, sealed under `encryptionKey` (unset: a key file). */
async function seed(n: number, encryptionKey?: string): Promise<Seeded> {
  const emu = createEmulator();
  open.push(emu);
  const { url } = await emu.listen({ port: 0, host: '127.0.0.1' });
  await emu.admin.createApp({ client_key: APP_KEY, client_secret: APP_SECRET, redirect_uris: [REDIRECT], audited: true });
  const secrets = [APP_SECRET];
  // The tokens as TikTok sent them, read off the wire, not out of tokpost.
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).includes('/v2/oauth/token/')) {
      const body = (await res.clone().json()) as { access_token?: string; refresh_token?: string };
      if (body.access_token && body.refresh_token) secrets.push(body.access_token, body.refresh_token);
    }
    return res;
  };
  const dataDir = join(tempDir('tokpost-rotate-'), 'data');
  const engine = await openEngine({ dataDir, encryptionKey, tiktok: { baseUrls: { api: url, auth: url }, fetch: recording, redirectUri: REDIRECT } });
  const accountIds: string[] = [];
  try {
    const app = await engine.apps.create({ clientKey: APP_KEY, clientSecret: APP_SECRET, audited: true, verifiedUrlPrefixes: [] });
    for (let i = 0; i < n; i++) {
      const { open_id } = await emu.admin.createCreator({ username: `rotate.${i}` });
      const { code } = await emu.admin.consent({ client_key: APP_KEY, open_id, scopes: SCOPES, redirect_uri: REDIRECT });
      accountIds.push((await engine.accounts.connectWithCode({ appId: app.id, code, requestedScopes: SCOPES })).account.id);
    }
  } finally {
    await engine.close();
  }
  expect(secrets).toHaveLength(1 + 2 * n);
  return { emu, dataDir, accountIds, secrets };
}

/** The key id in front of every sealed value, read with plain SQL (`v1.<key id>.<sealed>`). */
function sealedKeyIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'tokpost.db'), { readonly: true });
  try {
    const values = [
      ...db.prepare('select client_secret_enc as v from apps').all(),
      ...db.prepare('select access_token_enc as v from accounts union all select refresh_token_enc from accounts').all(),
    ] as Array<{ v: string }>;
    return values.map(({ v }) => {
      expect(v).toMatch(/^v1\.[A-Za-z0-9_-]+\./);
      return v.split('.')[1]!;
    });
  } finally {
    db.close();
  }
}

/** The bytes of the database and its journal files. */
function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).filter((f) => f.startsWith('tokpost.db')).map((f) => readFileSync(join(dataDir, f))));
}

/** A server with `env`'s keys asks TikTok for each account's creator info, which needs its token. */
async function serverUsesEveryToken(s: Seeded, env: Record<string, string>): Promise<void> {
  const config = loadConfig(
    { TOKPOST_PORT: '0', TOKPOST_DATA_DIR: s.dataDir, TIKTOK_CLIENT_KEY: APP_KEY, TIKTOK_CLIENT_SECRET: APP_SECRET, TIKTOK_AUDITED: 'true', TIKTOK_API_BASE_URL: s.emu.baseUrl, TIKTOK_AUTH_BASE_URL: s.emu.baseUrl, TOKPOST_LOG_LEVEL: 'silent', ...env },
    { cwd: s.dataDir },
  );
  const tp = await startTokpost(config, { worker: false, handleSignals: false, logStream: { write: () => undefined } });
  try {
    const { key } = await tp.engine.apiKeys.create({ name: 'rotation check' });
    for (const [i, id] of s.accountIds.entries()) {
      const res = await fetch(`${tp.url}/api/accounts/${id}/creator-info`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status, id).toBe(200);
      expect(((await res.json()) as { creatorInfo: { username: string } }).creatorInfo.username).toBe(`rotate.${i}`);
    }
  } finally {
    await tp.stop();
  }
}

const envOf = (dataDir: string, keys: Record<string, string> = {}) => ({ TOKPOST_DATA_DIR: dataDir, ...keys });

function expectNothingSecretIn(text: string, s: Seeded): void {
  for (const secret of [...s.secrets, OLD_KEY, NEW_KEY]) expect(text).not.toContain(secret);
}

describe('tokpost keys rotate', () => {
  it('with configured keys: re-seals everything under the new key; the new key alone reads every token, the old one alone is refused', async () => {
    const s = await seed(3, OLD_KEY);
    const before = sealedKeyIds(s.dataDir);
    expect(new Set(before).size).toBe(1);
    const oldId = before[0]!;

    const noOldKey = await tokpost(['keys', 'rotate'], { env: envOf(s.dataDir, { TOKPOST_ENCRYPTION_KEY: OLD_KEY }) });
    expect(noOldKey.code).toBe(5);
    expect(noOldKey.stderr).toContain('TOKPOST_PREVIOUS_ENCRYPTION_KEYS');
    expect(sealedKeyIds(s.dataDir)).toEqual(before);

    const rotating = envOf(s.dataDir, { TOKPOST_ENCRYPTION_KEY: NEW_KEY, TOKPOST_PREVIOUS_ENCRYPTION_KEYS: OLD_KEY });
    const human = await tokpost(['keys', 'rotate', '--batch-size', '2'], { env: rotating });
    expect(human.code, human.stderr).toBe(0);
    const after = sealedKeyIds(s.dataDir);
    const newId = after[0]!;
    expect(newId).not.toBe(oldId);
    expect(after).toEqual(Array(before.length).fill(newId));
    // 1 app secret + 6 tokens + the key check value; oauth states are gone once used.
    expect(human.stdout).toContain(`re-sealed 8 value(s) under key ${newId} (from ${oldId}; TOKPOST_ENCRYPTION_KEY)`);
    expect(human.stdout).toContain('remove TOKPOST_PREVIOUS_ENCRYPTION_KEYS from every process');
    expectNothingSecretIn(human.stdout + human.stderr, s);

    // Again: nothing left to do.
    const json = await tokpost(['keys', 'rotate', '--json'], { env: rotating });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ fromKeyIds: [oldId], toKeyId: newId, resealed: 0, remaining: 0, finished: true, keySource: 'TOKPOST_ENCRYPTION_KEY' });

    await serverUsesEveryToken(s, { TOKPOST_ENCRYPTION_KEY: NEW_KEY });
    const bytes = databaseBytes(s.dataDir);
    for (const secret of s.secrets) expect(bytes.includes(Buffer.from(secret)), 'a secret in the clear in the database file').toBe(false);
    const oldOnly = await tokpost(['api-keys', 'list'], { env: envOf(s.dataDir, { TOKPOST_ENCRYPTION_KEY: OLD_KEY }) });
    expect(oldOnly.code).toBe(5);
    expectNothingSecretIn(oldOnly.stdout + oldOnly.stderr, s);
  });

  it('with the key file: a rotation SIGKILLed between batches loses nothing, and running it again finishes', async () => {
    const s = await seed(4);
    const keyFile = join(s.dataDir, 'encryption.key');
    const oldFileKey = readFileSync(keyFile, 'utf8');
    const oldId = sealedKeyIds(s.dataDir)[0]!;

    // One row per batch and a pause after each: the kill lands after the second batch committed.
    const child = spawn(process.execPath, [BIN, 'keys', 'rotate', '--batch-size', '1', '--pause-ms', '3000'], { env: baseEnv(envOf(s.dataDir)), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    let err = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/re-sealed \d+ value\(s\) so far\n[^]*re-sealed \d+ value\(s\) so far\n/.test(err)) resolve();
      });
      void exited.then(() => reject(new Error(`the rotation ended before its second batch: ${err}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const halfway = sealedKeyIds(s.dataDir);
    const newIds = halfway.filter((id) => id !== oldId);
    expect(newIds.length).toBeGreaterThan(0);
    expect(newIds.length).toBeLessThan(halfway.length);
    expect(new Set(newIds).size).toBe(1);
    // The new key waits next to the old one, which is still in place.
    expect(existsSync(join(s.dataDir, 'encryption.key.next'))).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).toBe(oldFileKey);
    await serverUsesEveryToken(s, {});

    const again = await tokpost(['keys', 'rotate', '--json'], { env: envOf(s.dataDir) });
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { toKeyId: string; fromKeyIds: string[]; resealed: number; finished: boolean; keySource: string };
    expect(report).toMatchObject({ toKeyId: newIds[0], fromKeyIds: [oldId], finished: true, keySource: 'key file' });
    expect(report.resealed).toBe(halfway.length + 1 - newIds.length);
    expect(sealedKeyIds(s.dataDir)).toEqual(Array(halfway.length).fill(newIds[0]));
    expect(existsSync(join(s.dataDir, 'encryption.key.next'))).toBe(false);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldFileKey);
    expect(readFileSync(join(s.dataDir, `encryption.key.retired-${oldId}`), 'utf8')).toBe(oldFileKey);
    expectNothingSecretIn(again.stdout + again.stderr + err, s);

    await serverUsesEveryToken(s, {});
    const bytes = databaseBytes(s.dataDir);
    for (const secret of s.secrets) expect(bytes.includes(Buffer.from(secret)), 'a secret in the clear in the database file').toBe(false);
  });

  it('refuses a bad batch size (2) and documents its exit codes in --help', async () => {
    const bad = await tokpost(['keys', 'rotate', '--batch-size', '0'], { env: envOf(tempDir()) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-size must be a whole number of at least 1, got "0"');
    const help = await tokpost(['keys', 'rotate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('6 when some are not yet (run it again)');
  });
});
