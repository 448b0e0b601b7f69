// What `tokpost` exits with (README "Exit codes", and `tokpost --help`). Scripts branch on these,
// so a number never changes meaning.
export const EXIT = {
  ok: 0,
  /** A bug or an error nobody planned for; the message says what happened. */
  unexpected: 1,
  /** The command line is wrong: unknown command or option, missing argument, bad value. */
  usage: 2,
  /** The API refused the request (a 4xx answer): its ERR_* code and message are printed. */
  refused: 3,
  /** The server could not be reached, or answered with a 5xx. */
  unreachable: 4,
  /** The configuration (environment or tokpost.config.json) is invalid. */
  config: 5,
  /** The work is not finished yet, and running the command again finishes it (`keys rotate`). */
  incomplete: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok',
  '  1  unexpected error',
  '  2  usage error (unknown command or option, missing or bad argument)',
  '  3  refused by the API (4xx; the ERR_* code and message are printed)',
  '  4  server unreachable, or a server error (5xx)',
  '  5  configuration error (a setting in the environment or tokpost.config.json)',
  '  6  not finished yet: run the command again (keys rotate)',
].join('\n');

/** An error the CLI reports as is, with its exit code (and the API's ERR_* code when it has one). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code?: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage, 'ERR_USAGE');
