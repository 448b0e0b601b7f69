// `tokpost accounts list|connect|refresh|disconnect` and `tokpost doctor [account] [--test-post]`,
// over the REST API (GET /api/accounts, POST /api/accounts/connect, POST …/refresh, DELETE, GET
// …/doctor).
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { statusColor, time } from '../output.js';
import { restCommand, type RestOptions } from './rest-options.js';

interface AccountRow {
  id: string;
  appId: string;
  username?: string | null;
  nickname?: string | null;
  status: string;
  scopes?: string[];
  accessExpiresAt?: number;
  health?: { status?: string } | string | null;
}

interface CheckItem {
  id: string;
  status: string;
  title: string;
  detail: string;
  fix?: string;
}

interface DoctorReport {
  accountId: string;
  status: string;
  items: CheckItem[];
  testPost?: { status: string; detail: string; fix?: string; shareUrl: string | null };
}

const healthOf = (h: AccountRow['health']): string => (typeof h === 'string' ? h : (h?.status ?? ''));

function printReport(out: Output, r: DoctorReport, name: string): void {
  out.line(`${out.c.bold(name)}: ${statusColor(out.c, r.status)}`);
  for (const item of r.items) {
    out.line(`  ${statusColor(out.c, item.status.padEnd(7))} ${item.title}: ${item.detail}`);
    if (item.fix && item.status !== 'ok') out.line(`          ${out.c.dim('fix:')} ${item.fix}`);
  }
  if (r.testPost) {
    out.line(`  ${statusColor(out.c, r.testPost.status.padEnd(7))} test post: ${r.testPost.detail}${r.testPost.shareUrl ? ` ${r.testPost.shareUrl}` : ''}`);
    if (r.testPost.fix && r.testPost.status !== 'ok') out.line(`          ${out.c.dim('fix:')} ${r.testPost.fix}`);
  }
}

export function registerAccounts(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  const { out } = ctx;
  const accounts = program.command('accounts').description('connected TikTok accounts (over the REST API)');

  restCommand(accounts.command('list').description('list the accounts with their status and health')).action((o: RestOptions) =>
    run(async () => {
      const { accounts: list } = await (await ctx.api(o)).request<{ accounts: AccountRow[] }>('GET', '/api/accounts');
      if (o.json) out.json({ accounts: list });
      else out.table(['id', 'username', 'name', 'status', 'health', 'token expires'], list.map((a) => [a.id, a.username ?? '', a.nickname ?? '', statusColor(out.c, a.status), statusColor(out.c, healthOf(a.health)), time(a.accessExpiresAt)]));
      return 0;
    }),
  );

  restCommand(
    accounts
      .command('connect')
      .description("start connecting a TikTok account: prints TikTok's consent page to open in a browser")
      .option('--app <appId>', 'the TikTok app (default: the only one)')
      .option('--scopes <scopes>', 'comma-separated scopes to ask for (default: what tokpost needs)')
      .option('--reconnect <accountId>', 'reconnect this account (its posts and history stay)'),
  ).action((o: RestOptions & { app?: string; scopes?: string; reconnect?: string }) =>
    run(async () => {
      const body = {
        ...(o.app ? { appId: o.app } : {}),
        ...(o.scopes ? { scopes: o.scopes.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(o.reconnect ? { accountId: o.reconnect } : {}),
      };
      const answer = await (await ctx.api(o)).request<{ authorizeUrl: string; expiresAt: number }>('POST', '/api/accounts/connect', { body });
      if (o.json) out.json(answer);
      else {
        out.line(answer.authorizeUrl);
        out.warn(`Open this address in a browser and approve; it works once, until ${time(answer.expiresAt)}.`);
      }
      return 0;
    }),
  );

  restCommand(accounts.command('refresh').description("refresh the account's access token now (queued)").argument('<id>', 'the account id')).action((id: string, o: RestOptions) =>
    run(async () => {
      const answer = await (await ctx.api(o)).request<{ refresh: string }>('POST', `/api/accounts/${encodeURIComponent(id)}/refresh`);
      if (o.json) out.json(answer);
      else out.line(`refresh of ${id} ${answer.refresh}`);
      return 0;
    }),
  );

  restCommand(accounts.command('disconnect').description('disconnect an account (its posts and history stay; reconnect to resume)').argument('<id>', 'the account id')).action((id: string, o: RestOptions) =>
    run(async () => {
      const answer = await (await ctx.api(o)).request<{ account: AccountRow }>('DELETE', `/api/accounts/${encodeURIComponent(id)}`);
      if (o.json) out.json(answer);
      else out.line(`${id} is ${statusColor(out.c, answer.account.status)}`);
      return 0;
    }),
  );

  restCommand(
    program
      .command('doctor')
      .description("check an account (or every account): connection, tokens, scopes, caps, audit, recent posts")
      .argument('[account]', 'the account id (default: every account)')
      .option('--test-post', 'also publish a private test post and follow it to the end'),
  ).action((account: string | undefined, o: RestOptions & { testPost?: boolean }) =>
    run(async () => {
      // A test post is followed to its end: TikTok's processing and moderation can take minutes.
      const api = await ctx.api({ ...o, ...(o.testPost ? { timeoutMs: 20 * 60_000 } : {}) });
      const targets = account ? [{ id: account, username: account }] : (await api.request<{ accounts: AccountRow[] }>('GET', '/api/accounts')).accounts;
      const reports: DoctorReport[] = [];
      for (const a of targets) {
        const { report } = await api.request<{ report: DoctorReport }>('GET', `/api/accounts/${encodeURIComponent(a.id)}/doctor${o.testPost ? '?testPost=true' : ''}`);
        reports.push(report);
        if (!o.json) printReport(out, report, a.username ? `${a.username} (${a.id})` : a.id);
      }
      if (o.json) out.json(account ? { report: reports[0] } : { reports });
      else if (targets.length === 0) out.line('no accounts connected yet: tokpost accounts connect');
      return 0;
    }),
  );
}
