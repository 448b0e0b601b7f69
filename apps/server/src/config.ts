// The server's configuration, parsed and validated once per entrypoint (docs/architecture.md §4.7):
// from the environment and an optional JSON file (`TOKPOST_CONFIG`, else ./tokpost.config.json when
// it exists) whose keys are the same setting names. The environment wins over the file. Every
// setting is checked on its own, so an error names it, shows the bad value (never for a secret,
// §4.8) and says what is expected. Nothing here reads process.env: the caller passes the env in.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, maskDatabaseUrl, parseAllowedRanges, parseEncryptionKey, type EngineSettings } from '@tokpost/engine';
import { z } from 'zod';

/** Where TikTok sends the creator back after the consent page (docs/connect.md). */
export const OAUTH_CALLBACK_PATH = '/api/oauth/tiktok/callback';

/**
 * The OAuth redirect URI: the public URL and the callback path. It must be registered for the app
 * on TikTok's developer portal exactly so, and the engine's `tiktok.redirectUri` must equal it.
 */
export function oauthRedirectUri(config: Pick<ServerConfig, 'publicUrl'>): string {
  return `${config.publicUrl}${OAUTH_CALLBACK_PATH}`;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SmtpConfig {
  /** smtp:// or smtps:// with credentials (a secret), or host and port. */
  url: string | undefined;
  host: string | undefined;
  port: number;
  from: string;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** Where users and TikTok reach this server, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  encryptionKey: string | undefined;
  /** TOKPOST_PREVIOUS_ENCRYPTION_KEYS: old keys that still open values sealed before a rotation. */
  previousEncryptionKeys: string[];
  tiktok: {
    clientKey: string | undefined;
    clientSecret: string | undefined;
    audited: boolean;
    apiBaseUrl: string | undefined;
    authBaseUrl: string | undefined;
  };
  /** Base URL TikTok pulls media from (PULL_FROM_URL); unset: file uploads only. */
  mediaPrefix: string | undefined;
  /** Largest media file accepted by POST /api/media and resumable uploads (default 4 GiB). */
  maxUploadBytes: number;
  /** URL imports (POST /api/media/import): what may be fetched, how much, for how long (docs/security.md). */
  mediaImport: {
    /** CIDR ranges fetched from although not public (loopback, private and link-local are refused otherwise). */
    allowedRanges: string[];
    maxBytes: number;
    timeoutMs: number;
  };
  /** TikTok's URL-prefix verification file, served at the media prefix (docs/media.md). */
  mediaVerify: { fileName: string; content: string } | undefined;
  logLevel: LogLevel;
  smtp: SmtpConfig | undefined;
  /**
   * Testing: a scaled clock (TOKPOST_TIME_*), so that tokpost and an emulator given the same three
   * numbers agree on "now" while a week passes in minutes. Unset: the system clock.
   */
  time: { factor: number; originMs: number | undefined; anchorRealMs: number | undefined } | undefined;
  /** Testing: engine tunables over the defaults (TOKPOST_ENGINE_SETTINGS), e.g. short leases. */
  engineSettings: Partial<EngineSettings>;
  /** The config file that was read, if any. */
  configFile: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly setting: string,
  ) {
    super(message);
  }
}

type Raw = string | number | boolean | undefined;

interface Setting<T> {
  schema: z.ZodType<T>;
  expects: string;
  secret?: boolean;
}

const httpUrl = (what: string, o: { slash?: boolean } = {}): z.ZodType<string> =>
  z
    .string()
    .trim()
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), `${what} must be an http(s) URL`)
    .refine((s) => !o.slash || s.endsWith('/'), 'must end with "/"');

const text = z.string().trim().min(1);

export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** A 4 GiB file over a slow link still arrives; a source that stalls is given up after this. */
export const DEFAULT_IMPORT_TIMEOUT_MS = 10 * 60_000;

const cidrList = z
  .string()
  .trim()
  .transform((s) => s.split(',').map((r) => r.trim()).filter((r) => r !== ''))
  .refine((ranges) => {
    try {
      parseAllowedRanges(ranges);
      return true;
    } catch {
      return false;
    }
  });

const epochMs = z.coerce.number().int().min(0).max(8.64e15);

