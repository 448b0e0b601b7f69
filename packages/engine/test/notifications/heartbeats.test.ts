// Workers' heartbeat rows on both databases (docs/notifications.md §5.2): written when a worker
// starts, removed when it stops gracefully (its last beat kept for telling outages apart), and rows
// of workers killed long ago forgotten by the next worker that starts.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { DIALECTS } from '../support/databases.js';
import { freshStores } from '../support/fresh-store.js';
import { createTestClock } from '../support/test-clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('worker heartbeats (%s)', (dialect) => {
  const fresh = freshStores(dialect);

  it('beats on start, forgets long-dead workers, and leaves when stopped', async () => {
    const { store } = await fresh();
    const clock = createTestClock();
    const t0 = clock.now();
    await store.workers.beat({ id: 'wrk_killed_long_ago', host: 'old-host', pid: 11, startedAt: t0 - 9 * DAY }, t0 - 8 * DAY);
    await store.workers.beat({ id: 'wrk_killed_lately', host: 'old-host', pid: 12, startedAt: t0 - 2 * DAY }, t0 - HOUR);
    const engine = createEngine({ store, clock, tiktok: { baseUrls: 'http://127.0.0.1:9', redirectUri: 'https://tokpost.test/cb' } });

    const worker = engine.createWorker({ watchdog: false, pollMs: HOUR });
    await worker.whenStarted();
    const running = await engine.liveness();
    expect(running).toMatchObject({ alive: true, lastBeatAt: t0, outage: null });
    expect(running.workers.map((w) => [w.id, w.pid, w.alive])).toEqual([
      [worker.id, process.pid, true],
      ['wrk_killed_lately', 12, false],
    ]);

    await clock.advance(HOUR);
    await worker.stop();
    expect((await store.workers.list()).map((w) => w.id)).toEqual(['wrk_killed_lately']);
    const after = await engine.liveness();
    expect(after).toMatchObject({ alive: false, lastBeatAt: t0 + HOUR, outage: { type: 'no_worker_alive', data: { lastBeatAt: t0 + HOUR } } });
  });
});
