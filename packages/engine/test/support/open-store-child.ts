// A separate process opening the store, for tests of several processes starting at once on one
// database. It loads everything first and says `ready`; each line `go {"databaseUrl","sqlitePath"}`
// then opens that database (migrate, then openStore) and answers one JSON line. The parent sends
// `go` to every child at once, so their starts really overlap, and can repeat with fresh databases
// without paying for a process start each time.
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/store/connect.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open-store.js';
import { createIdFactory } from '../../src/ids.js';

const encryptionKey = Buffer.from(process.env['CHILD_KEY_HEX'] ?? '', 'hex');

async function open(target: { databaseUrl?: string; sqlitePath?: string }): Promise<string[]> {
  const opened = await openDatabase({ ...target, poolSize: 2 });
  let applied: string[];
  try {
    applied = await migrate(opened.db, opened.dialect);
  } finally {
    await opened.close();
  }
  const store = await openStore({ ...target, poolSize: 2, encryptionKey, ids: createIdFactory() });
  await store.close();
  return applied;
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (!line.startsWith('go ')) continue;
  try {
    const applied = await open(JSON.parse(line.slice(3)) as { databaseUrl?: string; sqlitePath?: string });
    process.stdout.write(`${JSON.stringify({ ok: true, applied })}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: `${(e as Error).name}: ${(e as Error).message}` })}\n`);
  }
}
