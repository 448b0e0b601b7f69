// npm run soak -- --minutes 20 [--rate 0.5] [--sample-seconds 5] [--warmup-minutes 2] [--json file]
// Runs the soak (soak.ts) and prints its time series, slopes and verdict; exits 1 on a FAIL.
// Needs PostgreSQL on 127.0.0.1:5432 (or TOKPOST_TEST_DATABASE_URL) and the built bins
// (`npm run build`).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, passed } from './soak-report.js';
import { runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    rate: { type: 'string', default: '0.5' },
    'sample-seconds': { type: 'string', default: '5' },
    'warmup-minutes': { type: 'string' },
    json: { type: 'string' },
  },
});
const positive = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) {
    console.error(`--${name} must be a positive number, got "${v}"`);
    process.exit(2);
  }
  return n;
};
const minutes = positive('minutes', values.minutes);
const rate = positive('rate', values.rate);
const sampleMs = positive('sample-seconds', values['sample-seconds']) * 1000;
// Default warm-up: a tenth of the run, at least a minute: JIT, connection pools and caches settle.
const warmupMs = values['warmup-minutes'] !== undefined ? positive('warmup-minutes', values['warmup-minutes']) * 60_000 : Math.max(60_000, minutes * 6_000);

const result = await runSoak({ durationMs: minutes * 60_000, rate, sampleMs, warmupMs, log: (l) => console.log(`[soak] ${l}`) });
console.log(formatReport(result));
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
process.exit(passed(result) ? 0 : 1);
