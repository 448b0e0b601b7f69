// POST /api/media/:id/fix through the real HTTP stack and a real worker: a clip in a codec TikTok
// refuses (MPEG-4 Part 2) is queued (202), transcoded by the worker with the engine's ffmpeg while
// GET /api/media/:id shows the progress, and ends `done` pointing at a new asset whose findings
// were made afresh from the new file. Files with nothing to fix, or nothing fixable, are 409.
// On SQLite and on PostgreSQL (the fix job is claimed like any other job).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '@tokpost/engine';
import { startHarness, type Harness } from './support/harness.js';
import { createPgSchema } from './support/postgres.js';
import { goodClip, mpeg4Clip, multipartBody, readBytes } from './support/media.js';

interface FixView {
  id: string;
  status: string;
  progress: number;
  fixedMediaId?: string;
  error?: string;
}
interface MediaBody {
  id: string;
  kind: string;
  findings: Array<{ code: string; severity: string; fixable: boolean }>;
  probe: { kind: string; video?: { codec: string } };
  fix?: FixView;
}

describe.each(['sqlite', 'postgres'] as const)('POST /api/media/:id/fix (%s)', (dialect) => {
  let h: Harness;
  let worker: Worker | undefined;
  let dropSchema: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const pg = await createPgSchema();
      dropSchema = pg.drop;
      h = await startHarness({ databaseUrl: pg.databaseUrl });
    } else {
      h = await startHarness();
    }
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
    await dropSchema?.();
  });

  const upload = async (fileName: string, data: Buffer): Promise<MediaBody> => {
    const res = await h.request('POST', '/api/media', { raw: multipartBody([{ name: 'file', filename: fileName, data }]) });
    expect(res.status).toBe(201);
    return res.body as MediaBody;
  };

  it('runs through a worker, shows progress while it runs, and ends with the fixed media', async () => {
    const original = await upload('old-camera.mp4', readBytes(await mpeg4Clip(4)));
    expect(original.findings).toContainEqual(expect.objectContaining({ code: 'video_codec_unsupported', severity: 'error', fixable: true }));

    const queued = await h.request('POST', `/api/media/${original.id}/fix`);
    expect(queued.status).toBe(202);
    const fix = (queued.body as { fix: FixView }).fix;
    expect(fix).toEqual({ id: expect.stringMatching(/^fix_/), status: 'queued', progress: 0 });
    // Asking again while it is queued answers the same fix.
    expect(((await h.request('POST', `/api/media/${original.id}/fix`)).body as { fix: FixView }).fix).toEqual(fix);
    expect(((await h.request('GET', `/api/media/${original.id}`)).body as MediaBody).fix).toEqual(fix);

    // Every step the job records, and what GET /api/media/:id said at the first progress step.
    const seen: Array<{ status: string; progress: number }> = [];
    let duringRun: Promise<MediaBody> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      h.engine.events.on('fix', (e) => {
        if (e.fixId !== fix.id) return;
        seen.push({ status: e.status, progress: e.progress });
        if (e.status === 'running' && e.progress > 0 && !duringRun) duringRun = h.request('GET', `/api/media/${original.id}`).then((r) => r.body as MediaBody);
        if (e.status === 'done') resolve();
        if (e.status === 'failed') reject(new Error('the fix failed'));
      });
    });
    worker = h.engine.createWorker({ watchdog: false, pollMs: 50 });
    await done;

    expect(seen[0]).toEqual({ status: 'running', progress: 0 });
    expect(seen.at(-1)).toEqual({ status: 'done', progress: 1 });
    const steps = seen.filter((s) => s.status === 'running').map((s) => s.progress);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const during = await duringRun!;
    expect(during.fix?.status).toBe('running');
    expect(during.fix!.progress).toBeGreaterThan(0);
    expect(during.fix!.progress).toBeLessThan(1);

    const after = (await h.request('GET', `/api/media/${original.id}`)).body as MediaBody;
    expect(after.fix).toEqual({ id: fix.id, status: 'done', progress: 1, fixedMediaId: expect.stringMatching(/^med_/) });
    const fixed = await h.request('GET', `/api/media/${after.fix!.fixedMediaId}`);
    expect(fixed.status).toBe(200);
    const fixedMedia = fixed.body as MediaBody;
    expect(fixedMedia).toMatchObject({ kind: 'video', probe: { kind: 'video', video: { codec: 'h264' } } });
    expect(fixedMedia.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(fixedMedia.fix).toBeUndefined();
    // The original keeps its findings: a fix makes a new file and never touches the old one.
    expect(after.findings).toEqual(original.findings);
  });

  it('refuses a file with nothing to fix or nothing fixable (409), and unknown media (404)', async () => {
    const good = await upload('clip.mp4', readBytes(await goodClip()));
    const res = await h.request('POST', `/api/media/${good.id}/fix`);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'ERR_CONFLICT', message: `media ${good.id} has nothing to fix: its findings hold nothing a transcode would change` } });

    const noise = await upload('noise.mp4', Buffer.alloc(4096, 3));
    const refused = await h.request('POST', `/api/media/${noise.id}/fix`);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { message: string } }).error.message).toMatch(new RegExp(`^media ${noise.id} cannot be fixed: `));

    expect((await h.request('POST', '/api/media/med_unknown/fix')).body).toEqual({ error: { code: 'ERR_NOT_FOUND', message: 'media med_unknown does not exist' } });
    expect((await h.request('POST', `/api/media/${good.id}/fix`, { key: false })).status).toBe(401);
  });
});
