// `tokpost posts create|list|show|cancel|retry|import <csv>` over the REST API. `create --file`
// uploads the file first through the resumable upload (POST /api/media/uploads, then PUT chunks with
// Content-Range), with a progress bar on a terminal. `import` sends a CSV (a header row, one post per
// row, the API's field names as columns) to POST /api/posts/batch and prints each row's fate.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import type { ApiClient } from '../api-client.js';
import type { CliContext } from '../context.js';
import { EXIT, usageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { statusColor, time } from '../output.js';
import { parseTime, POST_COLUMNS, postBody, type PostColumn } from './post-fields.js';
import { restCommand, type RestOptions } from './rest-options.js';

const CHUNK_BYTES = 8 * 1024 * 1024;

interface PostRow {
  id: string;
  accountId: string;
  state: string;
  title?: string;
  scheduledAt?: number | string | null;
  [k: string]: unknown;
}

interface Warning {
  code?: string;
  message: string;
}

interface BatchResult {
  index: number;
  ok: boolean;
  post?: PostRow;
  warnings?: Warning[];
  error?: { code: string; message: string; issues?: { field: string; message: string }[] };
}

const when = (t: number | string | null | undefined): string => (typeof t === 'number' ? time(t) : (t ?? 'as soon as possible'));

async function upload(api: ApiClient, out: Output, file: string, json: boolean): Promise<{ id: string }> {
  const path = resolve(file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw usageError(`${file} does not exist`);
  }
  const started = await api.request<{ uploadId: string; uploadUrl: string; received: number }>('POST', '/api/media/uploads', { body: { fileName: basename(path), size } });
  const target = started.uploadUrl.startsWith('http') ? new URL(started.uploadUrl).pathname : started.uploadUrl;
  const bar = !json && out.stderr.isTTY ? new SingleBar({ format: ` uploading ${basename(path)} [{bar}] {percentage}%`, hideCursor: true }) : undefined;
  bar?.start(size, started.received);
  let sent = started.received;
  let media: { id: string } | undefined;
  try {
    const stream = createReadStream(path, { start: sent, highWaterMark: CHUNK_BYTES });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = sent + chunk.length - 1;
      const answer = await api.request<{ received?: number; id?: string }>('PUT', target, { raw: { bytes: chunk, headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${sent}-${end}/${size}` } } });
      sent = end + 1;
      bar?.update(sent);
      if (answer?.id) media = { id: answer.id };
    }
  } finally {
    bar?.stop();
  }
  if (!media) throw new Error(`the upload of ${file} ended without the media (sent ${sent} of ${size} bytes)`);
  if (!json) out.warn(`uploaded ${file} as ${media.id}`);
  return media;
}

function printWarnings(out: Output, warnings: Warning[] | undefined, indent = '  '): void {
  for (const w of warnings ?? []) out.line(`${indent}${out.c.yellow('warning')} ${w.code ? `${w.code}: ` : ''}${w.message}`);
}

export function registerPosts(program: Command, ctx: CliContext, run: (f: () => Promise<number>) => Promise<void>): void {
  const { out } = ctx;
  const posts = program.command('posts').description('schedule, list, inspect, cancel and retry posts (over the REST API)');

  restCommand(
    posts
      .command('create')
      .description('create a post (there is no default privacy: --privacy is required for direct posts)')
      .requiredOption('--account <id>', 'the account to post to')
      .option('--media <ids...>', 'media ids (one video, or 1 to 35 photos)')
      .option('--file <path>', 'upload this file first and post it')
      .option('--title <text>', 'the caption (video) or title (photos)')
      .option('--description <text>', 'photo posts: the description')
      .option('--privacy <level>', "PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY (one of the creator's options)")
      .option('--allow-comment', 'allow comments')
      .option('--allow-duet', 'allow Duets (videos)')
      .option('--allow-stitch', 'allow Stitches (videos)')
      .option('--your-brand', 'disclose: promotes your own brand')
      .option('--branded-content', 'disclose: paid partnership (never SELF_ONLY)')
      .option('--ai-generated', 'label as AI-generated')
      .option('--mode <mode>', 'direct (publish) or inbox (a draft the creator finishes in the app)', 'direct')
      .option('--at <time>', 'when: ISO 8601 or +10m, +2h, +1d (default: as soon as possible)')
      .option('--publish-if-late', 'still publish when tokpost was down past the time'),
  ).action((o: RestOptions & Record<string, string | string[] | boolean | undefined>) =>
    run(async () => {
      const api = (await ctx.api(o));
      if (!o['media'] && !o['file']) throw usageError('give --media <ids…> or --file <path>');
      const mediaIds = [...((o['media'] as string[] | undefined) ?? [])];
      if (typeof o['file'] === 'string') mediaIds.push((await upload(api, out, o['file'], Boolean(o.json))).id);
      const flag = (name: string) => (o[name] ? 'true' : 'false');
      const values: Partial<Record<PostColumn, string>> = {
        accountId: o['account'] as string,
        mediaIds: mediaIds.join(' '),
        title: o['title'] as string | undefined,
        description: o['description'] as string | undefined,
        privacyLevel: o['privacy'] as string | undefined,
        allowComment: flag('allowComment'),
        allowDuet: flag('allowDuet'),
        allowStitch: flag('allowStitch'),
        yourBrand: flag('yourBrand'),
        brandedContent: flag('brandedContent'),
        aiGenerated: flag('aiGenerated'),
        mode: o['mode'] as string,
        scheduledAt: o['at'] as string | undefined,
        publishIfLate: flag('publishIfLate'),
      };
      const answer = await api.request<{ post: PostRow; warnings: Warning[] }>('POST', '/api/posts', { body: postBody(values, '--') });
      if (o.json) out.json(answer);
      else {
        out.line(`${answer.post.id} ${statusColor(out.c, answer.post.state)}, ${when(answer.post.scheduledAt)}`);
        printWarnings(out, answer.warnings);
      }
      return 0;
    }),
  );

  restCommand(
    posts
      .command('list')
      .description('list posts, newest first')
      .option('--state <state>', 'only posts in this state (scheduled, published, failed, needs_action, …)')
      .option('--account <id>', 'only this account')
      .option('--from <time>', 'scheduled at or after (ISO 8601, or +1h, +2d)')
      .option('--to <time>', 'scheduled before (ISO 8601, or +1h, +2d)')
      .option('--limit <n>', 'posts per page')
      .option('--cursor <cursor>', 'the next page (from the previous answer)'),
  ).action((o: RestOptions & { state?: string; account?: string; from?: string; to?: string; limit?: string; cursor?: string }) =>
    run(async () => {
      const q = new URLSearchParams();
      for (const [k, v] of [['state', o.state], ['accountId', o.account], ['limit', o.limit], ['cursor', o.cursor]] as const) if (v) q.set(k, v);
      if (o.from) q.set('from', parseTime(o.from, '--from'));
      if (o.to) q.set('to', parseTime(o.to, '--to'));
      const answer = await (await ctx.api(o)).request<{ posts: PostRow[]; nextCursor: string | null }>('GET', `/api/posts${q.size > 0 ? `?${q}` : ''}`);
      if (o.json) out.json(answer);
      else {
        out.table(['id', 'account', 'state', 'when', 'title'], answer.posts.map((p) => [p.id, p.accountId, statusColor(out.c, p.state), when(p.scheduledAt), (p.title ?? '').slice(0, 40)]));
        if (answer.nextCursor) out.line(out.c.dim(`more: --cursor ${answer.nextCursor}`));
      }
      return 0;
    }),
  );

  restCommand(posts.command('show').description('a post with its timeline, attempts (TikTok’s codes and log ids), diagnosis and link').argument('<id>', 'the post id')).action((id: string, o: RestOptions) =>
    run(async () => {
      const answer = await (await ctx.api(o)).request<{ post: PostRow; timeline: { at: number; toState: string; reason: string | null; message: string | null }[]; attempts: Record<string, unknown>[]; diagnosis: { rawCode?: string; summary?: string; fix?: string; family?: string | null } | null; publicUrl: string | null }>('GET', `/api/posts/${encodeURIComponent(id)}`);
      if (o.json) out.json(answer);
      else {
        const p = answer.post;
        out.line(`${out.c.bold(p.id)} ${statusColor(out.c, p.state)} on ${p.accountId}, ${when(p.scheduledAt)}`);
        if (p.title) out.line(`  title    ${p.title}`);
        if (answer.publicUrl) out.line(`  link     ${answer.publicUrl}`);
        if (answer.diagnosis) out.line(`  why      ${answer.diagnosis.rawCode ? `${answer.diagnosis.rawCode}: ` : ''}${answer.diagnosis.summary ?? ''}${answer.diagnosis.fix ? `\n  fix      ${answer.diagnosis.fix}` : ''}`);
        out.line('timeline');
        out.table(['at', 'state', 'reason', 'message'], (answer.timeline ?? []).map((t) => [time(t.at), statusColor(out.c, t.toState), t.reason ?? '', t.message ?? '']));
        out.line('attempts');
        out.table(['at', 'kind', 'outcome', 'http', 'code', 'log id'], (answer.attempts ?? []).map((a) => [time(a['startedAt'] as number), String(a['kind'] ?? ''), String(a['outcome'] ?? ''), String(a['httpStatus'] ?? ''), String(a['errorCode'] ?? a['failReason'] ?? ''), String(a['logId'] ?? '')]));
      }
      return 0;
    }),
  );

  restCommand(posts.command('cancel').description('cancel a post that TikTok does not have yet').argument('<id>', 'the post id')).action((id: string, o: RestOptions) =>
    run(async () => {
      const answer = await (await ctx.api(o)).request<{ post: PostRow }>('POST', `/api/posts/${encodeURIComponent(id)}/cancel`);
      if (o.json) out.json(answer);
      else out.line(`${answer.post.id} ${statusColor(out.c, answer.post.state)}`);
      return 0;
    }),
  );

  restCommand(
    posts
      .command('retry')
      .description('queue a failed, missed or held post again')
      .argument('<id>', 'the post id')
      .option('--acknowledge-duplicate-risk', 'TikTok may already hold this post: publish again anyway'),
  ).action((id: string, o: RestOptions & { acknowledgeDuplicateRisk?: boolean }) =>
    run(async () => {
      const answer = await (await ctx.api(o)).request<{ post: PostRow }>('POST', `/api/posts/${encodeURIComponent(id)}/retry`, o.acknowledgeDuplicateRisk ? { body: { acknowledgeDuplicateRisk: true } } : {});
      if (o.json) out.json(answer);
      else out.line(`${answer.post.id} ${statusColor(out.c, answer.post.state)}, ${when(answer.post.scheduledAt)}`);
      return 0;
    }),
  );

  restCommand(
    posts
      .command('import')
      .description(`schedule many posts from a CSV: a header row, then one post per row; columns: ${POST_COLUMNS.join(', ')} (mediaIds separated by spaces; booleans true/false; scheduledAt ISO 8601 or +2h)`)
      .argument('<csv>', 'the CSV file'),
  ).action((file: string, o: RestOptions) =>
    run(async () => {
      let rows: Record<string, string>[];
      try {
        rows = parse(readFileSync(resolve(file), 'utf8'), { columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, bom: true }) as Record<string, string>[];
      } catch (e) {
        throw usageError(`cannot read ${file} as CSV: ${(e as Error).message}`);
      }
      if (rows.length === 0) throw usageError(`${file} has no rows after its header`);
      const unknown = Object.keys(rows[0]!).filter((k) => !(POST_COLUMNS as readonly string[]).includes(k));
      if (unknown.length > 0) throw usageError(`${file}: unknown column(s) ${unknown.join(', ')}; the columns are ${POST_COLUMNS.join(', ')}`);
      // Line numbers as an editor shows them: the header is line 1.
      const bodies = rows.map((r, i) => postBody(r as Partial<Record<PostColumn, string>>, `${file} line ${i + 2}`));
      const { results } = await (await ctx.api(o)).request<{ results: BatchResult[] }>('POST', '/api/posts/batch', { body: { posts: bodies } });
      const refused = results.filter((r) => !r.ok).length;
      if (o.json) out.json({ results });
      else {
        for (const r of results) {
          const line = `line ${r.index + 2}`;
          if (r.ok && r.post) {
            out.line(`${line}: ${out.c.green('scheduled')} ${r.post.id} ${statusColor(out.c, r.post.state)}, ${when(r.post.scheduledAt)}`);
            printWarnings(out, r.warnings, '    ');
          } else {
            out.line(`${line}: ${out.c.red('refused')} ${r.error?.code ?? ''}: ${r.error?.message ?? ''}`);
            for (const i of r.error?.issues ?? []) out.line(`    ${i.field}: ${i.message}`);
          }
        }
        out.line(`${results.length - refused} of ${results.length} accepted`);
      }
      return refused > 0 ? EXIT.refused : 0;
    }),
  );
}
