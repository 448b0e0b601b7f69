// Engine logs on stderr for debugging a test (TOKPOST_TEST_LOG=1), stamped with test time.
import type { Clock } from '@tokpost/tiktok';
import type { Logger } from '../../src/index.js';

export function consoleLogger(clock: Clock): Logger {
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
    const err = fields['err'] instanceof Error ? ` ${(fields['err'] as Error).stack}` : '';
    process.stderr.write(`${new Date(clock.now()).toISOString()} ${level} ${message} ${JSON.stringify({ ...fields, err: undefined })}${err}\n`);
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
