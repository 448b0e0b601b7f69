import { describe, expect, it } from 'vitest';
import { parseBoolean, parseTime, postBody } from './post-fields.js';

describe('postBody', () => {
  it('turns CSV cells into the API body, with the defaults a post needs and no privacy invented', () => {
    expect(
      postBody({ accountId: ' acc_1 ', mediaIds: 'med_1; med_2|med_3', title: 'Hello, world', privacyLevel: 'SELF_ONLY', allowComment: 'yes', allowDuet: '', yourBrand: '1', scheduledAt: '2026-05-01T18:00:00+02:00', publishIfLate: 'no' }, 'row'),
    ).toEqual({
      accountId: 'acc_1',
      mediaIds: ['med_1', 'med_2', 'med_3'],
      title: 'Hello, world',
      privacyLevel: 'SELF_ONLY',
      allowComment: true,
      allowDuet: false,
      allowStitch: false,
      aiGenerated: false,
      disclosure: { yourBrand: true, brandedContent: false },
      scheduledAt: '2026-05-01T16:00:00.000Z',
      publishIfLate: false,
      mode: 'direct',
    });
    expect(postBody({ accountId: 'a', mediaIds: 'm', mode: 'inbox', description: '  ' }, 'row')).toEqual({
      accountId: 'a',
      mediaIds: ['m'],
      mode: 'inbox',
      title: '',
      allowComment: false,
      allowDuet: false,
      allowStitch: false,
      aiGenerated: false,
      disclosure: { yourBrand: false, brandedContent: false },
    });
  });
});

describe('parseTime and parseBoolean', () => {
  it('reads ISO 8601 and +N s/m/h/d, and refuses anything else naming where it was', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseTime('+10m', 'x', now)).toBe('2026-01-01T12:10:00.000Z');
    expect(parseTime('+2h', 'x', now)).toBe('2026-01-01T14:00:00.000Z');
    expect(parseTime('+1d', 'x', now)).toBe('2026-01-02T12:00:00.000Z');
    expect(parseTime('+30s', 'x', now)).toBe('2026-01-01T12:00:30.000Z');
    expect(parseTime('2026-03-04T05:06:07Z', 'x', now)).toBe('2026-03-04T05:06:07.000Z');
    expect(() => parseTime('1767268800000', 'line 4 scheduledAt', now)).toThrow('line 4 scheduledAt: "1767268800000" is not a time');
    expect(() => parseTime('next week', 'x', now)).toThrow('is not a time');
    expect(parseBoolean('TRUE', 'x')).toBe(true);
    expect(parseBoolean('n', 'x')).toBe(false);
    expect(() => parseBoolean('maybe', 'line 2 allowDuet')).toThrow('line 2 allowDuet: "maybe" is not true or false');
  });
});