// The engine's numeric tunables (milliseconds, counts): the ones a test run may shorten. Lists and
// strings (reminder schedules, SMTP, folders) have settings of their own or stay at their defaults.
const NUMERIC_ENGINE_SETTINGS = (Object.keys(DEFAULT_SETTINGS) as Array<keyof EngineSettings>).filter((k) => typeof DEFAULT_SETTINGS[k] === 'number');
const engineSettingsSchema = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.strictObject(Object.fromEntries(NUMERIC_ENGINE_SETTINGS.map((k) => [k, z.number().nonnegative().max(Number.MAX_SAFE_INTEGER).optional()]))))
  .transform((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<EngineSettings>);

// One line per setting: how it is checked and what a person should give instead.
const SETTINGS = {
  TOKPOST_PORT: { schema: z.coerce.number().int().min(0).max(65_535), expects: 'a whole number from 0 to 65535 (0 picks a free port)' },
  TOKPOST_HOST: { schema: text, expects: 'a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0' },
  TOKPOST_PUBLIC_URL: { schema: httpUrl('the public URL').transform((s) => s.replace(/\/+$/, '')), expects: 'an http(s) URL where this server is reached, e.g. https://tokpost.example.com' },
  TOKPOST_DATA_DIR: { schema: text, expects: 'a folder path for the SQLite database and the key file' },
  DATABASE_URL: {
    schema: z.string().trim().refine((s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol)),
    expects: 'a PostgreSQL URL (postgres://user:password@host:5432/db), or unset for the embedded SQLite database',
    secret: true,
  },
  TOKPOST_ENCRYPTION_KEY: {
    schema: z.string().refine((s) => {
      try {
        parseEncryptionKey(s, 'TOKPOST_ENCRYPTION_KEY');
        return true;
      } catch {
        return false;
      }
    }),
    expects: '32 random bytes as 64 hex characters (e.g. `openssl rand -hex 32`) or 43 base64url characters',
    secret: true,
  },
  TOKPOST_PREVIOUS_ENCRYPTION_KEYS: {
    // Comma-separated; each entry is checked like TOKPOST_ENCRYPTION_KEY. Old keys only open values
    // (during a rotation, docs/key-rotation.md); nothing is sealed with them.
    schema: z
      .string()
      .transform((s) => s.split(',').map((k) => k.trim()).filter((k) => k !== ''))
      .refine((keys) =>
        keys.every((k) => {
          try {
            parseEncryptionKey(k, 'TOKPOST_PREVIOUS_ENCRYPTION_KEYS');
            return true;
          } catch {
            return false;
          }
        }),
      ),
    expects: 'a comma-separated list of old encryption keys, each 64 hex characters or 43 base64url characters',
    secret: true,
  },
  TIKTOK_CLIENT_KEY: { schema: text, expects: "the app's client key from TikTok's developer portal" },
  TIKTOK_CLIENT_SECRET: { schema: text, expects: "the app's client secret from TikTok's developer portal", secret: true },
  TIKTOK_AUDITED: {
    schema: z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes'),
    expects: 'true or false (whether TikTok has audited the app)',
  },
  TIKTOK_API_BASE_URL: { schema: httpUrl('the API base URL'), expects: "an http(s) URL of TikTok's API host (or the emulator's)" },
  TIKTOK_AUTH_BASE_URL: { schema: httpUrl('the authorization base URL'), expects: "an http(s) URL of TikTok's authorization page host (or the emulator's)" },
  TOKPOST_MEDIA_PREFIX: { schema: httpUrl('the media prefix', { slash: true }), expects: 'an http(s) URL ending in "/" that TikTok can pull media from (a prefix verified for the app)' },
  TOKPOST_MAX_UPLOAD_BYTES: { schema: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER), expects: 'a whole number of bytes of at least 1, e.g. 4294967296 for 4 GiB' },
  TOKPOST_IMPORT_ALLOWED_RANGES: {
    schema: cidrList,
    expects: 'a comma-separated list of IP ranges in CIDR form (or single addresses) that URL imports may fetch from although they are not public, e.g. 10.0.0.0/8,fd00::/8',
  },
  TOKPOST_IMPORT_MAX_BYTES: { schema: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER), expects: 'a whole number of bytes of at least 1, the largest file a URL import fetches, e.g. 1073741824 for 1 GiB' },
  TOKPOST_IMPORT_TIMEOUT_MS: { schema: z.coerce.number().int().min(1).max(86_400_000), expects: 'a whole number of milliseconds from 1 to 86400000, how long a URL import may take, e.g. 600000 for 10 minutes' },
  TOKPOST_MEDIA_VERIFY_FILE: {
    schema: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/).refine((s) => !s.includes('..')),
    expects: "the verification file's name as TikTok's developer portal gives it, e.g. tiktokAbC123.txt (letters, digits, '.', '_', '-')",
  },
  TOKPOST_MEDIA_VERIFY_CONTENT: { schema: z.string().trim().min(1).max(4_096), expects: "the verification file's content as TikTok's developer portal gives it, e.g. tiktok-developers-site-verification=AbC123" },
  TOKPOST_LOG_LEVEL: { schema: z.enum(LOG_LEVELS), expects: `one of ${LOG_LEVELS.join(', ')}` },
  SMTP_URL: { schema: z.string().trim().refine((s) => URL.canParse(s) && /^smtps?:$/.test(new URL(s).protocol)), expects: 'an smtp:// or smtps:// URL', secret: true },
  SMTP_HOST: { schema: text, expects: 'the mail server host name' },
  SMTP_PORT: { schema: z.coerce.number().int().min(1).max(65_535), expects: 'a whole number from 1 to 65535' },
  SMTP_FROM: { schema: z.string().trim().pipe(z.email()), expects: 'the sender address, e.g. tokpost@example.com' },
  TOKPOST_TIME_SCALE: {
    schema: z.coerce.number().positive().max(1e6),
    expects: 'testing only: tokpost milliseconds per real millisecond, a number above 0 (60: an hour passes in a real minute)',
  },
  TOKPOST_TIME_ORIGIN: { schema: epochMs, expects: "testing only: tokpost's time at the anchor, in milliseconds since the epoch" },
  TOKPOST_TIME_ANCHOR: { schema: epochMs, expects: 'testing only: the real time, in milliseconds since the epoch, at which tokpost reads TOKPOST_TIME_ORIGIN' },
  TOKPOST_ENGINE_SETTINGS: {
    schema: engineSettingsSchema,
    expects: `testing only: a JSON object of engine tunables, each a number of at least 0, from ${NUMERIC_ENGINE_SETTINGS.join(', ')}`,
  },
} satisfies Record<string, Setting<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export const SECRET_SETTINGS: readonly SettingName[] = SETTING_NAMES.filter((n) => (SETTINGS[n] as Setting<unknown>).secret);

