// A PostgreSQL cluster of a run's own (Debian's postgresql-common tools: pg_createcluster,
// pg_ctlcluster, pg_dropcluster), so the chaos run can restart PostgreSQL for real
// (`pg_ctlcluster … restart`) without touching the shared server other tests use. Needs root (the
// tools run the server as the postgres user); where they are missing, createPrivatePostgres says why
// and the caller falls back to cutting connections through test/support/pg-proxy.ts.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { freePort } from '@tokpost/server';

const run = promisify(execFile);
const PREFIX = 'tokpost_chaos_';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, local only). */
  url: string;
  /** The command a restart runs, for the figures. */
  restartCommand: string;
  /** Stops and starts the server: every connection is dropped, new ones refused until it is back. */
  restart(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  drop(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The private cluster, or the reason there cannot be one here. */
export async function createPrivatePostgres(): Promise<PrivatePostgres | { unavailable: string }> {
  if (process.getuid?.() !== 0) return { unavailable: 'not running as root (pg_createcluster needs it)' };
  if (!existsSync('/usr/bin/pg_createcluster') || !existsSync('/usr/lib/postgresql')) return { unavailable: 'postgresql-common (pg_createcluster) is not installed' };
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
  if (!version) return { unavailable: 'no PostgreSQL server under /usr/lib/postgresql' };
  // Clusters left by runs that died: their process is gone.
  if (existsSync(`/etc/postgresql/${version}`)) {
    for (const name of readdirSync(`/etc/postgresql/${version}`)) {
      const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length)) : NaN;
      if (Number.isInteger(pid) && !alive(pid)) await run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined);
    }
  }
  const name = `${PREFIX}${process.pid}`;
  const port = await freePort('127.0.0.1');
  try {
    await run('pg_createcluster', [version, name, '-p', String(port), '--start', '--', '--auth=trust']);
  } catch (e) {
    return { unavailable: `pg_createcluster failed: ${(e as Error).message.split('\n')[0]}` };
  }
  const ctl = ['--skip-systemctl-redirect', version, name];
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restartCommand: `pg_ctlcluster ${version} ${name} restart`,
    restart: async () => void (await run('pg_ctlcluster', [...ctl, 'restart'])),
    drop: async () => void (await run('pg_dropcluster', ['--stop', version, name])),
  };
}
