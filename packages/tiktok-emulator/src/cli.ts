#!/usr/bin/env node
// tiktok-emulator --port 4010 [--host 127.0.0.1] [--scenario file.json] [--data-dir dir]
//                 [--time-scale factor] [--time-origin epoch-ms] [--time-anchor epoch-ms]
// Serves the emulator over HTTP and prints its base URL. Emulator bugs are printed to stderr.
//
// The time flags make the emulator's clock a scaled clock (createScaledClock): another process
// given the same three numbers computes the same time without asking, so a scheduler under test
// and this emulator agree on "now" while an hour passes in a minute.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createScaledClock, systemClock, type Clock } from '@tokpost/tiktok/contract';
import { createEmulator } from './create-emulator.js';
import { formatErrorRecord } from './error-log.js';

const USAGE = [
  'usage: tiktok-emulator [--port 4010] [--host 127.0.0.1] [--scenario file.json] [--data-dir dir]',
  '                       [--time-scale factor] [--time-origin epoch-ms] [--time-anchor epoch-ms]',
  '  --data-dir     where uploaded and pulled media is kept (default: a temp dir, removed on exit)',
  '  --time-scale   emulator ms per real ms, > 0 (60: an hour passes in a real minute; default 1)',
  '  --time-origin  emulator time, in epoch ms, at the anchor (default: the anchor)',
  '  --time-anchor  real time, in epoch ms, at which the emulator reads --time-origin (default: start-up)',
].join('\n');

type Values = {
  port?: string;
  host?: string;
  scenario?: string;
  'data-dir'?: string;
  'time-scale'?: string;
  'time-origin'?: string;
  'time-anchor'?: string;
  help?: boolean;
};

function epochMs(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value)) throw new RangeError(`--${flag} must be a time in milliseconds since the epoch, got "${value}"`);
  return Number(value);
}

/** The system clock, or a scaled one when any time flag is given. */
function clockFrom(values: Values): Clock {
  const scaleText = values['time-scale'];
  const factor = scaleText === undefined ? 1 : Number(scaleText);
  if (scaleText !== undefined && (!/^\d*\.?\d+(e[+-]?\d+)?$/i.test(scaleText) || !(factor > 0) || !Number.isFinite(factor))) {
    throw new RangeError(`--time-scale must be a positive number, got "${scaleText}"`);
  }
  const origin = epochMs('time-origin', values['time-origin']);
  const anchor = epochMs('time-anchor', values['time-anchor']);
  if (scaleText === undefined && origin === undefined && anchor === undefined) return systemClock;
  const anchorRealMs = anchor ?? systemClock.now();
  return createScaledClock({ originMs: origin ?? anchorRealMs, factor, anchorRealMs, base: systemClock });
}

async function main(): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        'data-dir': { type: 'string' },
        'time-scale': { type: 'string' },
        'time-origin': { type: 'string' },
        'time-anchor': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 4010 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535, got "${values.port}"\n${USAGE}\n`);
    return 2;
  }
  let clock: Clock;
  try {
    clock = clockFrom(values);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  let scenario: unknown;
  if (values.scenario) {
    try {
      scenario = JSON.parse(readFileSync(values.scenario, 'utf8'));
    } catch (e) {
      const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : e instanceof Error ? e.message : String(e);
      process.stderr.write(`Cannot read scenario ${values.scenario}: ${why}\n`);
      return 2;
    }
  }
  let emu;
  try {
    emu = createEmulator({
      scenario,
      clock,
      dataDir: values['data-dir'],
      onError: (record) => process.stderr.write(`${formatErrorRecord(record)}\n`),
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const { url } = await emu.listen({ port, host: values.host ?? '127.0.0.1' });
    process.stdout.write(`TikTok emulator listening on ${url}\n`);
  } catch (e) {
    process.stderr.write(`Cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

void main().then((code) => {
  if (code >= 0) process.exit(code);
});
