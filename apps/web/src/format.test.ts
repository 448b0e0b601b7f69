import { describe, expect, it } from 'vitest';
import { localInputToIso, toLocalInput } from './format.js';

describe('schedule times in the user’s time zone', () => {
  it('reads a datetime-local value as local wall time and sends it as an ISO instant', () => {
    expect(localInputToIso('2026-12-03T09:30')).toBe(new Date(2026, 11, 3, 9, 30).toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a time')).toBeNull();
  });

  it('shows an instant back as the same local wall time', () => {
    expect(toLocalInput(new Date(2026, 11, 3, 9, 5).getTime())).toBe('2026-12-03T09:05');
    expect(toLocalInput(null)).toBe('');
  });
});
