#!/usr/bin/env node
// tiktok-emulator --port 4010 [--host 127.0.0.1] [--scenario file.json]
// Serves the emulator over HTTP and prints its base URL.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEmulator } from './create-emulator.js';

const USAGE = 'usage: tiktok-emulator [--port 4010] [--host 127.0.0.1] [--scenario file.json]';

async function main(): Promise<number> {
  let values: { port?: string; host?: string; scenario?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, scenario: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
    emu = createEmulator({ scenario });
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
