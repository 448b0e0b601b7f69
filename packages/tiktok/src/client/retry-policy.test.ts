import { describe, expect, it } from 'vitest';
import { decideRetry } from './retry-policy.js';

describe('decideRetry', () => {
  it('never retries mutations, whatever failed', () => {
    for (const failure of [
      { kind: 'network', requestSent: 'unknown' },
      { kind: 'network', requestSent: false },
      { kind: 'timeout' },
      { kind: 'http', httpStatus: 500, errorClass: 'retryable' },
    ] as const) {
      expect(decideRetry({ operation: 'mutation', attempt: 1, failure, random: 0.5 })).toMatchObject({ retry: false });
    }
  });

  it('retries reads on network failures, timeouts, 5xx and 429 with growing, jittered delays', () => {
    const d1 = decideRetry({ operation: 'read', attempt: 1, failure: { kind: 'timeout' }, random: 0 });
    const d2 = decideRetry({ operation: 'read', attempt: 2, failure: { kind: 'network', requestSent: 'unknown' }, random: 0 });
    const d3 = decideRetry({ operation: 'read', attempt: 3, failure: { kind: 'http', httpStatus: 503, errorClass: 'retryable' }, random: 1 });
    expect(d1).toEqual({ retry: true, delayMs: 250 });
    expect(d2).toEqual({ retry: true, delayMs: 500 });
    expect(d3.retry && d3.delayMs).toBe(2000);
    const limited = decideRetry({ operation: 'read', attempt: 1, failure: { kind: 'http', httpStatus: 429, errorClass: 'retryable' }, random: 0 });
    expect(limited).toEqual({ retry: true, delayMs: 5000 });
  });

  it('spreads concurrent retries: different draws give different delays within [half, full]', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.99].map((random) => {
      const d = decideRetry({ operation: 'read', attempt: 3, failure: { kind: 'timeout' }, random });
      return d.retry ? d.delayMs : -1;
    });
    expect(new Set(delays).size).toBe(5);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
  });

  it('does not retry permanent, reconnect, quota or user-action errors', () => {
    for (const errorClass of ['permanent', 'needs_reconnect', 'quota', 'user_action'] as const) {
      expect(decideRetry({ operation: 'read', attempt: 1, failure: { kind: 'http', httpStatus: 400, errorClass }, random: 0 })).toMatchObject({ retry: false });
    }
  });

  it('never retries an outcome-unknown failure, whatever its HTTP status or operation', () => {
    for (const operation of ['read', 'upload_chunk', 'mutation'] as const) {
      for (const httpStatus of [500, 503, 429, 200]) {
        const d = decideRetry({ operation, attempt: 1, failure: { kind: 'http', httpStatus, errorClass: 'outcome_unknown' }, random: 0 });
        expect({ operation, httpStatus, retry: d.retry }).toEqual({ operation, httpStatus, retry: false });
      }
    }
  });

  it('gives up after maxAttempts and caps the delay', () => {
    expect(decideRetry({ operation: 'read', attempt: 4, failure: { kind: 'timeout' }, random: 0 })).toMatchObject({ retry: false });
    const capped = decideRetry({ operation: 'upload_chunk', attempt: 3, failure: { kind: 'timeout' }, random: 1, options: { maxDelayMs: 1500, maxAttempts: 10 } });
    expect(capped).toEqual({ retry: true, delayMs: 1500 });
  });
});
