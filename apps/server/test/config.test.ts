// loadConfig: defaults, the config file and the environment's precedence, and errors that name the
// setting, show a bad value (never a secret's) and say what is expected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/index.js';

let dir: string | undefined;
const tempDir = () => (dir = mkdtempSync(join(tmpdir(), 'tokpost-config-')));
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({}, { cwd: tempDir() });
    expect(c).toEqual({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      dataDir: './data',
      databaseUrl: undefined,
      encryptionKey: undefined,
      previousEncryptionKeys: [],
      tiktok: { clientKey: undefined, clientSecret: undefined, audited: false, apiBaseUrl: undefined, authBaseUrl: undefined },
      mediaPrefix: undefined,
      maxUploadBytes: 4_294_967_296,
      mediaImport: { allowedRanges: [], maxBytes: 4_294_967_296, timeoutMs: 600_000 },
      mediaVerify: undefined,
      logLevel: 'info',
      smtp: undefined,
      time: undefined,
      engineSettings: {},
      configFile: undefined,
    });
  });

  it('reads the testing clock and engine tunables, and refuses bad ones', () => {
    const d = tempDir();
    const c = loadConfig({ TOKPOST_TIME_SCALE: '600', TOKPOST_TIME_ORIGIN: '1782892800000', TOKPOST_TIME_ANCHOR: '1780000000000', TOKPOST_ENGINE_SETTINGS: '{"leaseMs":300000,"retryBaseMs":5000}' }, { cwd: d });
    expect(c.time).toEqual({ factor: 600, originMs: 1_782_892_800_000, anchorRealMs: 1_780_000_000_000 });
    expect(c.engineSettings).toEqual({ leaseMs: 300_000, retryBaseMs: 5_000 });
    expect(loadConfig({ TOKPOST_TIME_SCALE: '2.5' }, { cwd: d }).time).toEqual({ factor: 2.5, originMs: undefined, anchorRealMs: undefined });
    expect(errorOf(() => loadConfig({ TOKPOST_TIME_SCALE: '0' }, { cwd: d })).setting).toBe('TOKPOST_TIME_SCALE');
    expect(errorOf(() => loadConfig({ TOKPOST_TIME_ANCHOR: 'noon' }, { cwd: d })).setting).toBe('TOKPOST_TIME_ANCHOR');
    for (const bad of ['{"leaseMs":-1}', '{"noSuchKnob":1}', '{"preflight":"warn"}', 'not json', '[1]']) {
      const e = errorOf(() => loadConfig({ TOKPOST_ENGINE_SETTINGS: bad }, { cwd: d }));
      expect(e.setting).toBe('TOKPOST_ENGINE_SETTINGS');
      expect(e.message).toContain('leaseMs');
    }
  });

  it('reads the environment', () => {
    const c = loadConfig(
      {
        TOKPOST_PORT: '8080',
        TOKPOST_HOST: '0.0.0.0',
        TOKPOST_PUBLIC_URL: 'https://tokpost.example.com/',
        DATABASE_URL: 'postgres://tp:pw@db:5432/tokpost',
        TIKTOK_CLIENT_KEY: 'aw_key',
        TIKTOK_CLIENT_SECRET: 'shh',
        TIKTOK_AUDITED: 'yes',
        TIKTOK_API_BASE_URL: 'http://127.0.0.1:4010',
        TOKPOST_MEDIA_PREFIX: 'https://tokpost.example.com/media/',
        TOKPOST_LOG_LEVEL: 'warn',
        SMTP_HOST: 'mail.example.com',
        SMTP_FROM: 'tokpost@example.com',
      },
      { cwd: tempDir() },
    );
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://tokpost.example.com',
      databaseUrl: 'postgres://tp:pw@db:5432/tokpost',
      tiktok: { clientKey: 'aw_key', clientSecret: 'shh', audited: true, apiBaseUrl: 'http://127.0.0.1:4010', authBaseUrl: undefined },
      mediaPrefix: 'https://tokpost.example.com/media/',
      logLevel: 'warn',
      smtp: { url: undefined, host: 'mail.example.com', port: 587, from: 'tokpost@example.com' },
    });
  });

  it('reads ./tokpost.config.json or TOKPOST_CONFIG; the environment wins over the file', () => {
    const d = tempDir();
    writeFileSync(join(d, 'tokpost.config.json'), JSON.stringify({ TOKPOST_PORT: 4000, TIKTOK_AUDITED: true, TOKPOST_DATA_DIR: '/srv/tokpost' }));
    expect(loadConfig({}, { cwd: d })).toMatchObject({ port: 4000, publicUrl: 'http://127.0.0.1:4000', dataDir: '/srv/tokpost', tiktok: { audited: true }, configFile: join(d, 'tokpost.config.json') });
    expect(loadConfig({ TOKPOST_PORT: '5000' }, { cwd: d }).port).toBe(5000);

    writeFileSync(join(d, 'other.json'), JSON.stringify({ TOKPOST_HOST: '10.0.0.2' }));
    expect(loadConfig({ TOKPOST_CONFIG: 'other.json' }, { cwd: d })).toMatchObject({ host: '10.0.0.2', port: 3000 });
  });

  it('names the setting, the bad value and what it expects', () => {
    const d = tempDir();
    expect(errorOf(() => loadConfig({ TOKPOST_PORT: 'eighty' }, { cwd: d })).message).toBe('TOKPOST_PORT (environment): "eighty" is not valid; expected a whole number from 0 to 65535 (0 picks a free port)');
    expect(errorOf(() => loadConfig({ TOKPOST_PORT: '70000' }, { cwd: d })).setting).toBe('TOKPOST_PORT');
    expect(errorOf(() => loadConfig({ TOKPOST_LOG_LEVEL: 'loud' }, { cwd: d })).message).toBe('TOKPOST_LOG_LEVEL (environment): "loud" is not valid; expected one of fatal, error, warn, info, debug, trace, silent');
    expect(errorOf(() => loadConfig({ TIKTOK_AUDITED: 'maybe' }, { cwd: d })).message).toContain('TIKTOK_AUDITED (environment): "maybe" is not valid; expected true or false');
    expect(errorOf(() => loadConfig({ TOKPOST_PUBLIC_URL: 'tokpost.example.com' }, { cwd: d })).setting).toBe('TOKPOST_PUBLIC_URL');
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_PREFIX: 'https://x.example.com/media' }, { cwd: d })).setting).toBe('TOKPOST_MEDIA_PREFIX');
    expect(errorOf(() => loadConfig({ SMTP_HOST: 'mail.example.com' }, { cwd: d })).message).toBe('SMTP_FROM is missing; expected the sender address whenever SMTP_URL or SMTP_HOST is set');
    expect(errorOf(() => loadConfig({ SMTP_HOST: 'mail.example.com', SMTP_FROM: 'not an address' }, { cwd: d })).setting).toBe('SMTP_FROM');
    expect(errorOf(() => loadConfig({ TIKTOK_CLIENT_KEY: 'aw_key' }, { cwd: d })).setting).toBe('TIKTOK_CLIENT_SECRET');

    writeFileSync(join(d, 'tokpost.config.json'), JSON.stringify({ TOKPOST_PORT: -1 }));
    expect(errorOf(() => loadConfig({}, { cwd: d })).message).toBe(`TOKPOST_PORT (in ${join(d, 'tokpost.config.json')}): -1 is not valid; expected a whole number from 0 to 65535 (0 picks a free port)`);
    writeFileSync(join(d, 'tokpost.config.json'), JSON.stringify({ TOKPOST_PROT: 3000 }));
    expect(errorOf(() => loadConfig({}, { cwd: d })).setting).toBe('TOKPOST_PROT');
    writeFileSync(join(d, 'tokpost.config.json'), '{ not json');
    expect(errorOf(() => loadConfig({}, { cwd: d })).setting).toBe('TOKPOST_CONFIG');
    expect(errorOf(() => loadConfig({ TOKPOST_CONFIG: 'missing.json' }, { cwd: d })).message).toContain('the file does not exist');
  });

  it('reads the upload limit and the media prefix verification file', () => {
    const c = loadConfig(
      {
        TOKPOST_MAX_UPLOAD_BYTES: '1048576',
        TOKPOST_MEDIA_PREFIX: 'https://tokpost.example.com/media/',
        TOKPOST_MEDIA_VERIFY_FILE: 'tiktokAbC123.txt',
        TOKPOST_MEDIA_VERIFY_CONTENT: ' tiktok-developers-site-verification=AbC123 ',
      },
      { cwd: tempDir() },
    );
    expect(c).toMatchObject({ maxUploadBytes: 1_048_576, mediaVerify: { fileName: 'tiktokAbC123.txt', content: 'tiktok-developers-site-verification=AbC123' } });
    const d = tempDir();
    writeFileSync(join(d, 'tokpost.config.json'), JSON.stringify({ TOKPOST_MAX_UPLOAD_BYTES: 2048 }));
    expect(loadConfig({}, { cwd: d }).maxUploadBytes).toBe(2048);
    expect(describeConfig(c)).toContain('media prefix: https://tokpost.example.com/media/, verification file tiktokAbC123.txt');
    expect(describeConfig(c)).toContain('largest upload: 1048576 bytes');
  });

  it('refuses a bad upload limit or verification file, naming the setting', () => {
    const d = tempDir();
    const prefix = 'https://tokpost.example.com/media/';
    expect(errorOf(() => loadConfig({ TOKPOST_MAX_UPLOAD_BYTES: '4GB' }, { cwd: d })).message).toBe(
      'TOKPOST_MAX_UPLOAD_BYTES (environment): "4GB" is not valid; expected a whole number of bytes of at least 1, e.g. 4294967296 for 4 GiB',
    );
    expect(errorOf(() => loadConfig({ TOKPOST_MAX_UPLOAD_BYTES: '0' }, { cwd: d })).setting).toBe('TOKPOST_MAX_UPLOAD_BYTES');
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_PREFIX: prefix, TOKPOST_MEDIA_VERIFY_FILE: '../secret.txt', TOKPOST_MEDIA_VERIFY_CONTENT: 'x' }, { cwd: d })).setting).toBe('TOKPOST_MEDIA_VERIFY_FILE');
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_PREFIX: prefix, TOKPOST_MEDIA_VERIFY_FILE: 'a/b.txt', TOKPOST_MEDIA_VERIFY_CONTENT: 'x' }, { cwd: d })).setting).toBe('TOKPOST_MEDIA_VERIFY_FILE');
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_PREFIX: prefix, TOKPOST_MEDIA_VERIFY_FILE: 'tiktokAbC.txt' }, { cwd: d })).message).toBe(
      'TOKPOST_MEDIA_VERIFY_CONTENT is missing; expected TOKPOST_MEDIA_VERIFY_FILE and TOKPOST_MEDIA_VERIFY_CONTENT together, or neither',
    );
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_VERIFY_CONTENT: 'x' }, { cwd: d })).setting).toBe('TOKPOST_MEDIA_VERIFY_FILE');
    expect(errorOf(() => loadConfig({ TOKPOST_MEDIA_VERIFY_FILE: 'tiktokAbC.txt', TOKPOST_MEDIA_VERIFY_CONTENT: 'x' }, { cwd: d })).setting).toBe('TOKPOST_MEDIA_PREFIX');
  });

  it('never shows the value of a secret setting', () => {
    const d = tempDir();
    for (const [name, value] of [
      ['TOKPOST_ENCRYPTION_KEY', 'short-key-value-0x1'],
      ['DATABASE_URL', 'mysql://root:hunter2@db/tokpost'],
      ['SMTP_URL', 'http://user:mailpass@mail.example.com'],
      // One good old key next to a bad one: the message shows neither.
      ['TOKPOST_PREVIOUS_ENCRYPTION_KEYS', `${'cd'.repeat(32)},not-a-key-0x2`],
    ] as const) {
      const e = errorOf(() => loadConfig({ [name]: value }, { cwd: d }));
      expect(e.setting).toBe(name);
      expect(e.message).toMatch(new RegExp(`^${name} \\(environment\\): the value given is not valid; expected `));
      expect(e.message).not.toContain(value);
    }
  });
});

