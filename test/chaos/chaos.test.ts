// The chaos run in small (docs/reliability.md): 40 posts of 8 accounts over 2 hours of TikTok time
// at ×300, 2 `tokpost worker` processes and `tokpost serve --no-worker`, one SIGKILL of each kind
// with a restart, one PostgreSQL restart (a cut, where the run can have no cluster of its own),
// every fault kind at 10 % on every posting call, upload, pull and webhook, moderation rejections
// and a revocation with its reconnect. By the emulator's ground truth: nothing lost, nothing
// published twice, nothing left unfinished, no outcome disagreeing with TikTok's, and no secret in
// any log line, API answer or notification.
import { describe, expect, it } from 'vitest';
import { runChaos } from './run-chaos.js';

const POSTGRES_URL = process.env['TOKPOST_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('chaos (short)', () => {
  it('loses nothing, publishes nothing twice, agrees with TikTok and leaks no secret', { timeout: 240_000 }, async () => {
    const out: string[] = [];
    const f = await runChaos({ posts: 40, accounts: 8, workers: 2, seed: 13, spanMs: 2 * 3_600_000, killsPerKind: 1, factor: 300, moderationDelayMs: 3_600_000, postgresUrl: POSTGRES_URL, stallRealMs: 45_000, log: (l) => out.push(l) });
    process.stdout.write(`${out.join('\n')}\nchaos short: ${JSON.stringify({ ...f, details: undefined })}\n`);
    expect(f.details).toEqual([]);
    expect({ lost: f.lost, publishedTwice: f.publishedTwice, nonTerminal: f.nonTerminal, disagreeing: f.disagreeing, secretsFound: f.secretsFound }).toEqual({ lost: 0, publishedTwice: 0, nonTerminal: 0, disagreeing: 0, secretsFound: 0 });
    // The run did meet what it planned: both kills, faults, published and failed posts, scanned lines.
    expect(f.kills).toBe(2);
    expect(f.faultsInjected).toBeGreaterThan(50);
    expect(f.published).toBeGreaterThan(20);
    expect(f.published + f.failed + f.heldByCaps).toBe(40);
    expect(f.linesScanned).toBeGreaterThan(100);
  });
});
