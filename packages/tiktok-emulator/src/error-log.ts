// The emulator's own crashes: a route that threw, a timer callback that threw, a background task
// (pull, processing, webhook delivery) that rejected. None of these is TikTok behaviour — they are
// bugs in the emulator — so each one is recorded (GET /_emulator/errors, `emu.errors()`) and
// reported (`onError`, stderr by default) instead of being swallowed, where it would leave a
// publish in PROCESSING forever or pass for an injected fault. Records survive `reset`: a test
// harness checks them after each test, and a reset must not wipe a bug out of the record.

/** What a request that crashed the emulator is answered with, so it cannot pass for an injected fault. */
export const EMULATOR_BUG_MESSAGE =
  'Emulator bug: this request crashed the TikTok emulator. It is NOT an injected fault and not TikTok behaviour; GET /_emulator/errors has the stack.';

export interface EmulatorErrorRecord {
  /** Emulator time (ms since the epoch) when it happened. */
  time: number;
  /** What was running: `route video_init`, `admin POST /_emulator/clock`, `timer processing`, `background pull`… */
  where: string;
  message: string;
  stack: string | undefined;
}

export interface ErrorLog {
  record(where: string, error: unknown): EmulatorErrorRecord;
  list(): EmulatorErrorRecord[];
}

export function formatErrorRecord(r: EmulatorErrorRecord): string {
  return `tiktok-emulator: emulator bug in ${r.where} at ${new Date(r.time).toISOString()}: ${r.stack ?? r.message}`;
}

/** Writes the record to stderr (console.error). */
export function logErrorToStderr(r: EmulatorErrorRecord): void {
  console.error(formatErrorRecord(r));
}

export function createErrorLog(deps: { now: () => number; onError?: (record: EmulatorErrorRecord) => void }): ErrorLog {
  const records: EmulatorErrorRecord[] = [];
  const report = deps.onError ?? logErrorToStderr;
  return {
    record(where, error) {
      let time: number;
      try {
        time = deps.now();
      } catch {
        // The clock itself may be what broke; the record still has to be written.
        time = Date.now();
      }
      const rec: EmulatorErrorRecord = {
        time,
        where,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      };
      records.push(rec);
      try {
        report(rec);
      } catch {
        // A failing reporter must not turn one recorded bug into an unrecorded one.
      }
      return rec;
    },
    list: () => records.map((r) => ({ ...r })),
  };
}
