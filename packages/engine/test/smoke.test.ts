import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { createWorld, type World } from './support/world.js';

describe.each(DIALECTS)('smoke (%s)', (dialect) => {
  let w: World;
  afterEach(() => w?.close());
  it('publishes a scheduled video on time', async () => {
    w = await createWorld({ dialect });
    const { account } = await w.connect();
    const video = await w.video();
    const at = w.clock.now() + 3_600_000;
    const post = await w.schedule({ accountId: account.id, mediaIds: [video.id], scheduledAt: at });
    const done = await w.waitForPost(post.id, ['published', 'failed', 'needs_action'], 4 * 3_600_000);
    console.log(done.state, done.stateReason, done.stateMessage);
    console.log((await w.engine.posts.timeline(post.id)).map((e) => `${new Date(e.at).toISOString()} ${e.fromState}->${e.toState} ${e.message}`));
    expect(done.state).toBe('published');
    const truth = await w.truth();
    expect(truth).toHaveLength(1);
  });
});
