// `tokpost emulator`: the offline TikTok on its own port, as the tiktok-emulator bin runs it.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEMO_EMULATOR_PORT, demoScenarioPath } from '../demo-scenario.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';

async function runEmulator(ctx: CliContext, o: { port: string; host: string; scenario?: string; dataDir?: string; json?: boolean }): Promise<number> {
  const port = /^\d{1,5}$/.test(o.port) ? Number(o.port) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw usageError(`--port must be a number from 0 to 65535, got "${o.port}"`);
  const { createEmulator, formatErrorRecord } = await import('@tokpost/tiktok-emulator');
  const file = o.scenario ?? demoScenarioPath();
  let scenario: unknown;
  try {
    scenario = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw usageError(`cannot read the scenario ${file}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message}`);
  }
  let emu;
  try {
    emu = createEmulator({ scenario, dataDir: o.dataDir, onError: (r) => ctx.out.warn(formatErrorRecord(r)) });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const running = emu;
  // Listening for signals before the address is printed: a script may stop it as soon as it reads it.
  const stopped = new Promise<number>((done) => {
    const stop = () => void running.close().then(() => done(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    const { url } = await emu.listen({ port, host: o.host });
    if (o.json) ctx.out.line(JSON.stringify({ url, scenario: file }));
    else ctx.out.line(`TikTok emulator listening on ${url} (scenario ${file})`);
  } catch (e) {
    throw new CliError(`cannot listen on ${o.host}:${port}: ${(e as Error).message}`, EXIT.unexpected);
  }
  return stopped;
}

export function registerEmulator(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  program
    .command('emulator')
    .description("run the TikTok emulator (an offline TikTok: OAuth consent page, posting API, webhooks) on its own port")
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEMO_EMULATOR_PORT))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--scenario <file>', 'apps, creators and settings to load (default: the demo scenario)')
    .option('--data-dir <dir>', 'where uploaded and pulled media is kept (default: a temp folder, removed on exit)')
    .option('--json', 'print the address as JSON')
    .action((o: { port: string; host: string; scenario?: string; dataDir?: string; json?: boolean }) => run(() => runEmulator(ctx, o)));
}