type Parsed = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> | undefined };

export interface LoadConfigOptions {
  /** Where a relative TOKPOST_CONFIG and the default ./tokpost.config.json are looked up. */
  cwd?: string;
}

function readConfigFile(env: Record<string, string | undefined>, cwd: string): { path: string | undefined; values: Record<string, Raw> } {
  const named = env['TOKPOST_CONFIG']?.trim();
  const path = resolve(cwd, named || 'tokpost.config.json');
  if (!named && !existsSync(path)) return { path: undefined, values: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (e as Error).message;
    throw new ConfigError(`TOKPOST_CONFIG: cannot read ${path}: ${why}; expected a JSON object of settings`, 'TOKPOST_CONFIG');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`TOKPOST_CONFIG: ${path} must hold a JSON object of settings`, 'TOKPOST_CONFIG');
  const values: Record<string, Raw> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(SETTING_NAMES as string[]).includes(key)) throw new ConfigError(`${key} in ${path} is not a setting; expected one of ${SETTING_NAMES.join(', ')}`, key);
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) throw new ConfigError(`${key} in ${path} must be a string, number or boolean`, key);
    values[key] = value === null ? undefined : (value as Raw);
  }
  return { path, values };
}

function parseSetting<K extends SettingName>(name: K, raw: Raw, source: string): Parsed[K] {
  if (raw === undefined || raw === '') return undefined;
  const setting = SETTINGS[name] as Setting<Parsed[K]>;
  const r = setting.schema.safeParse(typeof raw === 'number' && !['TOKPOST_PORT', 'SMTP_PORT', 'TOKPOST_MAX_UPLOAD_BYTES', 'TOKPOST_IMPORT_MAX_BYTES', 'TOKPOST_IMPORT_TIMEOUT_MS', 'TOKPOST_TIME_SCALE', 'TOKPOST_TIME_ORIGIN', 'TOKPOST_TIME_ANCHOR'].includes(name) ? String(raw) : raw);
  if (r.success) return r.data;
  const shown = setting.secret ? 'the value given' : JSON.stringify(raw);
  throw new ConfigError(`${name} (${source}): ${shown} is not valid; expected ${setting.expects}`, name);
}

