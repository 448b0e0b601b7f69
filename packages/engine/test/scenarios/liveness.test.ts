// Liveness (docs/notifications.md §5.2): a worker process killed with SIGKILL leaves its heartbeat
// behind and stops beating; the next liveness check — made by a process that runs no worker, as the
// server does — reports no worker alive and tells it once per outage, by webhook and by email,
// delivered from that process itself.
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../../../test/support/processes.js';
import { createEngine, type Engine, type Store } from '../../src/index.js';
import { createTestDatabase, DIALECTS, openTestStore, TEST_KEY, type TestDatabase } from '../support/databases.js';
import { addEndpoints, bodyOf, receiverAccepts, startSinks, type Sinks } from '../support/notification-endpoints.js';
import { createTestClock } from '../support/test-clock.js';

const MINUTE = 60_000;
const NOWHERE = 'http://127.0.0.1:9';
const REDIRECT_URI = 'https://tokpost.test/api/oauth/tiktok/callback';

describe.each(DIALECTS)('liveness (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let store: Store | undefined;
  let sinks: Sinks | undefined;
  let child: WorkerProcess | undefined;
  afterEach(async () => {
    await child?.kill();
    await store?.close();
    await db?.drop();
    await sinks?.close();
    child = store = db = sinks = undefined;
  });

  it('tells "no worker alive" once per outage when the only worker was killed, by webhook and by email', async () => {
    db = await createTestDatabase(dialect);
    store = await openTestStore(db);
    sinks = await startSinks();
    // The server's side: the engine's services without a worker, on a clock the test moves.
    const clock = createTestClock(Date.now());
    const engine: Engine = createEngine({ store, clock, tiktok: { baseUrls: NOWHERE, redirectUri: REDIRECT_URI }, settings: { ...sinks.settings, workerDeadAfterMs: 2 * MINUTE } });
    const { secret } = await addEndpoints(engine, sinks);

    child = await startWorkerProcess({
      databaseUrl: db.databaseUrl,
      dataDir: db.sqlitePath ? dirname(db.sqlitePath) : undefined,
      encryptionKey: TEST_KEY.toString('hex'),
      tiktokUrl: NOWHERE,
      redirectUri: REDIRECT_URI,
    });
    const before = await engine.liveness();
    expect(before).toMatchObject({ alive: true, outage: null });
    expect(before.workers.map((w) => [w.host, w.pid, w.alive])).toEqual([[hostname(), child.child.pid, true]]);

    await child.kill();
    await clock.advance(5 * MINUTE);
    const dead = await engine.liveness();
    expect(dead.alive).toBe(false);
    expect(dead.workers.map((w) => [w.pid, w.alive])).toEqual([[child.child.pid, false]]);
    expect(dead.outage).toMatchObject({ type: 'no_worker_alive', data: { lastBeatAt: before.workers[0]!.lastBeatAt } });
    // Delivered before liveness() answered: no worker exists to run a job.
    expect(sinks.hooks.received).toHaveLength(1);
    expect(receiverAccepts(sinks.hooks.received[0]!, secret, clock.now())).toBe(true);
    const body = bodyOf(sinks.hooks.received[0]!);
    expect(body).toMatchObject({ type: 'no_worker_alive', id: dead.outage!.id });
    expect(body.summary).toBe(`No tokpost worker is alive (last heartbeat ${new Date(before.workers[0]!.lastBeatAt).toISOString()}): nothing is being published`);
    expect(sinks.smtp.mails.map((m) => m.header('Subject'))).toEqual([`[tokpost] ${body.summary}`]);

    // Checked again during the same outage: the same event, nothing sent.
    await clock.advance(5 * MINUTE);
    expect((await engine.liveness()).outage?.id).toBe(dead.outage!.id);
    expect(sinks.hooks.received).toHaveLength(1);
    expect(sinks.smtp.mails).toHaveLength(1);
    const [logged] = (await engine.notifications.events.list()).events;
    expect(logged!.deliveries.map((d) => [d.status, d.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);

    // A worker comes, beats, and stops; once it has been gone long enough, that is a new outage.
    const worker = engine.createWorker({ watchdog: false, pollMs: 3_600_000 });
    await worker.whenStarted();
    expect((await engine.liveness()).alive).toBe(true);
    await worker.stop();
    await clock.advance(5 * MINUTE);
    const again = await engine.liveness();
    expect(again.alive).toBe(false);
    expect(again.workers.map((w) => w.pid)).toEqual([child.child.pid]);
    expect(again.outage!.id).not.toBe(dead.outage!.id);
    expect(sinks.hooks.received.map((r) => bodyOf(r).type)).toEqual(['no_worker_alive', 'no_worker_alive']);
    expect(sinks.smtp.mails).toHaveLength(2);
  });
});
