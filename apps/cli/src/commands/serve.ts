// `tokpost serve` (API + UI + an in-process worker unless --no-worker) and `tokpost worker` (the job
// loop alone). Both run until SIGINT/SIGTERM, then stop cleanly: the worker drains, the server
// closes, the store closes (apps/server/src/start.ts).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Tokpost } from '@tokpost/server';
import type { CliContext } from '../context.js';
import type { Demo } from '../demo.js';
import { locateFfmpeg } from '../ffmpeg.js';

/** Holds log lines until release(), so the banner (the UI's address first) leads the output. */
function heldStream(target: { write(s: string): unknown }) {
  let held: string[] | undefined = [];
  return {
    write(line: string) {
      if (held) held.push(line);
      else target.write(line);
    },
    release() {
      const lines = held ?? [];
      held = undefined;
      for (const l of lines) target.write(l);
    },
  };
}

// Registered before anything is printed: a signal that arrives while no listener exists ends the
// process at once (the OS default), and a script may stop tokpost as soon as it sees the banner.
function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((done) => {
    const on = () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      void stop().then(
        () => done(0),
        () => done(1),
      );
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function serve(ctx: CliContext, o: { worker: boolean; json?: boolean }): Promise<number> {
  const { out } = ctx;
  const { resolvePort, startTokpost } = await import('@tokpost/server');
  const { ensureDemoKey, isDemo, startDemo } = await import('../demo.js');
  const config = await resolvePort(await ctx.config());
  const log = heldStream(out.stdout);
  let demo: Demo | undefined;
  let tp: Tokpost | undefined;
  const ffmpeg = await locateFfmpeg(ctx.env);
  try {
    if (isDemo(config)) demo = await startDemo(config, { onError: (line) => out.warn(line) });
    tp = await startTokpost(demo?.config ?? config, { worker: o.worker, logStream: log, handleSignals: false });
  } catch (e) {
    await demo?.close();
    log.release();
    throw e;
  }
  const publicUrl = tp.config.publicUrl;
  const demoKey = demo ? await ensureDemoKey(tp.engine, resolve(ctx.cwd, tp.config.dataDir)) : undefined;
  const running = tp;
  const stopAll = async () => {
    await running.stop();
    await demo?.close();
  };
  const stopped = untilSignal(stopAll);
  if (o.json) {
    out.line(JSON.stringify({ ui: `${publicUrl}/`, docs: `${publicUrl}/api/docs`, worker: tp.worker?.id ?? null, ffmpeg: ffmpeg ?? null, demo: demo && demoKey ? { emulator: demo.url, apiKey: demoKey.key, apiKeyFile: demoKey.file, created: demoKey.created } : null }));
    log.release();
    return stopped;
  }
  const c = out.c;
  out.line(`${c.bold('tokpost')} is running: ${c.cyan(`${publicUrl}/`)}`);
  out.line(`  API docs   ${publicUrl}/api/docs`);
  out.line(`  health     ${publicUrl}/healthz`);
  out.line(`  worker     ${o.worker ? 'in this process' : c.yellow('none here (--no-worker): run `tokpost worker` next to it')}`);
  out.line(`  ffmpeg     ${ffmpeg ? `${ffmpeg.path} (${ffmpeg.source})` : c.yellow('not found: media fixes and the doctor’s test post need it')}`);
  if (demo && demoKey) {
    const key = demoKey;
    out.line();
    out.line(c.yellow(`Demo mode: no TikTok app is configured (TIKTOK_CLIENT_KEY), so tokpost runs against the TikTok emulator at ${demo.url},`));
    out.line(c.yellow('with demo creators (demo.creator, quiet.creator, busy.creator). Nothing is sent to TikTok.'));
    out.line(`  API key    ${key.key}  (${key.created ? 'new; ' : ''}kept in ${key.file})`);
    out.line('  connect    tokpost accounts connect   (prints the emulator’s consent page)');
    out.line('  The emulator keeps its state in memory: after a restart, connect the demo accounts again.');
  }
  out.line();
  log.release();
  return stopped;
}

async function worker(ctx: CliContext, o: { json?: boolean }): Promise<number> {
  const ffmpeg = await locateFfmpeg(ctx.env);
  const { startTokpost } = await import('@tokpost/server');
  const config = await ctx.config();
  // The worker logs as it starts: a signal from someone who read that must already find a listener.
  // (The closure runs on a signal, later than the line below that defines `starting`.)
  const stopped = untilSignal(async () => {
    await (await starting).stop();
  });
  const starting = startTokpost(config, { worker: true, http: false, handleSignals: false });
  const tp = await starting;
  if (o.json) ctx.out.warn(JSON.stringify({ worker: tp.worker?.id ?? null, database: tp.config.databaseUrl ? 'postgres' : 'sqlite', ffmpeg: ffmpeg ?? null }));
  else ctx.out.warn(`tokpost worker ${tp.worker?.id ?? ''} is running against ${tp.config.databaseUrl ? 'PostgreSQL' : `SQLite in ${tp.config.dataDir}`} (ffmpeg: ${ffmpeg ? `${ffmpeg.path}, ${ffmpeg.source}` : 'none found'}); stop it with Ctrl-C`);
  return stopped;
}

export function registerServe(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  program
    .command('serve')
    .description('run the REST API and the web UI, with a worker in this process unless --no-worker (demo mode with the emulator when no TikTok app is configured)')
    .option('--no-worker', 'do not run a worker in this process (run `tokpost worker` processes instead)')
    .option('--json', 'print the addresses (and the demo key) as one JSON line; the log is JSON lines either way')
    .action((opts: { worker: boolean; json?: boolean }) => run(() => serve(ctx, opts)));
  program
    .command('worker')
    .description('run the job loop only (publishing, refreshes, status checks, notifications); any number may run against one PostgreSQL')
    .option('--json', 'print the worker id as JSON on stderr; the log is JSON lines either way')
    .action((opts: { json?: boolean }) => run(() => worker(ctx, opts)));
}
