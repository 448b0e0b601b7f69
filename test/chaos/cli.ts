// npm run chaos -- [--posts N] [--accounts N] [--seed S] [--workers N] [--days D] [--scale F]
// Prints the seed and the plan digest first, then the figures; exits 1 when any count is not 0.
import { parseArgs } from 'node:util';
import { runChaos } from './run-chaos.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '2000' },
    accounts: { type: 'string', default: '200' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '4' },
    days: { type: 'string', default: '7' },
    scale: { type: 'string' },
    kills: { type: 'string', default: '3' },
  },
});
const int = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`);
  return n;
};
const days = Number(values.days);
const spanMs = Math.round(days * 24 * 3_600_000);
// Default speed: the span in about 40 real minutes (×252 for the week).
const factor = values.scale ? Number(values.scale) : Math.max(60, Math.round(spanMs / (40 * 60_000)));
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : int('seed', values.seed);
const figures = await runChaos({
  posts: int('posts', values.posts),
  accounts: int('accounts', values.accounts),
  workers: int('workers', values.workers),
  seed,
  spanMs,
  killsPerKind: int('kills', values.kills),
  factor,
  postgresUrl: process.env['TOKPOST_CHAOS_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  stallRealMs: 180_000,
  moderationDelayMs: 2 * 3_600_000,
  log: (line) => process.stdout.write(`${line}\n`),
});
const { details, ...numbers } = figures;
for (const d of details.slice(0, 40)) process.stdout.write(`  ${d}\n`);
const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / 60_000).toFixed(1)} min`);
process.stdout.write(
  [
    `seed ${figures.seed}  plan ${figures.digest}`,
    `PostgreSQL outage     ${figures.postgresOutage}`,
    `posts lost            ${figures.lost}`,
    `published twice       ${figures.publishedTwice}`,
    `left non-terminal     ${figures.nonTerminal}`,
    `disagreeing w/ TikTok ${figures.disagreeing}`,
    `secrets found         ${figures.secretsFound} (in ${figures.linesScanned} lines)`,
    `lateness p50 / p99    ${ms(figures.latenessP50Ms)} / ${ms(figures.latenessP99Ms)} (${figures.latenessCounted} posts TikTok's rules did not delay)`,
    `published ${figures.published}, failed ${figures.failed}, held by TikTok's caps ${figures.heldByCaps}, failed by TikTok under faults ${figures.failedUnderFaults}, kills ${figures.kills}, faults injected ${figures.faultsInjected}, webhooks delivered ${figures.webhooksDelivered}, ${figures.realSeconds} s real`,
    `figures ${JSON.stringify(numbers)}`,
  ].join('\n') + '\n',
);
const bad = figures.lost + figures.publishedTwice + figures.nonTerminal + figures.disagreeing + figures.secretsFound;
process.exit(bad === 0 ? 0 : 1);