/** Reads and checks the whole configuration; throws a ConfigError naming the first bad setting. */
export function loadConfig(env: Record<string, string | undefined>, o: LoadConfigOptions = {}): ServerConfig {
  const file = readConfigFile(env, o.cwd ?? process.cwd());
  const v = {} as Parsed;
  for (const name of SETTING_NAMES) {
    const fromEnv = env[name];
    const useEnv = fromEnv !== undefined && fromEnv !== '';
    (v as Record<string, unknown>)[name] = parseSetting(name, useEnv ? fromEnv : file.values[name], useEnv ? 'environment' : `in ${file.path}`);
  }
  if (Boolean(v.TIKTOK_CLIENT_KEY) !== Boolean(v.TIKTOK_CLIENT_SECRET)) {
    const missing = v.TIKTOK_CLIENT_KEY ? 'TIKTOK_CLIENT_SECRET' : 'TIKTOK_CLIENT_KEY';
    throw new ConfigError(`${missing} is missing; expected TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET together, or neither`, missing);
  }
  const smtpWanted = v.SMTP_URL !== undefined || v.SMTP_HOST !== undefined;
  if (smtpWanted && v.SMTP_FROM === undefined) throw new ConfigError('SMTP_FROM is missing; expected the sender address whenever SMTP_URL or SMTP_HOST is set', 'SMTP_FROM');
  if (!smtpWanted && v.SMTP_FROM !== undefined) throw new ConfigError('SMTP_HOST is missing; expected SMTP_URL or SMTP_HOST when SMTP_FROM is set', 'SMTP_HOST');
  if (Boolean(v.TOKPOST_MEDIA_VERIFY_FILE) !== Boolean(v.TOKPOST_MEDIA_VERIFY_CONTENT)) {
    const missing = v.TOKPOST_MEDIA_VERIFY_FILE ? 'TOKPOST_MEDIA_VERIFY_CONTENT' : 'TOKPOST_MEDIA_VERIFY_FILE';
    throw new ConfigError(`${missing} is missing; expected TOKPOST_MEDIA_VERIFY_FILE and TOKPOST_MEDIA_VERIFY_CONTENT together, or neither`, missing);
  }
  if (v.TOKPOST_MEDIA_VERIFY_FILE && !v.TOKPOST_MEDIA_PREFIX) {
    throw new ConfigError('TOKPOST_MEDIA_PREFIX is missing; expected the verified URL prefix whenever TOKPOST_MEDIA_VERIFY_FILE is set (the file is served under it)', 'TOKPOST_MEDIA_PREFIX');
  }

  const timed = v.TOKPOST_TIME_SCALE !== undefined || v.TOKPOST_TIME_ORIGIN !== undefined || v.TOKPOST_TIME_ANCHOR !== undefined;

  const port = v.TOKPOST_PORT ?? 3000;
  const host = v.TOKPOST_HOST ?? '127.0.0.1';
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    host,
    publicUrl: v.TOKPOST_PUBLIC_URL ?? `http://${hostInUrl}:${port}`,
    dataDir: v.TOKPOST_DATA_DIR ?? './data',
    databaseUrl: v.DATABASE_URL,
    encryptionKey: v.TOKPOST_ENCRYPTION_KEY,
    previousEncryptionKeys: v.TOKPOST_PREVIOUS_ENCRYPTION_KEYS ?? [],
    tiktok: {
      clientKey: v.TIKTOK_CLIENT_KEY,
      clientSecret: v.TIKTOK_CLIENT_SECRET,
      audited: v.TIKTOK_AUDITED ?? false,
      apiBaseUrl: v.TIKTOK_API_BASE_URL,
      authBaseUrl: v.TIKTOK_AUTH_BASE_URL,
    },
    mediaPrefix: v.TOKPOST_MEDIA_PREFIX,
    maxUploadBytes: v.TOKPOST_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES,
    mediaImport: {
      allowedRanges: v.TOKPOST_IMPORT_ALLOWED_RANGES ?? [],
      maxBytes: v.TOKPOST_IMPORT_MAX_BYTES ?? v.TOKPOST_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES,
      timeoutMs: v.TOKPOST_IMPORT_TIMEOUT_MS ?? DEFAULT_IMPORT_TIMEOUT_MS,
    },
    mediaVerify: v.TOKPOST_MEDIA_VERIFY_FILE && v.TOKPOST_MEDIA_VERIFY_CONTENT ? { fileName: v.TOKPOST_MEDIA_VERIFY_FILE, content: v.TOKPOST_MEDIA_VERIFY_CONTENT } : undefined,
    logLevel: v.TOKPOST_LOG_LEVEL ?? 'info',
    smtp: smtpWanted ? { url: v.SMTP_URL, host: v.SMTP_HOST, port: v.SMTP_PORT ?? 587, from: v.SMTP_FROM! } : undefined,
    time: timed ? { factor: v.TOKPOST_TIME_SCALE ?? 1, originMs: v.TOKPOST_TIME_ORIGIN, anchorRealMs: v.TOKPOST_TIME_ANCHOR } : undefined,
    engineSettings: v.TOKPOST_ENGINE_SETTINGS ?? {},
    configFile: file.path,
  };
}

