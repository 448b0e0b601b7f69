// Store conformance, several processes on one database: processes starting at once on a fresh
// database all open it and exactly one applies the schema; PostgreSQL migrations are not upset by
// DDL in other schemas of the same database; opening a SQLite file another process holds locked
// waits for the lock.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, POSTGRES_URL, TEST_KEY, type TestDatabase } from '../support/databases.js';
import { rawQuery } from '../support/raw-sql.js';
import { EXPECTED_MIGRATIONS } from '../support/store-fixtures.js';

// SQLite's first-start races (switching the file to WAL, creating the tables) are timing-dependent:
// more rounds there.
const ROUNDS: Record<Dialect, number> = { sqlite: 6, postgres: 2 };

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '../support/open-store-child.ts');

type ChildAnswer = { ok: true; applied: string[] } | { ok: false; error: string };

/**
 * `n` processes that can open the store; `open(db)` lets them all go at the same moment on `db`
 * and collects their answers.
 */
async function startOpeners(n: number) {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--conditions=tokpost-source', '--import', 'tsx', CHILD], {
      cwd: HERE,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, CHILD_KEY_HEX: TEST_KEY.toString('hex') },
    }),
  );
  const lines = children.map((c) => createInterface({ input: c.stdout })[Symbol.asyncIterator]());
  const next = async (i: number) => {
    const r = await lines[i]!.next();
    if (r.done) throw new Error(`child ${i} exited without answering`);
    return r.value;
  };
  const all = () => Promise.all(children.map((_, i) => next(i)));
  const ready = await all();
  return {
    ready,
    async open(db: TestDatabase): Promise<ChildAnswer[]> {
      const target = JSON.stringify({ databaseUrl: db.databaseUrl, sqlitePath: db.sqlitePath });
      for (const c of children) c.stdin.write(`go ${target}\n`);
      return (await all()).map((l) => JSON.parse(l) as ChildAnswer);
    },
    async stop() {
      for (const c of children) c.stdin.end();
      await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    },
  };
}

// One set of processes serves both dialects: starting them is what costs.
let openers: Awaited<ReturnType<typeof startOpeners>> | undefined;
beforeAll(async () => {
  openers = await startOpeners(3);
});
afterAll(() => openers?.stop());

describe.each(DIALECTS)('store conformance: several processes (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('three processes starting at once on fresh databases all open them, and exactly one migrates each', async () => {
    expect(openers!.ready).toEqual(['ready', 'ready', 'ready']);
    // Several rounds on fresh databases: the races of a first start (switching the file to WAL,
    // creating the tables) differ from round to round.
    for (let round = 0; round < ROUNDS[dialect]; round++) {
      db = await createTestDatabase(dialect);
      const answers = await openers!.open(db);
      expect(answers.map((a) => a.ok || a.error)).toEqual([true, true, true]);
      expect(answers.flatMap((a) => (a.ok ? a.applied : []))).toEqual(EXPECTED_MIGRATIONS);
      expect(await rawQuery(db, 'select name from kysely_migration')).toEqual(EXPECTED_MIGRATIONS.map((name) => ({ name })));
      await db.drop();
      db = undefined;
    }
  });
});

describe('store conformance: migrations on a shared PostgreSQL database', () => {
  it('migrates while other schemas of the same PostgreSQL database are being created and dropped', async () => {
    // Another application (or another tokpost) migrating in the same database: its DDL must not
    // break ours.
    const churn = new pg.Client({ connectionString: POSTGRES_URL });
    await churn.connect();
    let stop = false;
    const loop = (async () => {
      for (let i = 0; !stop; i++) {
        const s = `churn_${process.pid}_${i}`;
        await churn.query(`create schema ${s}; create table ${s}.a (id serial primary key, x text, y int); create table ${s}.b (id int)`);
        await churn.query(`drop schema ${s} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 8; i++) {
        const fresh = await createTestDatabase('postgres');
        try {
          const store = await openTestStore(fresh, { poolSize: 1 });
          await store.close();
        } finally {
          await fresh.drop();
        }
      }
    } finally {
      stop = true;
      await loop;
      await churn.end();
    }
  });
});

describe('store conformance: a SQLite file another process holds locked', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('opening waits for the lock instead of failing with "database is locked"', async () => {
    db = await createTestDatabase('sqlite');
    // A process holding the file's exclusive lock for a moment (a backup, a maintenance script):
    // switching the file to WAL and migrating have to wait for it.
    const holder = spawn(
      process.execPath,
      ['-e', `const D = require(process.env.BSQL); const db = new D(process.env.FILE); db.exec('create table holder (a)'); db.exec('begin exclusive'); db.exec('insert into holder values (1)'); console.log('locked'); setTimeout(() => { db.exec('commit'); db.close(); }, 400);`],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BSQL: createRequire(import.meta.url).resolve('better-sqlite3'), FILE: db.sqlitePath } },
    );
    const exited = new Promise((r) => holder.once('exit', r));
    try {
      const first = await createInterface({ input: holder.stdout })[Symbol.asyncIterator]().next();
      expect(first.value).toBe('locked');
      const store = await openTestStore(db);
      await store.meta.set('opened', 'after the lock');
      expect(await store.meta.get('opened')).toBe('after the lock');
      await store.close();
    } finally {
      await exited;
    }
  });
});
