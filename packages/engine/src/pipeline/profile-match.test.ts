import { describe, expect, it } from 'vitest';
import { matchOnProfile } from './profile-match.js';

const initAt = Date.UTC(2026, 5, 1, 9); // 1780304400000
const post = { title: 'tokpost doctor check 42', initStartedAt: initAt, createdAt: initAt - 5_000 };

describe('matchOnProfile', () => {
  it('adopts the one video with the caption created after the init', () => {
    const videos = [
      { id: '7300000000000000002', title: 'tokpost doctor check 42', createTime: 1_780_304_403 },
      { id: '7300000000000000001', title: 'something else', createTime: 1_780_304_402 },
    ];
    expect(matchOnProfile(post, videos, new Set())).toEqual({ found: videos[0] });
  });

  it('ignores videos created well before the init, and ids other posts already hold', () => {
    const old = { id: '7300000000000000003', title: 'tokpost doctor check 42', createTime: 1_780_304_400 - 3_600 };
    const claimed = { id: '7300000000000000004', title: 'tokpost doctor check 42', createTime: 1_780_304_410 };
    expect(matchOnProfile(post, [claimed, old], new Set(['7300000000000000004']))).toEqual({ found: null, why: 'none' });
  });

  it('adopts nothing when two videos match, or when the post has no caption', () => {
    const a = { id: '7300000000000000005', title: 'tokpost doctor check 42', createTime: 1_780_304_405 };
    const b = { id: '7300000000000000006', title: 'tokpost doctor check 42', createTime: 1_780_304_406 };
    expect(matchOnProfile(post, [a, b], new Set())).toEqual({ found: null, why: 'ambiguous' });
    expect(matchOnProfile({ ...post, title: '  ' }, [a], new Set())).toEqual({ found: null, why: 'no_caption' });
  });

  it('matches a caption TikTok cut at 150 characters', () => {
    const long = 'x'.repeat(160);
    const v = { id: '7300000000000000007', title: 'x'.repeat(150), createTime: 1_780_304_401 };
    expect(matchOnProfile({ ...post, title: long }, [v], new Set())).toEqual({ found: v });
  });
});
