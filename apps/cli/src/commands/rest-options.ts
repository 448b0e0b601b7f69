// The options every REST command takes: where the server is, the key, JSON output.
import type { Command } from 'commander';

export interface RestOptions {
  url?: string;
  key?: string;
  json?: boolean;
}

export function restCommand(cmd: Command): Command {
  return cmd
    .option('--url <url>', "the tokpost server (default: the configured TOKPOST_PUBLIC_URL)")
    .option('--key <key>', 'a tokpost API key tp_… (default: TOKPOST_API_KEY, or the demo key in the data folder)')
    .option('--json', 'print JSON');
}