const set = (s: string | undefined): string => (s === undefined ? 'not set' : 'set');

/** The configuration in plain words, for the start-up log: secrets only as "set" or "not set". */
export function describeConfig(c: ServerConfig): string {
  return [
    `listening on ${c.host}:${c.port}, public URL ${c.publicUrl}`,
    c.databaseUrl ? `database: PostgreSQL ${maskDatabaseUrl(c.databaseUrl)}` : `database: SQLite in ${c.dataDir}`,
    `encryption key: ${c.encryptionKey ? 'from TOKPOST_ENCRYPTION_KEY' : `key file in ${c.dataDir}`}${c.previousEncryptionKeys.length > 0 ? `, ${c.previousEncryptionKeys.length} previous key(s) from TOKPOST_PREVIOUS_ENCRYPTION_KEYS` : ''}`,
    `TikTok app: ${c.tiktok.clientKey ? `client key ${c.tiktok.clientKey}, client secret ${set(c.tiktok.clientSecret)}, ${c.tiktok.audited ? 'audited' : 'not audited'}` : 'none configured'}`,
    `TikTok hosts: API ${c.tiktok.apiBaseUrl ?? "TikTok's"}, authorization ${c.tiktok.authBaseUrl ?? "TikTok's"}`,
    `media prefix: ${c.mediaPrefix ?? 'none (file uploads only)'}${c.mediaVerify ? `, verification file ${c.mediaVerify.fileName}` : ''}`,
    `largest upload: ${c.maxUploadBytes} bytes`,
    `URL imports: up to ${c.mediaImport.maxBytes} bytes within ${c.mediaImport.timeoutMs} ms, public addresses${c.mediaImport.allowedRanges.length > 0 ? ` and ${c.mediaImport.allowedRanges.join(', ')}` : ' only'}`,
    `mail: ${c.smtp ? `${c.smtp.url ? 'SMTP URL set' : `${c.smtp.host}:${c.smtp.port}`}, from ${c.smtp.from}` : 'off'}`,
    `log level: ${c.logLevel}`,
    ...(c.time ? [`clock: scaled ×${c.time.factor} (testing)`] : []),
    ...(Object.keys(c.engineSettings).length > 0 ? [`engine settings: ${JSON.stringify(c.engineSettings)} (testing)`] : []),
    ...(c.configFile ? [`config file: ${c.configFile}`] : []),
  ].join('\n');
}
