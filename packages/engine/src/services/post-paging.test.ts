import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { decodePostCursor, encodePostCursor } from './post-paging.js';

describe('post cursors', () => {
  it('encode the (time, id) of the last post: the scheduled time, else the creation time', () => {
    // base64url of {"v":1,"t":4070908800000,"id":"post_a"}
    expect(encodePostCursor({ id: 'post_a', scheduledAt: 4_070_908_800_000, createdAt: 1 })).toBe('eyJ2IjoxLCJ0Ijo0MDcwOTA4ODAwMDAwLCJpZCI6InBvc3RfYSJ9');
    expect(decodePostCursor('eyJ2IjoxLCJ0Ijo0MDcwOTA4ODAwMDAwLCJpZCI6InBvc3RfYSJ9')).toEqual({ at: 4_070_908_800_000, id: 'post_a' });
    expect(decodePostCursor(encodePostCursor({ id: 'post_b', scheduledAt: null, createdAt: 1_700_000_000_123 }))).toEqual({ at: 1_700_000_000_123, id: 'post_b' });
  });

  it('refuse anything else on the cursor field', () => {
    const bad = ['', 'not a cursor', Buffer.from('{"v":2,"t":1,"id":"x"}').toString('base64url'), Buffer.from('{"v":1,"t":1.5,"id":"x"}').toString('base64url'), Buffer.from('[1]').toString('base64url'), 'x'.repeat(401)];
    for (const cursor of bad) {
      const e = (() => {
        try {
          decodePostCursor(cursor);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, cursor).toBeInstanceOf(EngineError);
      expect((e as EngineError).issues.map((i) => i.field)).toEqual(['cursor']);
    }
  });
});
