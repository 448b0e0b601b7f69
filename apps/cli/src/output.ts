// How commands speak: human text (tables, colour only on a terminal) or, with --json, one JSON
// document on stdout. Errors go to stderr in both modes (as JSON with --json).
import Table from 'cli-table3';
import { createColors } from 'picocolors';

export interface Stream {
  write(chunk: string): boolean | void;
  isTTY?: boolean;
}

export type Colors = ReturnType<typeof createColors>;

export interface Output {
  readonly stdout: Stream;
  readonly stderr: Stream;
  /** Colours for stdout (plain text when it is not a terminal). */
  readonly c: Colors;
  line(text?: string): void;
  warn(text: string): void;
  json(value: unknown): void;
  table(head: string[], rows: (string | number | null | undefined)[][]): void;
}

export function createOutput(stdout: Stream, stderr: Stream): Output {
  const c = createColors(Boolean(stdout.isTTY));
  return {
    stdout,
    stderr,
    c,
    line: (text = '') => void stdout.write(`${text}\n`),
    warn: (text) => void stderr.write(`${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    table(head, rows) {
      if (rows.length === 0) {
        stdout.write(`${c.dim('(none)')}\n`);
        return;
      }
      const t = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
      for (const r of rows) t.push(r.map((v) => (v === null || v === undefined ? '' : String(v))));
      stdout.write(`${t.toString()}\n`);
    },
  };
}

/** A status word coloured by what it means. */
export function statusColor(c: Colors, status: string): string {
  if (['ok', 'active', 'published', 'delivered'].includes(status)) return c.green(status);
  if (['warning', 'scheduled', 'publishing', 'processing', 'inbox_pending', 'draft', 'info'].includes(status)) return c.yellow(status);
  if (['failing', 'failed', 'error', 'needs_action', 'needs_reconnect', 'missed', 'disconnected'].includes(status)) return c.red(status);
  return status;
}

export const time = (ms: number | null | undefined): string => (typeof ms === 'number' ? new Date(ms).toISOString() : '');
