// @tokpost/server — the REST API over the engine (docs/architecture.md §1).
export { buildServer, REDACTED_PATHS, redactUrl } from './server.js';
export type { BuildServerOptions } from './server.js';
export { ConfigError, describeConfig, loadConfig, LOG_LEVELS, OAUTH_CALLBACK_PATH, oauthRedirectUri, SECRET_SETTINGS, SETTING_NAMES } from './config.js';
export type { LoadConfigOptions, LogLevel, ServerConfig, SettingName, SmtpConfig } from './config.js';
export { ERROR_CATALOG, errorBody, HttpError } from './errors/catalog.js';
export type { ErrorBody, ErrorCode, ErrorIssue } from './errors/catalog.js';
export { toHttpError, issuesOfZod } from './errors/to-http.js';
export { needsApiKey, PUBLIC_PATHS } from './auth.js';
