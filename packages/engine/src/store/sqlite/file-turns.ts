// Stores of one process that open the same SQLite file take turns on it.
//
// better-sqlite3 is synchronous: when one store holds the write lock (a BEGIN IMMEDIATE claim)
// and a second store of the same process wants it too, SQLite's busy handler sleeps on the only
// thread — the first store can never reach its COMMIT, and the second gives up after busy_timeout
// with "database is locked" (measured: 10 s stalls, then failed claims and upserts). Between
// processes the busy handler is right: the other process runs on and commits. So within a process
// each connection to a file first waits its turn on a queue shared by every store on that file,
// without blocking the event loop; a transaction holds its turn from BEGIN to COMMIT.
//
// The queues are per process by nature (they stand for the file's lock as this thread sees it), so
// they live in a module-level registry, counted by user and dropped when the last store closes.
import { realpathSync } from 'node:fs';
import { SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';

class Turns {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the turn; the answer ends it. */
  async take(): Promise<() => void> {
    let end!: () => void;
    const mine = new Promise<void>((resolve) => (end = resolve));
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    await before;
    return end;
  }
}

const registry = new Map<string, { turns: Turns; users: number }>();

class TurnTakingDriver extends SqliteDriver {
  readonly #turns: Turns;
  #end: (() => void) | undefined;

  constructor(config: SqliteDialectConfig, turns: Turns) {
    super(config);
    this.#turns = turns;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const end = await this.#turns.take();
    try {
      const connection = await super.acquireConnection();
      this.#end = end;
      return connection;
    } catch (e) {
      end();
      throw e;
    }
  }

  override async releaseConnection(): Promise<void> {
    const end = this.#end;
    this.#end = undefined;
    try {
      await super.releaseConnection();
    } finally {
      end?.();
    }
  }
}

class TurnTakingDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #turns: Turns;

  constructor(config: SqliteDialectConfig, turns: Turns) {
    super(config);
    this.#config = config;
    this.#turns = turns;
  }

  override createDriver(): Driver {
    return new TurnTakingDriver(this.#config, this.#turns);
  }
}

/**
 * The Kysely dialect for an opened SQLite file, sharing its turns with every other store of this
 * process on the same file. `done` must be called once the database is closed.
 */
export function turnTakingDialect(config: SqliteDialectConfig, path: string): { dialect: SqliteDialect; done: () => void } {
  // An in-memory database is private to its connection: nobody to take turns with.
  if (path === ':memory:' || path === '') return { dialect: new SqliteDialect(config), done: () => undefined };
  const file = realpathSync(path);
  let entry = registry.get(file);
  if (!entry) {
    entry = { turns: new Turns(), users: 0 };
    registry.set(file, entry);
  }
  entry.users += 1;
  const used = entry;
  let released = false;
  return {
    dialect: new TurnTakingDialect(config, used.turns),
    done: () => {
      if (released) return;
      released = true;
      used.users -= 1;
      if (used.users === 0 && registry.get(file) === used) registry.delete(file);
    },
  };
}
