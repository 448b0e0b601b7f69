// `tokpost posts …` against the server's posts and media routes (POST /api/media/uploads and
// PUT …/:uploadId, POST /api/posts, /api/posts/batch, GET /api/posts, GET/POST /api/posts/:id/…).
// The checks of the command line itself (CSV columns, booleans, a missing --media/--file) need no
// server and come first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../test/support/fixtures.js';
import { startCliServer, tempDir, tokpost, type CliServer } from './support/cli-harness.js';

let s: CliServer;
let accountId: string;
let video: string;
beforeAll(async () => {
  s = await startCliServer();
  accountId = (await s.connectAccount('posts.creator')).id;
  video = await goodMp4({ seconds: 3 });
});
afterAll(async () => {
  await s?.close();
});

const rest = (): string[] => ['--url', s.url, '--key', s.key];

function csv(lines: string[]): string {
  const file = join(tempDir(), 'posts.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('posts commands: the command line', () => {
  it('create needs --media or --file (2)', async () => {
    const r = await tokpost(['posts', 'create', '--account', 'acc_1', '--privacy', 'SELF_ONLY', ...rest()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --media <ids…> or --file <path>');
  });

  it('import refuses an unknown column, a bad boolean and a bad time before sending anything (2)', async () => {
    const unknown = await tokpost(['posts', 'import', csv(['accountId,mediaIds,privacy', 'acc_1,med_1,SELF_ONLY']), ...rest()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown column(s) privacy; the columns are accountId, mediaIds, title');
    const file = csv(['accountId,mediaIds,privacyLevel,allowComment', 'acc_1,med_1,SELF_ONLY,true', 'acc_1,med_1,SELF_ONLY,perhaps']);
    const bool = await tokpost(['posts', 'import', file, ...rest()]);
    expect(bool.code).toBe(2);
    expect(bool.stderr).toContain(`${file} line 3 allowComment: "perhaps" is not true or false`);
    const when = await tokpost(['posts', 'import', csv(['accountId,mediaIds,privacyLevel,scheduledAt', 'acc_1,med_1,SELF_ONLY,tomorrow']), ...rest()]);
    expect(when.code).toBe(2);
    expect(when.stderr).toContain('scheduledAt: "tomorrow" is not a time');
  });
});

describe('posts commands against the server', () => {
  let postId: string;
  let mediaId: string;

  it('create --file uploads the video and schedules it', async () => {
    const r = await tokpost(['posts', 'create', '--account', accountId, '--file', video, '--title', 'from the CLI', '--privacy', 'SELF_ONLY', '--at', '+1d', ...rest(), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { post } = JSON.parse(r.stdout) as { post: { id: string; state: string; accountId: string; mediaIds: string[]; title: string } };
    expect(post).toMatchObject({ accountId, state: 'scheduled', title: 'from the CLI' });
    expect(post.mediaIds).toHaveLength(1);
    postId = post.id;
    mediaId = post.mediaIds[0]!;
  });

  it('create without a privacy level is refused with the field named (3)', async () => {
    const r = await tokpost(['posts', 'create', '--account', accountId, '--media', mediaId, ...rest()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERR_VALIDATION');
    expect(r.stderr).toContain('privacyLevel');
  });

  it('list and show find the post', async () => {
    const list = await tokpost(['posts', 'list', '--account', accountId, ...rest(), '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { posts: { id: string }[] }).posts.map((p) => p.id)).toContain(postId);
    const human = await tokpost(['posts', 'list', '--state', 'scheduled', ...rest()]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(postId);
    const show = await tokpost(['posts', 'show', postId, ...rest(), '--json']);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout) as { post: { id: string }; timeline: unknown[]; attempts: unknown[] };
    expect(shown.post.id).toBe(postId);
    expect(shown.timeline.length).toBeGreaterThan(0);
    expect(shown.attempts).toEqual([]);
    const text = await tokpost(['posts', 'show', postId, ...rest()]);
    expect(text.stdout).toContain('timeline');
  });

  it('cancel stops the post; retry of a cancelled post is refused (3)', async () => {
    const cancel = await tokpost(['posts', 'cancel', postId, ...rest()]);
    expect(cancel).toMatchObject({ code: 0 });
    expect(cancel.stdout).toContain(`${postId} cancelled`);
    const retry = await tokpost(['posts', 'retry', postId, ...rest()]);
    expect(retry.code).toBe(3);
    expect(retry.stderr).toMatch(/error ERR_[A-Z_]+: /);
  });

  it('import sends every row to the batch route and prints each row’s fate (3 when any was refused)', async () => {
    const file = csv([
      'accountId,mediaIds,title,privacyLevel,allowComment,scheduledAt',
      `${accountId},${mediaId},"first, with a comma",SELF_ONLY,yes,+2d`,
      `${accountId},${mediaId},no privacy,,no,+3d`,
    ]);
    const r = await tokpost(['posts', 'import', file, ...rest()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/line 2: scheduled post_\S+ scheduled/);
    expect(r.stdout).toMatch(/line 3: refused ERR_VALIDATION: /);
    expect(r.stdout).toContain('privacyLevel');
    expect(r.stdout).toContain('1 of 2 accepted');
    const json = await tokpost(['posts', 'import', csv(['accountId,mediaIds,privacyLevel,scheduledAt', `${accountId},${mediaId},SELF_ONLY,+4d`]), ...rest(), '--json']);
    expect(json.code).toBe(0);
    const { results } = JSON.parse(json.stdout) as { results: { index: number; ok: boolean; post?: { title?: string } }[] };
    expect(results).toEqual([expect.objectContaining({ index: 0, ok: true })]);
  });
});
