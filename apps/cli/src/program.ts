// The `tokpost` command tree. Every command has --help; errors end as the exit codes of
// exit-codes.ts, printed with the API's ERR_* code (as JSON on stderr with --json).
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { EngineError } from '@tokpost/engine';
import { registerAccounts } from './commands/accounts.js';
import { registerEmulator } from './commands/emulator.js';
import { registerKeys } from './commands/keys.js';
import { registerLocal } from './commands/local.js';
import { registerMedia } from './commands/media.js';
import { registerPosts } from './commands/posts.js';
import { registerServe } from './commands/serve.js';
import type { CliContext } from './context.js';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

// The codes the API answers for the same engine errors (apps/server/src/errors/to-http.ts).
const ENGINE_CODES: Record<EngineError['code'], string> = {
  invalid_input: 'ERR_VALIDATION',
  not_found: 'ERR_NOT_FOUND',
  conflict: 'ERR_CONFLICT',
  locked: 'ERR_LOCKED',
  too_large: 'ERR_PAYLOAD_TOO_LARGE',
  needs_reconnect: 'ERR_ACCOUNT_NEEDS_RECONNECT',
  cannot_post_now: 'ERR_CREATOR_CANNOT_POST',
  rate_limited: 'ERR_RATE_LIMITED',
  unavailable: 'ERR_TIKTOK_UNAVAILABLE',
};

// By name, not instanceof: the engine is loaded only by the commands that need it.
const isEngineError = (e: unknown): e is EngineError => e instanceof Error && e.name === 'EngineError' && typeof (e as EngineError).code === 'string' && (e as EngineError).code in ENGINE_CODES;

/** Prints an error the way the command line promised and returns its exit code. */
export function reportError(ctx: CliContext, e: unknown, json: boolean): ExitCode {
  let err: CliError;
  if (e instanceof CliError) err = e;
  else if (isEngineError(e)) err = new CliError(e.message, e.code === 'unavailable' ? EXIT.unreachable : EXIT.refused, ENGINE_CODES[e.code], e.issues.map((i) => `${i.field}: ${i.message}`));
  else if (e instanceof Error && e.name === 'EncryptionKeyError') err = new CliError(`configuration error: ${e.message}; set TOKPOST_ENCRYPTION_KEY to the key the data was created with`, EXIT.config, 'ERR_CONFIG');
  else if (e instanceof Error && e.name === 'DatabaseConnectionError') err = new CliError(`cannot open the database: ${e.message}`, EXIT.unreachable, 'ERR_DATABASE');
  else if ((e as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') err = new CliError(`${(e as Error).message}: another process listens there; stop it or set TOKPOST_PORT`, EXIT.unexpected, 'ERR_PORT_IN_USE');
  else err = new CliError(e instanceof Error ? e.message : String(e), EXIT.unexpected, 'ERR_UNEXPECTED');
  if (json) ctx.out.stderr.write(`${JSON.stringify({ error: { code: err.code, message: err.message, ...(err.details.length > 0 ? { issues: err.details } : {}) }, exitCode: err.exitCode })}\n`);
  else {
    ctx.out.warn(`${ctx.out.c.red('error')} ${err.code ? `${err.code}: ` : ''}${err.message}`);
    for (const d of err.details) ctx.out.warn(`  ${d}`);
    if (err.exitCode === EXIT.unexpected && e instanceof Error && e.stack) ctx.out.warn(ctx.out.c.dim(e.stack.split('\n').slice(1, 4).join('\n')));
  }
  return err.exitCode;
}

export function createProgram(ctx: CliContext, argv: readonly string[]): { program: Command; exitCode(): number } {
  let code: number = EXIT.ok;
  const json = argv.includes('--json');
  const run = async (f: () => Promise<number>): Promise<void> => {
    try {
      code = await f();
    } catch (e) {
      code = reportError(ctx, e, json);
    }
  };
  const program = new Command('tokpost')
    .description('tokpost: schedule and publish to TikTok from your own server')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => void ctx.out.stdout.write(s), writeErr: (s) => void ctx.out.stderr.write(s) })
    .exitOverride()
    .addHelpText(
      'after',
      `\nConfiguration comes from the environment and ./tokpost.config.json (see README "Running tokpost").\nREST commands take --url (default TOKPOST_PUBLIC_URL) and --key (default TOKPOST_API_KEY).\n\n${EXIT_CODES_HELP}\n`,
    );
  registerServe(program, ctx, run);
  registerLocal(program, ctx, run);
  registerKeys(program, ctx, run);
  registerEmulator(program, ctx, run);
  registerMedia(program, ctx, run);
  registerAccounts(program, ctx, run);
  registerPosts(program, ctx, run);
  return { program, exitCode: () => code };
}

/** Runs the command line; resolves with the exit code. */
export async function runCli(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { program, exitCode } = createProgram(ctx, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(ctx, e, argv.includes('--json'));
  }
  return exitCode();
}