describe('TOKPOST_PREVIOUS_ENCRYPTION_KEYS', () => {
  it('is a comma-separated list of keys, blanks and spaces ignored; unset is none', () => {
    const d = tempDir();
    const hex = 'cd'.repeat(32);
    const b64 = 'A'.repeat(43);
    expect(loadConfig({ TOKPOST_PREVIOUS_ENCRYPTION_KEYS: ` ${hex} ,, ${b64} ` }, { cwd: d }).previousEncryptionKeys).toEqual([hex, b64]);
    expect(loadConfig({}, { cwd: d }).previousEncryptionKeys).toEqual([]);
    expect(errorOf(() => loadConfig({ TOKPOST_PREVIOUS_ENCRYPTION_KEYS: 'ab'.repeat(31) }, { cwd: d })).setting).toBe('TOKPOST_PREVIOUS_ENCRYPTION_KEYS');
  });
});

describe('describeConfig', () => {
  it('says what is configured without printing a secret', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://tp:db-password-1@db:5432/tokpost',
        TOKPOST_ENCRYPTION_KEY: 'ab'.repeat(32),
        TOKPOST_PREVIOUS_ENCRYPTION_KEYS: 'ef'.repeat(32),
        TIKTOK_CLIENT_KEY: 'aw_key',
        TIKTOK_CLIENT_SECRET: 'client-secret-2',
        SMTP_URL: 'smtps://mailer:smtp-password-3@mail.example.com',
        SMTP_FROM: 'tokpost@example.com',
      },
      { cwd: tempDir() },
    );
    const text = describeConfig(c);
    for (const secret of ['db-password-1', 'ab'.repeat(32), 'ef'.repeat(32), 'client-secret-2', 'smtp-password-3']) expect(text).not.toContain(secret);
    expect(text).toContain('client key aw_key, client secret set');
    expect(text).toContain('encryption key: from TOKPOST_ENCRYPTION_KEY, 1 previous key(s) from TOKPOST_PREVIOUS_ENCRYPTION_KEYS');
    expect(text).toContain('db:5432/tokpost');
  });
});
