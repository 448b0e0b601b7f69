// Local commands: they open the database from the configuration directly, no server needed.
// `migrate` brings the schema up to date; `api-keys` makes, lists and revokes REST API keys (the
// key itself is shown once, at creation; the store keeps its hash).
import type { Command } from 'commander';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { statusColor, time } from '../output.js';

async function runMigrate(ctx: CliContext, o: { json?: boolean }): Promise<number> {
  const c = await ctx.config();
  const { MIGRATIONS, migrate, openDatabase } = await import('@tokpost/engine');
  const opened = await openDatabase({ databaseUrl: c.databaseUrl, sqlitePath: c.databaseUrl ? undefined : join(c.dataDir, 'tokpost.db') });
  try {
    const applied = await migrate(opened.db, opened.dialect);
    const all = Object.keys(MIGRATIONS);
    if (o.json) ctx.out.json({ database: opened.location, applied, migrations: all });
    else {
      ctx.out.line(applied.length > 0 ? `applied ${applied.length} migration(s) to ${opened.location}: ${applied.join(', ')}` : `${opened.location} is up to date`);
      ctx.out.line(`${all.length} migrations in all, the latest ${all[all.length - 1] ?? '(none)'}`);
    }
    return 0;
  } finally {
    await opened.close();
  }
}

export function registerLocal(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  program
    .command('migrate')
    .description('create or update the database schema (SQLite in the data folder, or DATABASE_URL)')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => run(() => runMigrate(ctx, o)));

  const keys = program.command('api-keys').description('make, list and revoke REST API keys (opens the database from the configuration)');
  keys
    .command('create')
    .description('make a key; it is printed once and stored hashed')
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--json', 'print JSON')
    .action((o: { name: string; json?: boolean }) =>
      run(async () => {
        const engine = await ctx.openEngine();
        try {
          const created = await engine.apiKeys.create({ name: o.name });
          if (o.json) ctx.out.json(created);
          else {
            ctx.out.line(created.key);
            ctx.out.warn(`API key ${created.apiKey.id} "${created.apiKey.name}" created. It is shown only now: keep it somewhere safe.`);
          }
          return 0;
        } finally {
          await engine.close();
        }
      }),
    );
  keys
    .command('list')
    .description('list the keys (never the keys themselves: their first characters)')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      run(async () => {
        const engine = await ctx.openEngine();
        try {
          const apiKeys = await engine.apiKeys.list();
          if (o.json) ctx.out.json({ apiKeys });
          else ctx.out.table(['id', 'name', 'starts with', 'created', 'status'], apiKeys.map((k) => [k.id, k.name, `${k.prefix}…`, time(k.createdAt), k.revokedAt ? statusColor(ctx.out.c, 'revoked') + ` ${time(k.revokedAt)}` : statusColor(ctx.out.c, 'active')]));
          return 0;
        } finally {
          await engine.close();
        }
      }),
    );
  keys
    .command('revoke')
    .description('revoke a key: it stops working at once')
    .argument('<id>', 'the key id (key_…), from `tokpost api-keys list`')
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) =>
      run(async () => {
        const engine = await ctx.openEngine();
        try {
          const apiKey = await engine.apiKeys.revoke(id);
          if (o.json) ctx.out.json({ apiKey });
          else ctx.out.line(`revoked ${apiKey.id} "${apiKey.name}"`);
          return 0;
        } finally {
          await engine.close();
        }
      }),
    );
}
