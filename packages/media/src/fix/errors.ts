// Why fix() did not produce a file. Codes are stable so the engine can map them to a post state
// (ERR_FFMPEG_NOT_FOUND is an operator problem; ERR_NOT_FIXABLE means the user must act).
import type { Finding } from '../rules/findings.js';

export type FixErrorCode = 'ERR_FFMPEG_NOT_FOUND' | 'ERR_FFMPEG_FAILED' | 'ERR_NOT_FIXABLE' | 'ERR_TOO_LONG' | 'ERR_FIX_ABORTED';

export class FixError extends Error {
  constructor(
    readonly code: FixErrorCode,
    message: string,
    readonly findings: readonly Finding[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FixError';
  }
}

export function ffmpegNotFound(command: string, cause: unknown): FixError {
  return new FixError(
    'ERR_FFMPEG_NOT_FOUND',
    `ffmpeg was not found (tried to run '${command}'). Video fixes need it: on Debian/Ubuntu run ` +
      "'sudo apt-get install -y ffmpeg', on macOS 'brew install ffmpeg', on Windows 'winget install ffmpeg'; " +
      'or pass ffmpegPath to createFixer() if it is installed outside PATH.',
    [],
    { cause },
  );
}
