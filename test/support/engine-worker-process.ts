// One engine worker in its own process, for multi-process tests and benchmarks (the `tokpost
// worker` command does the same for real). Configured by TOKPOST_WORKER_CONFIG (JSON, see
// WorkerProcessConfig in ./processes.ts). Prints "worker ready" once claiming, and on SIGTERM
// stops gracefully and prints "worker stats {json}". Errors go to stderr.
import { createScaledClock, systemClock } from '@tokpost/tiktok';
import { openEngine, type Logger } from '@tokpost/engine';
import type { WorkerProcessConfig } from './processes.js';

const cfg = JSON.parse(process.env['TOKPOST_WORKER_CONFIG'] ?? '{}') as WorkerProcessConfig;
const clock = cfg.time ? createScaledClock({ originMs: cfg.time.originMs, anchorRealMs: cfg.time.anchorRealMs, factor: cfg.time.factor }) : systemClock;

const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
  const err = fields['err'] instanceof Error ? (fields['err'] as Error).message : undefined;
  process.stderr.write(`${JSON.stringify({ pid: process.pid, level, message, ...fields, err })}\n`);
};
const quiet = () => undefined;
const log: Logger = { debug: quiet, info: quiet, warn: line('warn'), error: line('error') };

const engine = await openEngine({
  databaseUrl: cfg.databaseUrl,
  dataDir: cfg.dataDir,
  encryptionKey: cfg.encryptionKey,
  clock,
  log,
  tiktok: { baseUrls: cfg.tiktokUrl, redirectUri: cfg.redirectUri, upload: { transport: 'node-http' } },
  settings: { mediaBaseUrl: cfg.mediaBaseUrl, ...cfg.settings },
});
const worker = engine.createWorker({ concurrency: cfg.concurrency, pollMs: cfg.pollMs });

process.once('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    const stats = { ...worker.stats(), maxRssBytes: process.resourceUsage().maxRSS * 1024, memory: process.memoryUsage() };
    process.stdout.write(`worker stats ${JSON.stringify(stats)}\n`);
    await engine.close();
    process.exit(0);
  })();
});
await worker.whenStarted();
process.stdout.write(`worker ready ${worker.id}\n`);
