// The logging seam: pino-compatible (`log.info({ fields }, 'message')`), so the server can pass a
// pino logger and tests a silent one. Secrets never go into fields: the engine logs ids, codes and
// log_ids, never tokens, secrets or upload and media URLs.
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
