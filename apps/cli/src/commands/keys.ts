// `tokpost keys rotate`: re-seals every stored secret (tokens, the app's client secret, upload URLs,
// webhook secrets) under a new encryption key, a batch per transaction (docs/key-rotation.md).
// Which key is new comes from the configuration:
//   - key file (TOKPOST_ENCRYPTION_KEY unset): a new key is generated into the data folder first,
//     and moved into place once nothing is left under the old one;
//   - TOKPOST_ENCRYPTION_KEY is the new key, TOKPOST_PREVIOUS_ENCRYPTION_KEYS the old one(s).
// A run stopped anywhere (Ctrl-C, a crash, SIGKILL) loses nothing: run it again and it finishes.
// Keys are only ever named by their id; no key, token or secret is printed.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';

interface RotateFlags {
  batchSize?: string;
  pauseMs?: string;
  json?: boolean;
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw usageError(`${flag} must be a whole number of at least ${min}, got "${value}"`);
  return Number(value);
}

async function rotate(ctx: CliContext, o: RotateFlags): Promise<number> {
  const batchSize = wholeNumber('--batch-size', o.batchSize, 1);
  const pauseMs = wholeNumber('--pause-ms', o.pauseMs, 0);
  const c = await ctx.config();
  const { rotateEncryptionKey } = await import('@tokpost/engine');
  const keySource = c.encryptionKey ? 'TOKPOST_ENCRYPTION_KEY' : 'key file';
  const say = (text: string) => {
    if (!o.json) ctx.out.warn(text);
  };
  let report;
  try {
    report = await rotateEncryptionKey({
      databaseUrl: c.databaseUrl,
      dataDir: c.dataDir,
      encryptionKey: c.encryptionKey,
      previousEncryptionKeys: c.previousEncryptionKeys,
      batchSize,
      log: say,
      async onBatch(resealed) {
        say(`re-sealed ${resealed} value(s) so far`);
        // Spreads the rotation's writes on a busy database.
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      },
    });
  } catch (e) {
    // The engine's message says which key is missing or wrong; the generic advice of program.ts
    // ("set the key the data was created with") would not fit a rotation.
    if (e instanceof Error && e.name === 'EncryptionKeyError') throw new CliError(`configuration error: ${e.message}`, EXIT.config, 'ERR_CONFIG');
    throw e;
  }
  const next = report.finished
    ? c.encryptionKey
      ? 'every value is under the new key: remove TOKPOST_PREVIOUS_ENCRYPTION_KEYS from every process and restart them'
      : 'every value is under the new key, now in the key file: restart every process that shares this data folder'
    : `${report.remaining} value(s) are still under an old key (written meanwhile by a process without the new key): give every process the new key, then run \`tokpost keys rotate\` again`;
  if (o.json) ctx.out.json({ ...report, keySource, next });
  else {
    ctx.out.line(`re-sealed ${report.resealed} value(s) under key ${report.toKeyId} (from ${report.fromKeyIds.join(', ') || 'none'}; ${keySource})`);
    ctx.out.line(next);
  }
  return report.finished ? EXIT.ok : EXIT.incomplete;
}

export function registerKeys(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  const keys = program.command('keys').description('the encryption key that seals tokens and secrets in the database');
  keys
    .command('rotate')
    .description('re-seal every stored token and secret under a new encryption key (safe to stop and run again)')
    .option('--batch-size <n>', 'rows per transaction (default 200)')
    .option('--pause-ms <ms>', 'pause after each batch, to spread the load on a busy database (default 0)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      [
        '',
        'With the key file (TOKPOST_ENCRYPTION_KEY unset) a new key is generated into the data folder.',
        'With TOKPOST_ENCRYPTION_KEY set, set it to the new key and TOKPOST_PREVIOUS_ENCRYPTION_KEYS to',
        'the old one (on every process) before running this. See docs/key-rotation.md.',
        '',
        'Exits 0 when every value is under the new key, 6 when some are not yet (run it again), 5 when',
        'a key is missing or wrong, 4 when the database cannot be reached.',
      ].join('\n'),
    )
    .action((o: RotateFlags) => run(() => rotate(ctx, o)));
}
