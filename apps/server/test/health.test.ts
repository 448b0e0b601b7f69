// /healthz is real liveness: the database answers AND some worker's heartbeat is recent (within
// settings.workerDeadAfterMs, 2 minutes by default); otherwise 503 naming the failed check and what
// to do. (The database-gone case runs over a real socket in socket.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const health = () => h.request('GET', '/healthz', { key: false });

describe('GET /healthz', () => {
  it('503 while no worker has ever beaten, 200 once one has', async () => {
    const none = await health();
    expect(none.status).toBe(503);
    expect(none.body).toEqual({ ok: false, failed: [{ check: 'worker', message: 'no worker has ever sent a heartbeat: start one (tokpost worker, or tokpost serve without --no-worker)' }] });
    await h.beat();
    const live = await health();
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ ok: true });
  });

  it('503 naming the last heartbeat once it is older than two minutes', async () => {
    await h.engine.store.workers.remove('wrk_harness');
    const old = Date.now() - 3 * 60_000;
    await h.engine.store.workers.beat({ id: 'wrk_old', host: 'harness', pid: process.pid, startedAt: old }, old);
    const r = await health();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      ok: false,
      failed: [{ check: 'worker', message: `no worker heartbeat within 120 s (the last one at ${new Date(old).toISOString()}): nothing is being published; start or restart a worker` }],
    });
    await h.engine.store.workers.remove('wrk_old');
  });

  it('follows a real worker: healthy while it runs, unhealthy once it stopped', async () => {
    const worker = h.engine.createWorker({ watchdog: false });
    await worker.whenStarted();
    expect((await health()).status).toBe(200);
    await worker.stop();
    const after = await health();
    expect(after.status).toBe(503);
    expect((after.body as { failed: Array<{ check: string }> }).failed.map((f) => f.check)).toEqual(['worker']);
  });
});
