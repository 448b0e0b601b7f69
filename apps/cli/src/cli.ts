#!/usr/bin/env node
// The `tokpost` entry point (bin/tokpost.js runs this). The environment is read here, once, and
// handed down (docs/architecture.md §4.7).
import { createContext } from './context.js';
import { createOutput } from './output.js';
import { runCli } from './program.js';

const out = createOutput(process.stdout, process.stderr);
const ctx = createContext({ ...process.env }, process.cwd(), out);
const code = await runCli(ctx, process.argv.slice(2));
process.exitCode = code;
// Servers and pools close on their own; a stray handle must not keep a finished command alive.
setTimeout(() => process.exit(code), 200).unref();
