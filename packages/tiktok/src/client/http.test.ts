import { describe, expect, it } from 'vitest';
import { TikTokNetworkError } from './errors.js';
import { toNetworkError, transportErrorCode } from './http.js';

const undiciFailure = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });

describe('toNetworkError', () => {
  it('says a refused connection never sent the request, a reset may have', () => {
    expect(toNetworkError(undiciFailure('ECONNREFUSED'), 'video_init', undefined)).toMatchObject({ code: 'network_error', requestSent: false, errorClass: 'retryable' });
    expect(toNetworkError(undiciFailure('ECONNRESET'), 'video_init', undefined)).toMatchObject({ code: 'network_error', requestSent: 'unknown' });
    expect(toNetworkError(new Error('weird'), 'video_init', undefined)).toBeInstanceOf(TikTokNetworkError);
  });

  it('recognises timeouts and rethrows the caller’s own abort', () => {
    expect(toNetworkError(new DOMException('t', 'TimeoutError'), 'status_fetch', undefined)).toMatchObject({ code: 'timeout', requestSent: 'unknown' });
    const ctl = new AbortController();
    ctl.abort(new Error('shutdown'));
    expect(() => toNetworkError(new DOMException('a', 'AbortError'), 'status_fetch', ctl.signal)).toThrow('shutdown');
  });

  it('finds error codes down the cause chain', () => {
    expect(transportErrorCode(undiciFailure('UND_ERR_SOCKET'))).toBe('UND_ERR_SOCKET');
    expect(transportErrorCode(new Error('none'))).toBeUndefined();
  });
});
