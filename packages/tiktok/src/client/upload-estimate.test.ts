import { describe, expect, it } from 'vitest';
import { estimateUpload } from './upload-estimate.js';

describe('estimateUpload', () => {
  const base = { totalBytes: 1_000_000_000, confirmedBytes: 100_000_000, nowMs: 0, windowEndsAt: 3_600_000 };

  it('says it fits when the measured speed finishes well inside the window', () => {
    const e = estimateUpload({ ...base, bytesPerSecond: 10_000_000 });
    expect(e.remainingBytes).toBe(900_000_000);
    expect(e.etaMs).toBe(90_000);
    expect(e.fits).toBe(true);
  });

  it('says it does not fit when the measured speed is too slow (with the safety factor)', () => {
    // 900 MB in 3600 s needs 250 kB/s; with a 1.2 factor, 300 kB/s.
    expect(estimateUpload({ ...base, bytesPerSecond: 260_000 }).fits).toBe(false);
    expect(estimateUpload({ ...base, bytesPerSecond: 310_000 }).fits).toBe(true);
    expect(estimateUpload({ ...base, bytesPerSecond: 260_000, safetyFactor: 1 }).fits).toBe(true);
    expect(estimateUpload({ ...base, bytesPerSecond: 1 }).requiredBytesPerSecond).toBeCloseTo(300_000);
  });

  it('is undecided without a measurement, and false once the window has closed', () => {
    expect(estimateUpload({ ...base, bytesPerSecond: undefined }).fits).toBeUndefined();
    expect(estimateUpload({ ...base, bytesPerSecond: 1e12, nowMs: 3_600_000 }).fits).toBe(false);
    expect(estimateUpload({ ...base, confirmedBytes: base.totalBytes, bytesPerSecond: undefined, nowMs: 4_000_000 }).fits).toBe(true);
  });
});
