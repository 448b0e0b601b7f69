import { describe, expect, it } from 'vitest';
import { redactPullUrl } from './media-pull.js';

describe('redactPullUrl', () => {
  it('replaces the token segment under the pull path, keeping the rest', () => {
    expect(redactPullUrl('/media/AbC-123_xyz/0', '/media/')).toBe('/media/[token]/0');
    expect(redactPullUrl('/media/AbC-123_xyz/0?x=1', '/media/')).toBe('/media/[token]/0?x=1');
    expect(redactPullUrl('/media/AbC-123_xyz', '/media/')).toBe('/media/[token]');
    expect(redactPullUrl('/media/', '/media/')).toBe('/media/[token]');
  });

  it('leaves other URLs alone', () => {
    expect(redactPullUrl('/api/media/med_1', '/media/')).toBe('/api/media/med_1');
    expect(redactPullUrl('/healthz', '/media/')).toBe('/healthz');
  });
});
